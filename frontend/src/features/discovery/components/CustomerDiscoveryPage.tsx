import {
  Badge,
  Button,
  Checkbox,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toolbar,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { ArrowClockwiseRegular, LinkRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { Customer, CustomerDiscovery, LinkCustomersResult } from "../../../api/types";
import { PageHeader } from "../../../components/PageHeader";
import { RouterLink } from "../../../components/RouterLink";
import { ActionError, EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { useCustomerDiscovery } from "../api/useCustomerDiscovery";
import { useLinkCustomers, type LinkSelection } from "../api/useLinkCustomers";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  toolbar: { gap: tokens.spacingHorizontalS, paddingLeft: 0 },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  secondary: { color: tokens.colorNeutralForeground3 },
  linked: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
});

/**
 * The MSP's customers as Microsoft Graph lists them (GDAP first, the older contracts list as a
 * fallback), with which are linked to a Roster tenant, and links for one, several or all.
 */
export function CustomerDiscoveryPage() {
  const styles = useStyles();
  const discovery = useCustomerDiscovery();
  const link = useLinkCustomers();

  const refresh = (
    <Button icon={<ArrowClockwiseRegular />} disabled={discovery.isFetching} onClick={() => void discovery.refetch()}>
      Read again from Graph
    </Button>
  );

  let body;
  if (discovery.isPending) {
    body = <LoadingState label="Reading customers from Microsoft Graph…" />;
  } else if (discovery.isError) {
    body = <ErrorState error={discovery.error} onRetry={() => void discovery.refetch()} />;
  } else {
    body = <DiscoveryView discovery={discovery.data} pending={link.isPending} onLink={(s) => link.mutate(s)} />;
  }

  return (
    <div className={styles.page}>
      <PageHeader
        title="Customer discovery"
        subtitle={
          <Text>
            The customers of your home tenant, as Microsoft Graph lists them. Linking one creates its tenant in Roster.
          </Text>
        }
        actions={refresh}
      />
      {link.isSuccess && <LinkOutcome result={link.data} />}
      {link.isError && <ActionError error={link.error} title="Linking failed" />}
      {body}
    </div>
  );
}

function DiscoveryView({
  discovery,
  pending,
  onLink,
}: {
  discovery: CustomerDiscovery;
  pending: boolean;
  onLink: (selection: LinkSelection) => void;
}) {
  const styles = useStyles();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const unlinked = discovery.items.filter((customer) => !customer.linked);
  // Customers that got linked since they were selected drop out of the selection.
  const chosen = unlinked.filter((customer) => selected.has(customer.entraTenantId)).map((c) => c.entraTenantId);

  const toggle = (id: string, checked: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (checked) {
        next.add(id);
      } else {
        next.delete(id);
      }
      return next;
    });
  const linkSelected = () => {
    onLink({ tenantIds: chosen });
    setSelected(new Set());
  };

  if (discovery.items.length === 0) {
    return <EmptyAnswer discovery={discovery} />;
  }
  return (
    <>
      <Toolbar aria-label="Link customers" className={styles.toolbar}>
        <Button
          appearance="primary"
          icon={<LinkRegular />}
          disabled={pending || chosen.length === 0}
          onClick={linkSelected}
        >
          {chosen.length > 0 ? `Link ${chosen.length} selected` : "Link selected"}
        </Button>
        <Button disabled={pending || unlinked.length === 0} onClick={() => onLink({ all: true })}>
          Link all {unlinked.length} not linked
        </Button>
      </Toolbar>
      <CustomerTable
        customers={discovery.items}
        selected={selected}
        pending={pending}
        onToggle={toggle}
        onLinkOne={(id) => onLink({ tenantIds: [id] })}
      />
    </>
  );
}

/** Explains an empty list: Graph failed, or listed no customers. Nothing was changed either way. */
function EmptyAnswer({ discovery }: { discovery: CustomerDiscovery }) {
  if (!discovery.warning && !discovery.error) {
    return (
      <EmptyState title="No customers listed">
        <Text>Microsoft Graph lists no customers of your home tenant.</Text>
      </EmptyState>
    );
  }
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>No customers could be listed</MessageBarTitle>
        {discovery.warning}
        {discovery.error && (
          <>
            <br />
            {discovery.error.message}
            {discovery.error.hint && (
              <>
                <br />
                <strong>What to do:</strong> {discovery.error.hint}
              </>
            )}
          </>
        )}
        <br />
        Nothing was linked or unlinked.
      </MessageBarBody>
    </MessageBar>
  );
}

function CustomerTable({
  customers,
  selected,
  pending,
  onToggle,
  onLinkOne,
}: {
  customers: Customer[];
  selected: ReadonlySet<string>;
  pending: boolean;
  onToggle: (id: string, checked: boolean) => void;
  onLinkOne: (id: string) => void;
}) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="Customers" className={tableStyles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>
              <span className={tableStyles.nowrap}>Select</span>
            </TableHeaderCell>
            <TableHeaderCell>Customer</TableHeaderCell>
            <TableHeaderCell>Default domain</TableHeaderCell>
            <TableHeaderCell>Entra tenant id</TableHeaderCell>
            <TableHeaderCell>Relationship</TableHeaderCell>
            <TableHeaderCell>In Roster</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {customers.map((customer) => (
            <TableRow key={customer.entraTenantId}>
              <TableCell>
                {!customer.linked && (
                  <Checkbox
                    aria-label={`Select ${customer.displayName}`}
                    checked={selected.has(customer.entraTenantId)}
                    onChange={(_, data) => onToggle(customer.entraTenantId, data.checked === true)}
                  />
                )}
              </TableCell>
              <TableCell className={tableStyles.nowrap}>{customer.displayName}</TableCell>
              <TableCell>{customer.defaultDomain || "—"}</TableCell>
              <TableCell className={mergeClasses(styles.mono, tableStyles.nowrap)}>{customer.entraTenantId}</TableCell>
              <TableCell>{customer.relationship === "gdap" ? "GDAP" : "Contract"}</TableCell>
              <TableCell className={tableStyles.nowrap}>
                {customer.linked && customer.tenant ? (
                  <span className={styles.linked}>
                    <Badge appearance="tint" color="success">
                      Linked
                    </Badge>
                    <RouterLink to={`/tenants/${customer.tenant.id}`}>{customer.tenant.name}</RouterLink>
                  </span>
                ) : (
                  <Button
                    size="small"
                    icon={<LinkRegular />}
                    disabled={pending}
                    aria-label={`Link ${customer.displayName}`}
                    onClick={() => onLinkOne(customer.entraTenantId)}
                  >
                    Link
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function LinkOutcome({ result }: { result: LinkCustomersResult }) {
  const styles = useStyles();
  if (result.warning) {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Nothing was linked</MessageBarTitle>
          {result.warning}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent={result.linked.length > 0 ? "success" : "info"} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {result.linked.length === 1 ? "Linked 1 customer" : `Linked ${result.linked.length} customers`}
        </MessageBarTitle>
        {result.linked.map((tenant, index) => (
          <span key={tenant.id}>
            {index > 0 && ", "}
            <RouterLink to={`/tenants/${tenant.id}`}>{tenant.name}</RouterLink>
          </span>
        ))}
        {result.linked.length > 0 && (
          <>
            . Their people arrive with the next sync; start one now on the{" "}
            <RouterLink to="/sync-health">Sync health</RouterLink> page.
          </>
        )}
        {result.skipped.length > 0 && (
          <ul className={styles.secondary}>
            {result.skipped.map((skip) => (
              <li key={skip.entraTenantId}>
                Skipped {skip.entraTenantId}: {skip.reason}
              </li>
            ))}
          </ul>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
