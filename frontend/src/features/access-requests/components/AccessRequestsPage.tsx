import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CheckmarkRegular, DismissRegular } from "@fluentui/react-icons";
import { useState, type KeyboardEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import type { AccessRequest, AccessRequestStatus } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { Pager } from "../../../components/Pager";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { formatDateTime, formatRelative } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useTenantScope } from "../../../lib/tenant-scope";
import { useCursorStack } from "../../../lib/useCursorStack";
import type { AccessRequestsFilter } from "../api/keys";
import { useAccessRequests } from "../api/useAccessRequests";
import { useDenyAccessRequest } from "../api/useDecideAccessRequest";
import { AccessRequestFilters, accessRequestStatuses, ageFilters, type AgeFilter } from "./AccessRequestFilters";
import { AccessRequestStatusBadge } from "./AccessRequestStatusBadge";
import { describeDecision } from "./decision";
import { DenyRequestDialog } from "./DenyRequestDialog";
import { GrantRequestDialog } from "./GrantRequestDialog";
import { decidePermission } from "./GrantRequestForm";

const useStyles = makeStyles({
  stale: { opacity: 0.6 },
  secondary: { color: tokens.colorNeutralForeground3 },
  truncate: {
    display: "block",
    maxWidth: "320px",
    overflow: "hidden",
    textOverflow: "ellipsis",
    whiteSpace: "nowrap",
  },
  row: {
    ":focus-visible": {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: "-2px",
    },
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/** The status parameter's value for "any status"; without the parameter the queue shows pending requests. */
const anyStatusParam = "any";

/**
 * The review queue: requests of the tenants where the caller may read them, filtered by status
 * (pending by default), tenant and age, oldest first. Each row takes focus: Enter opens the
 * request, the arrow keys move between rows, and Grant and Deny act on a pending request in place.
 */
export function AccessRequestsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const [tenantId, setTenantId] = useTenantScope();
  const statusParam = searchParams.get("status");
  const ageParam = searchParams.get("age");
  const age: AgeFilter = ageParam && ageParam in ageFilters ? (ageParam as AgeFilter) : "any";
  const filter: AccessRequestsFilter = {
    status: statusParam === null ? "pending" : (accessRequestStatuses.find((status) => status === statusParam) ?? null),
    tenantId,
    olderThan: ageFilters[age].olderThan,
    newerThan: ageFilters[age].newerThan,
    oldestFirst: searchParams.get("order") !== "newest",
  };

  const setParam = (name: string, value: string | null) =>
    setSearchParams((current) => {
      const params = new URLSearchParams(current);
      if (value) {
        params.set(name, value);
      } else {
        params.delete(name);
      }
      return params;
    });

  const pager = useCursorStack(JSON.stringify(filter));
  const requests = useAccessRequests(filter, pager.cursor);

  return (
    <>
      <PageHeader
        title="Access requests"
        subtitle={<Text>People who signed in without access and asked for it. Grant or deny each request.</Text>}
      />
      <AccessRequestFilters
        status={filter.status}
        onStatusChange={(status: AccessRequestStatus | null) => setParam("status", status ?? anyStatusParam)}
        tenantId={tenantId}
        onTenantChange={setTenantId}
        age={age}
        onAgeChange={(next) => setParam("age", next === "any" ? null : next)}
        oldestFirst={filter.oldestFirst}
        onOldestFirstChange={(oldestFirst) => setParam("order", oldestFirst ? null : "newest")}
      />
      {requests.isPending ? (
        <LoadingState label="Loading access requests…" />
      ) : requests.isError ? (
        <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />
      ) : requests.data.items.length === 0 ? (
        <EmptyState title={filter.status === "pending" ? "No pending requests" : "No access requests found"}>
          <Text>
            {filter.status === "pending"
              ? "Nobody is waiting for a decision. New requests appear here as they arrive."
              : "No request matches these filters. Change or clear them."}
          </Text>
        </EmptyState>
      ) : (
        <>
          <QueueTable requests={requests.data.items} stale={requests.isPlaceholderData} />
          <Pager
            page={pager.page}
            hasPrevious={pager.hasPrevious}
            nextCursor={requests.data.nextCursor}
            busy={requests.isPlaceholderData}
            onPrevious={pager.previous}
            onNext={pager.next}
          />
        </>
      )}
    </>
  );
}

function QueueTable({ requests, stale }: { requests: AccessRequest[]; stale: boolean }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const [granting, setGranting] = useState<AccessRequest | null>(null);
  const [denying, setDenying] = useState<AccessRequest | null>(null);
  const deny = useDenyAccessRequest();
  const now = new Date();

  const handleRowKey = (event: KeyboardEvent<HTMLTableRowElement>, request: AccessRequest) => {
    // Keys pressed on a link or button inside the row belong to that control.
    if (event.target !== event.currentTarget) {
      return;
    }
    const row = event.currentTarget;
    const sibling = { ArrowDown: row.nextElementSibling, ArrowUp: row.previousElementSibling }[event.key];
    if (event.key === "Enter") {
      event.preventDefault();
      void navigate(`/access-requests/${request.id}`);
    } else if (sibling instanceof HTMLElement) {
      event.preventDefault();
      sibling.focus();
    }
  };

  return (
    <div className={stale ? styles.stale : undefined} aria-busy={stale}>
      <div className={tableStyles.scroll}>
        <Table aria-label="Access requests" size="small" className={tableStyles.table}>
          <TableHeader>
            <TableRow className={tableStyles.nowrap}>
              <TableHeaderCell>Requester</TableHeaderCell>
              <TableHeaderCell>Tenant</TableHeaderCell>
              <TableHeaderCell>Asked</TableHeaderCell>
              <TableHeaderCell>Justification</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Decision</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {requests.map((request) => {
              const refusal = permissions.can(decidePermission, request.tenantId)
                ? null
                : missingPermission(decidePermission);
              return (
                <TableRow
                  key={request.id}
                  tabIndex={0}
                  className={styles.row}
                  onKeyDown={(event) => handleRowKey(event, request)}
                >
                  <TableCell>
                    <RouterLink to={`/access-requests/${request.id}`}>{request.displayName}</RouterLink>
                    <Text size={200} block className={styles.secondary}>
                      {request.userPrincipalName}
                    </Text>
                  </TableCell>
                  <TableCell className={tableStyles.nowrap}>{request.tenantName}</TableCell>
                  <TableCell className={tableStyles.nowrap}>
                    <span title={formatDateTime(request.createdAt)}>{formatRelative(request.createdAt, now)}</span>
                  </TableCell>
                  <TableCell>
                    {request.justification ? (
                      <span className={styles.truncate} title={request.justification}>
                        {request.justification}
                      </span>
                    ) : (
                      <span className={styles.secondary}>None given</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <AccessRequestStatusBadge status={request.status} />
                  </TableCell>
                  <TableCell>
                    {request.status === "pending" ? (
                      <div className={styles.actions}>
                        <GuardedButton
                          size="small"
                          icon={<CheckmarkRegular />}
                          aria-label={`Grant access to ${request.displayName}`}
                          disabledReason={refusal}
                          onClick={() => setGranting(request)}
                        >
                          Grant…
                        </GuardedButton>
                        <GuardedButton
                          size="small"
                          icon={<DismissRegular />}
                          aria-label={`Deny the request from ${request.displayName}`}
                          disabledReason={refusal}
                          onClick={() => setDenying(request)}
                        >
                          Deny…
                        </GuardedButton>
                      </div>
                    ) : (
                      <Text size={200}>{describeDecision(request)}</Text>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      {granting && <GrantRequestDialog request={granting} open onOpenChange={(open) => !open && setGranting(null)} />}
      {denying && (
        <DenyRequestDialog request={denying} deny={deny} open onOpenChange={(open) => !open && setDenying(null)} />
      )}
    </div>
  );
}
