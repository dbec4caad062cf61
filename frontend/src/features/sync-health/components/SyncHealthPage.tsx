import {
  Badge,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
} from "@fluentui/react-components";
import { ArrowSyncRegular } from "@fluentui/react-icons";
import type { SyncHealth, SyncHealthList, SyncHealthState, SyncRun } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { RouterLink } from "../../../components/RouterLink";
import { ActionError, EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { formatDateTime, formatRelative } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useSyncAll } from "../api/useSyncAll";
import { useSyncHealth } from "../api/useSyncHealth";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  counts: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  cell: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS, minWidth: "180px" },
  line: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  secondary: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  error: { color: tokens.colorPaletteRedForeground1, overflowWrap: "anywhere" },
  hint: { overflowWrap: "anywhere" },
});

const states: Record<SyncHealthState, { label: string; color: BadgeProps["color"] }> = {
  needs_confirmation: { label: "Needs confirmation", color: "warning" },
  failing: { label: "Failing", color: "danger" },
  stale: { label: "Stale", color: "severe" },
  running: { label: "Running", color: "brand" },
  ok: { label: "OK", color: "success" },
};

const runStatusLabels: Record<SyncRun["status"], string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  needs_confirmation: "Stopped for confirmation",
  discarded: "Discarded",
};

/**
 * Sync health of every linked tenant, most urgent first: runs waiting for a decision, failing
 * tenants, stale ones, running ones with their live progress, and the healthy rest.
 */
export function SyncHealthPage() {
  const styles = useStyles();
  const health = useSyncHealth();
  const syncAll = useSyncAll();
  const permissions = usePermissions();

  const syncAllButton = (
    <GuardedButton
      appearance="primary"
      icon={<ArrowSyncRegular />}
      disabled={syncAll.isPending}
      disabledReason={permissions.can("sync:run") ? null : missingPermission("sync:run", "anywhere")}
      onClick={() => syncAll.mutate()}
    >
      Sync all now
    </GuardedButton>
  );

  let body;
  if (health.isPending) {
    body = <LoadingState label="Loading sync health…" />;
  } else if (health.isError) {
    body = <ErrorState error={health.error} onRetry={() => void health.refetch()} />;
  } else if (health.data.items.length === 0) {
    body = (
      <EmptyState title="No linked tenants">
        <Text>Link customer tenants to Entra ID to sync their people.</Text>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <StateCounts list={health.data} />
        <HealthTable items={health.data.items} />
      </>
    );
  }

  return (
    <div className={styles.page}>
      <PageHeader
        title="Sync health"
        subtitle={<Text>The directory sync of every linked tenant, most urgent first.</Text>}
        actions={syncAllButton}
      />
      {health.data && <GuardNote list={health.data} />}
      {syncAll.isSuccess && (
        <MessageBar intent="success">
          <MessageBarBody>
            <MessageBarTitle>Syncs started</MessageBarTitle>
            {syncAll.data.items.length === 1
              ? "1 tenant is syncing or waiting for a decision."
              : `${syncAll.data.items.length} tenants are syncing or waiting for a decision.`}
          </MessageBarBody>
        </MessageBar>
      )}
      {syncAll.isError && <ActionError error={syncAll.error} />}
      {body}
    </div>
  );
}

function GuardNote({ list }: { list: SyncHealthList }) {
  const styles = useStyles();
  const hours = Math.round(list.staleAfterSeconds / 360) / 10;
  return (
    <Text className={styles.secondary}>
      A sync stops for confirmation when it would disable or remove more than {list.guard.percent}% and more than{" "}
      {list.guard.min} of a tenant's people. A tenant counts as stale after {hours} hours without a successful sync.
    </Text>
  );
}

function StateCounts({ list }: { list: SyncHealthList }) {
  const styles = useStyles();
  return (
    <div className={styles.counts} role="group" aria-label="Tenants by state">
      {(Object.keys(states) as SyncHealthState[]).map((state) => (
        <Badge key={state} appearance={list.counts[state] ? "filled" : "outline"} color={states[state].color}>
          {states[state].label}: {list.counts[state] ?? 0}
        </Badge>
      ))}
    </div>
  );
}

function HealthTable({ items }: { items: SyncHealth[] }) {
  const tableStyles = useDataTableStyles();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="Sync health" className={tableStyles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Tenant</TableHeaderCell>
            <TableHeaderCell>State</TableHeaderCell>
            <TableHeaderCell>Latest run</TableHeaderCell>
            <TableHeaderCell>Progress or outcome</TableHeaderCell>
            <TableHeaderCell>Last success</TableHeaderCell>
            <TableHeaderCell>What to do</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((item) => (
            <TableRow key={item.tenantId}>
              <TableCell className={tableStyles.nowrap}>
                <RouterLink to={`/tenants/${item.tenantId}`}>{item.tenantName || item.tenantId}</RouterLink>
              </TableCell>
              <TableCell className={tableStyles.nowrap}>
                <Badge appearance="tint" color={states[item.state].color}>
                  {states[item.state].label}
                </Badge>
              </TableCell>
              <TableCell>
                <LatestRun run={item.lastRun} />
              </TableCell>
              <TableCell>
                <Progress run={item.lastRun} />
              </TableCell>
              <TableCell className={tableStyles.nowrap}>
                {item.lastSuccessAt ? (
                  <time dateTime={item.lastSuccessAt} title={formatDateTime(item.lastSuccessAt)}>
                    {formatRelative(item.lastSuccessAt)}
                  </time>
                ) : (
                  "Never"
                )}
              </TableCell>
              <TableCell>
                <NextStep item={item} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function LatestRun({ run }: { run: SyncRun | null }) {
  const styles = useStyles();
  if (!run) {
    return <Text className={styles.secondary}>Never synced</Text>;
  }
  const time = run.finishedAt ?? run.startedAt ?? run.queuedAt;
  return (
    <span className={styles.cell}>
      <Text>{runStatusLabels[run.status]}</Text>
      <time className={styles.secondary} dateTime={time} title={formatDateTime(time)}>
        {formatRelative(time)}
      </time>
    </span>
  );
}

function Progress({ run }: { run: SyncRun | null }) {
  const styles = useStyles();
  if (!run) {
    return <Text className={styles.secondary}>—</Text>;
  }
  const pages = run.pagesRead === 1 ? "1 page" : `${run.pagesRead} pages`;
  const numbers = `${pages} read, ${run.peopleWritten} people written`;
  if (run.status === "queued" || run.status === "running") {
    return (
      <span className={styles.cell}>
        <ProgressBar aria-label={`Sync progress`} />
        <Text size={200}>{run.status === "queued" ? "Waiting for a worker…" : numbers}</Text>
      </span>
    );
  }
  if (run.pending) {
    return (
      <Text>
        Would remove {run.pending.remove} and disable {run.pending.disable} of {run.pending.people} people
      </Text>
    );
  }
  return <Text>{numbers}</Text>;
}

function NextStep({ item }: { item: SyncHealth }) {
  const styles = useStyles();
  switch (item.state) {
    case "needs_confirmation":
      return <RouterLink to={`/tenants/${item.tenantId}`}>Review who would go</RouterLink>;
    case "failing":
      return (
        <span className={styles.cell}>
          <Text className={styles.error}>{item.lastRun?.error?.message ?? "The latest sync failed."}</Text>
          {item.lastRun?.error?.hint && <Text className={styles.hint}>{item.lastRun.error.hint}</Text>}
          <Text className={styles.secondary}>
            {item.consecutiveFailures === 1 ? "1 failure" : `${item.consecutiveFailures} failures in a row`}; retried
            with backoff.
          </Text>
        </span>
      );
    case "stale":
      return item.lastRun ? (
        <Text>No successful sync for a while. Open the tenant and sync it, or check its errors.</Text>
      ) : (
        <Text>Never synced. Open the tenant and sync it.</Text>
      );
    default:
      return <Text className={styles.secondary}>—</Text>;
  }
}
