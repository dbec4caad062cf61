import {
  Badge,
  Button,
  Tag,
  TagGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { AddRegular, GlobeSearchRegular } from "@fluentui/react-icons";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { Tenant } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useTenantList, useTenantScope } from "../../../lib/tenant-scope";
import { AddTenantDialog } from "./AddTenantDialog";
import { LastSync } from "./LastSync";

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  more: { marginTop: tokens.spacingVerticalM },
  scopeNote: { display: "block", marginBottom: tokens.spacingVerticalM, color: tokens.colorNeutralForeground3 },
});

export function TenantsPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const [scope] = useTenantScope();
  const tenants = useTenantList();
  const [adding, setAdding] = useState(false);
  const permissions = usePermissions();

  const createRefusal = permissions.can("tenants:create") ? null : missingPermission("tenants:create", "anywhere");
  const addButtons = (
    <div className={styles.actions}>
      <GuardedButton
        icon={<GlobeSearchRegular />}
        disabledReason={createRefusal}
        onClick={() => void navigate("/tenants/discover")}
      >
        Discover customers
      </GuardedButton>
      <GuardedButton
        appearance="primary"
        icon={<AddRegular />}
        disabledReason={createRefusal}
        onClick={() => setAdding(true)}
      >
        Add customer tenant
      </GuardedButton>
    </div>
  );
  const shown = (tenants.data?.tenants ?? []).filter((tenant) => scope === null || tenant.id === scope);

  return (
    <>
      <PageHeader
        title="Tenants"
        subtitle={<Text>Your organisation and the customers you manage.</Text>}
        actions={addButtons}
      />
      <AddTenantDialog
        open={adding}
        onOpenChange={setAdding}
        onCreated={(tenant) => void navigate(`/tenants/${tenant.id}`)}
      />
      {scope !== null && <Text className={styles.scopeNote}>Showing the tenant chosen in the tenant switcher.</Text>}
      {tenants.isPending ? (
        <LoadingState label="Loading tenants…" />
      ) : tenants.isError ? (
        <ErrorState error={tenants.error} onRetry={() => void tenants.refetch()} />
      ) : shown.length === 0 ? (
        <EmptyState title="No tenants yet">
          <Text>Add a customer tenant to sync its people from Entra ID.</Text>
        </EmptyState>
      ) : (
        <>
          <TenantTable tenants={shown} />
          {tenants.hasNextPage && (
            <Button
              className={styles.more}
              onClick={() => void tenants.fetchNextPage()}
              disabled={tenants.isFetchingNextPage}
            >
              Load more tenants
            </Button>
          )}
        </>
      )}
    </>
  );
}

function TenantTable({ tenants }: { tenants: Tenant[] }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="Tenants" className={tableStyles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
            <TableHeaderCell>Primary domain</TableHeaderCell>
            <TableHeaderCell>Entra tenant id</TableHeaderCell>
            <TableHeaderCell>Link status</TableHeaderCell>
            <TableHeaderCell>Last sync</TableHeaderCell>
            <TableHeaderCell>Tags</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {tenants.map((tenant) => (
            <TableRow key={tenant.id}>
              <TableCell>
                <RouterLink to={`/tenants/${tenant.id}`}>{tenant.name}</RouterLink>
              </TableCell>
              <TableCell>{tenant.kind === "home" ? "Home (MSP)" : "Customer"}</TableCell>
              <TableCell>{tenant.primaryDomain}</TableCell>
              <TableCell className={mergeClasses(styles.mono, tableStyles.nowrap)}>
                {tenant.entraTenantId ?? "—"}
              </TableCell>
              <TableCell>
                <LinkStatus tenant={tenant} />
              </TableCell>
              <TableCell>
                <LastSync run={tenant.lastSync} />
              </TableCell>
              <TableCell>
                {tenant.tags.length > 0 && (
                  <TagGroup role="list" aria-label={`Tags of ${tenant.name}`} size="extra-small">
                    {tenant.tags.map((tag) => (
                      <Tag key={tag} value={tag} appearance="brand" role="listitem">
                        {tag}
                      </Tag>
                    ))}
                  </TagGroup>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

export function LinkStatus({ tenant }: { tenant: Tenant }) {
  return tenant.linked ? (
    <Badge appearance="tint" color="success">
      Linked
    </Badge>
  ) : (
    <Badge appearance="tint" color="subtle">
      Not linked
    </Badge>
  );
}
