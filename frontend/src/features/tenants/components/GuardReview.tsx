import {
  Badge,
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { CheckmarkRegular, DismissRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { PendingChange, SyncRun } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { Pager } from "../../../components/Pager";
import { RouterLink } from "../../../components/RouterLink";
import { ActionError, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { formatDateTime } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useCursorStack } from "../../../lib/useCursorStack";
import { useDecideSyncRun } from "../api/useDecideSyncRun";
import { usePendingChanges } from "../api/usePendingChanges";

const useStyles = makeStyles({
  card: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalM },
  stale: { opacity: 0.6 },
  secondary: { color: tokens.colorNeutralForeground3 },
  danger: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    ":hover": { backgroundColor: tokens.colorPaletteRedForeground1 },
  },
});

/** Returns "3 people" or "1 person". */
function people(count: number): string {
  return count === 1 ? "1 person" : `${count} people`;
}

/**
 * The review of a sync run that the guard stopped: how many people it would disable or remove,
 * who they are, page by page, and Confirm (after a second question) or Discard.
 */
export function GuardReview({ run, onDecided }: { run: SyncRun; onDecided: (run: SyncRun) => void }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const decide = useDecideSyncRun(run.id);
  const [confirming, setConfirming] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  // The decision refetches the tenant, and its new last run unmounts this review before a
  // per-call onSuccess could run. The promise resolves all the same, so the parent learns the
  // outcome. A failure stays in decide.error, shown below.
  const decideThenReport = (decision: "confirm" | "discard") =>
    void decide.mutateAsync(decision).then(onDecided, () => undefined);
  // The confirmation is sent once its dialog has finished closing, because this review unmounts
  // when the run is decided and a modal dialog unmounted while open leaves the page aria-hidden.
  const handleClosed = () => {
    if (confirmed) {
      setConfirmed(false);
      decideThenReport("confirm");
    }
  };
  const pending = run.pending ?? { disable: 0, remove: 0, people: 0 };
  const refusal = permissions.can("sync:confirm", run.tenantId) ? null : missingPermission("sync:confirm");

  return (
    <Card role="region" aria-label="Sync awaiting confirmation" className={styles.card}>
      <CardHeader
        header={<Text weight="semibold">Sync stopped for confirmation</Text>}
        action={
          <Badge appearance="tint" color="warning">
            Needs confirmation
          </Badge>
        }
      />
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>
            This sync would remove {pending.remove} and disable {pending.disable} of the tenant's{" "}
            {people(pending.people)}
          </MessageBarTitle>
          That is more than the guard allows, so the sync applied nothing else and waits for a decision. An empty or
          partial answer from Entra ID looks like this; check the directory before you confirm. Stopped{" "}
          {formatDateTime(run.finishedAt ?? run.startedAt)}.
        </MessageBarBody>
      </MessageBar>
      <PendingChanges runId={run.id} />
      {decide.isError && <ActionError error={decide.error} />}
      <div className={styles.actions}>
        <GuardedButton
          icon={<CheckmarkRegular />}
          disabled={decide.isPending}
          disabledReason={refusal}
          onClick={() => setConfirming(true)}
        >
          Confirm and apply
        </GuardedButton>
        <GuardedButton
          appearance="primary"
          icon={<DismissRegular />}
          disabled={decide.isPending}
          disabledReason={refusal}
          onClick={() => decideThenReport("discard")}
        >
          Discard
        </GuardedButton>
      </div>
      <Text size={200} className={styles.secondary}>
        Discard applies nothing: the next sync reads the same changes and stops again unless the directory was fixed.
      </Text>
      <Dialog
        open={confirming}
        onOpenChange={(_, data) => setConfirming(data.open)}
        surfaceMotion={{ onMotionFinish: (_, data) => data.direction === "exit" && handleClosed() }}
      >
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Apply these changes?</DialogTitle>
            <DialogContent>
              {people(pending.remove)} will be marked as removed and {people(pending.disable)} disabled. Their Roster
              users are suspended at once. The audit trail records that you confirmed.
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button appearance="secondary">Cancel</Button>
              </DialogTrigger>
              <Button
                appearance="primary"
                className={styles.danger}
                disabled={decide.isPending}
                onClick={() => {
                  setConfirmed(true);
                  setConfirming(false);
                }}
              >
                Apply changes
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Card>
  );
}

const changeLabels: Record<PendingChange["change"], string> = { disable: "Disable", remove: "Remove" };

const statusLabels: Record<PendingChange["status"], string> = {
  enabled: "Enabled",
  disabled: "Disabled",
  removed: "Removed",
};

function PendingChanges({ runId }: { runId: string }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const pager = useCursorStack(runId);
  const changes = usePendingChanges(runId, pager.cursor);

  if (changes.isPending) {
    return <LoadingState label="Loading who would go…" />;
  }
  if (changes.isError) {
    return <ErrorState error={changes.error} onRetry={() => void changes.refetch()} />;
  }
  return (
    <>
      <div className={`${tableStyles.scroll} ${changes.isPlaceholderData ? styles.stale : ""}`}>
        <Table aria-label="Who would go" size="small" className={tableStyles.table}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Change</TableHeaderCell>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>User principal name</TableHeaderCell>
              <TableHeaderCell>Job title</TableHeaderCell>
              <TableHeaderCell>Department</TableHeaderCell>
              <TableHeaderCell>Now</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {changes.data.items.map((change) => (
              <TableRow key={change.personId}>
                <TableCell>
                  <Badge appearance="tint" color={change.change === "remove" ? "danger" : "warning"}>
                    {changeLabels[change.change]}
                  </Badge>
                </TableCell>
                <TableCell className={tableStyles.nowrap}>
                  <RouterLink to={`/people/${change.personId}`}>{change.displayName}</RouterLink>
                  {change.guest && <Text className={styles.secondary}> (guest)</Text>}
                </TableCell>
                <TableCell>{change.userPrincipalName || "—"}</TableCell>
                <TableCell>{change.jobTitle || "—"}</TableCell>
                <TableCell>{change.department || "—"}</TableCell>
                <TableCell>{statusLabels[change.status]}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={changes.data.nextCursor}
        busy={changes.isPlaceholderData}
        onPrevious={pager.previous}
        onNext={pager.next}
      />
    </>
  );
}

/** The outcome of a decision on a run that stopped for confirmation. */
export function GuardDecision({ run }: { run: SyncRun }) {
  const pending = run.pending ?? { disable: 0, remove: 0, people: 0 };
  if (run.status === "discarded") {
    return (
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Sync discarded</MessageBarTitle>
          Nothing was removed or disabled. The next sync reads the same changes and stops again unless the directory was
          fixed.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="success" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Changes applied</MessageBarTitle>
        {people(pending.remove)} marked as removed and {people(pending.disable)} disabled.
      </MessageBarBody>
    </MessageBar>
  );
}
