import {
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { SyncRun } from "../../../api/types";
import { ErrorState, LoadingState } from "../../../components/states";
import { isActive, useSyncRun } from "../api/syncRuns";
import { SyncStatusBadge } from "./SyncStatusBadge";
import { summariseCounts } from "./syncSummary";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  numbers: { display: "flex", gap: tokens.spacingHorizontalXXL },
});

/** Follows one sync run until it ends, then shows its outcome. */
export function SyncProgress({ runId }: { runId: string }) {
  const run = useSyncRun(runId);

  if (run.isPending) {
    return <LoadingState label="Loading sync progress…" />;
  }
  if (run.isError) {
    return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  }
  return <RunCard run={run.data} />;
}

function RunCard({ run }: { run: SyncRun }) {
  const styles = useStyles();
  const active = isActive(run);
  return (
    <Card role="region" aria-label="Sync progress">
      <CardHeader
        header={<Text weight="semibold">{active ? "Sync in progress" : "Latest sync"}</Text>}
        action={<SyncStatusBadge status={run.status} />}
      />
      <div className={styles.body}>
        {active && (
          <>
            <ProgressBar aria-label="Sync running" />
            <Text>
              {run.status === "queued" ? "Waiting for a worker to start the sync…" : "Reading people from Entra ID…"}
            </Text>
          </>
        )}
        <div className={styles.numbers}>
          <Text>
            Pages read: <strong>{run.pagesRead}</strong>
          </Text>
          <Text>
            People written: <strong>{run.peopleWritten}</strong>
          </Text>
        </div>
        {run.status === "succeeded" && (
          <MessageBar intent="success">
            <MessageBarBody>
              <MessageBarTitle>Sync finished</MessageBarTitle>
              {summariseCounts(run.counts)}.
            </MessageBarBody>
          </MessageBar>
        )}
        {run.status === "failed" && <FailedRun error={run.error} />}
      </div>
    </Card>
  );
}

function FailedRun({ error }: { error: SyncRun["error"] }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Sync failed</MessageBarTitle>
        {error ? error.message : "The sync ended without a recorded error."}
        {error?.hint && (
          <>
            <br />
            <strong>What to do:</strong> {error.hint}
          </>
        )}
      </MessageBarBody>
    </MessageBar>
  );
}
