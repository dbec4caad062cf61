import {
  Button,
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
import { formatDateTime, formatDuration } from "../../../lib/format";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { useSyncRuns } from "../api/syncRuns";
import { SyncStatusBadge } from "./SyncStatusBadge";
import { summariseCounts } from "./syncSummary";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  error: { color: tokens.colorPaletteRedForeground1 },
});

const triggerLabels = { api: "On demand", cli: "Command line", schedule: "Scheduled", retry: "Retry" } as const;

/** The tenant's sync runs, newest first. */
export function SyncHistory({ tenantId }: { tenantId: string }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const runs = useSyncRuns(tenantId);

  let body;
  if (runs.isPending) {
    body = <LoadingState label="Loading sync history…" />;
  } else if (runs.isError) {
    body = <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />;
  } else if (runs.data.length === 0) {
    body = <EmptyState title="No syncs yet">Press "Sync Azure Details" to read this tenant's people.</EmptyState>;
  } else {
    body = (
      <div className={tableStyles.scroll}>
        <Table aria-label="Sync history" size="small" className={tableStyles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Queued</TableHeaderCell>
              <TableHeaderCell>Trigger</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Duration</TableHeaderCell>
              <TableHeaderCell>Pages read</TableHeaderCell>
              <TableHeaderCell>People written</TableHeaderCell>
              <TableHeaderCell>Changes</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {runs.data.map((run) => (
              <TableRow key={run.id}>
                <TableCell>{formatDateTime(run.queuedAt)}</TableCell>
                <TableCell>
                  {triggerLabels[run.trigger]}
                  {run.full ? " (full)" : ""}
                </TableCell>
                <TableCell>
                  <SyncStatusBadge status={run.status} />
                </TableCell>
                <TableCell>
                  {run.startedAt && run.finishedAt ? formatDuration(run.startedAt, run.finishedAt) : "—"}
                </TableCell>
                <TableCell>{run.pagesRead}</TableCell>
                <TableCell>{run.peopleWritten}</TableCell>
                <TableCell>
                  {run.status === "failed" ? (
                    <Text className={styles.error}>{run.error?.message ?? "Failed"}</Text>
                  ) : (
                    summariseCounts(run.counts)
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    );
  }

  return (
    <section className={styles.section} aria-labelledby="sync-history-heading">
      <Text as="h2" id="sync-history-heading" weight="semibold" size={400}>
        Sync history
      </Text>
      {body}
      {runs.hasNextPage && (
        <div>
          <Button onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
            Show older runs
          </Button>
        </div>
      )}
    </section>
  );
}
