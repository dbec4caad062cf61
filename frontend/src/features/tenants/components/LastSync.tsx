import { Text, makeStyles, tokens } from "@fluentui/react-components";
import type { SyncRun } from "../../../api/types";
import { formatDateTime, formatRelative } from "../../../lib/format";
import { SyncStatusBadge } from "./SyncStatusBadge";
import { summariseCounts } from "./syncSummary";

const useStyles = makeStyles({
  cell: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  line: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  counts: { color: tokens.colorNeutralForeground3 },
});

/** A tenant's last sync: when, its outcome and what it changed. */
export function LastSync({ run }: { run: SyncRun | null }) {
  const styles = useStyles();
  if (!run) {
    return <Text className={styles.counts}>Never synced</Text>;
  }

  const time = run.finishedAt ?? run.startedAt ?? run.queuedAt;
  return (
    <div className={styles.cell}>
      <span className={styles.line}>
        <SyncStatusBadge status={run.status} />
        <time dateTime={time} title={formatDateTime(time)}>
          {formatRelative(time)}
        </time>
      </span>
      <Text size={200} className={styles.counts}>
        {run.status === "failed" ? (run.error?.message ?? "Failed") : summariseCounts(run.counts)}
      </Text>
    </div>
  );
}
