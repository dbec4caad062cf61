import { Card, CardHeader, Text, makeStyles, tokens } from "@fluentui/react-components";
import { ArrowSyncRegular } from "@fluentui/react-icons";
import { useState } from "react";
import type { SyncRun, Tenant } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { ErrorState } from "../../../components/states";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { isActive, useStartSync } from "../api/syncRuns";
import { ConsentCheck } from "./ConsentCheck";
import { GuardDecision, GuardReview } from "./GuardReview";
import { SyncHistory } from "./SyncHistory";
import { SyncProgress } from "./SyncProgress";

const useStyles = makeStyles({
  tab: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, paddingTop: tokens.spacingVerticalL },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, fontFamily: tokens.fontFamilyMonospace },
  actions: { display: "flex", gap: tokens.spacingHorizontalM, alignItems: "center" },
});

/**
 * The tenant's Entra ID link: its ids, a button to sync now, a consent check, the current run,
 * the review of a run that stopped for confirmation, and the history.
 */
export function AzureTab({ tenant }: { tenant: Tenant }) {
  const styles = useStyles();
  const startSync = useStartSync(tenant.id);
  const permissions = usePermissions();
  // The run to follow: the one this page started, else one still active from before.
  const [startedRunId, setStartedRunId] = useState<string | null>(null);
  const activeRunId = tenant.lastSync && isActive(tenant.lastSync) ? tenant.lastSync.id : null;
  const followedRunId = startedRunId ?? activeRunId;
  const [decidedRun, setDecidedRun] = useState<SyncRun | null>(null);

  const handleSync = () => {
    setDecidedRun(null);
    startSync.mutate(undefined, { onSuccess: (run) => setStartedRunId(run.id) });
  };

  return (
    <div className={styles.tab}>
      <Card>
        <CardHeader header={<Text weight="semibold">Entra ID</Text>} />
        <dl className={styles.facts}>
          <dt className={styles.term}>Entra tenant id</dt>
          <dd className={styles.value}>{tenant.entraTenantId ?? "Not linked"}</dd>
          <dt className={styles.term}>Primary domain</dt>
          <dd className={styles.value}>{tenant.primaryDomain || "—"}</dd>
        </dl>
        <div className={styles.actions}>
          <GuardedButton
            appearance="primary"
            icon={<ArrowSyncRegular />}
            onClick={handleSync}
            disabled={!tenant.linked || startSync.isPending}
            disabledReason={permissions.can("sync:run", tenant.id) ? null : missingPermission("sync:run")}
          >
            Sync Azure Details
          </GuardedButton>
          {!tenant.linked && <Text>Link this tenant to an Entra tenant to sync its people.</Text>}
        </div>
        {startSync.isError && <ErrorState error={startSync.error} />}
        {tenant.linked && <ConsentCheck tenant={tenant} />}
      </Card>
      {followedRunId && <SyncProgress runId={followedRunId} />}
      {tenant.lastSync?.status === "needs_confirmation" && (
        <GuardReview run={tenant.lastSync} onDecided={setDecidedRun} />
      )}
      {decidedRun && <GuardDecision run={decidedRun} />}
      {permissions.can("sync:read", tenant.id) ? (
        <SyncHistory tenantId={tenant.id} />
      ) : (
        <Text>{missingPermission("sync:read")}</Text>
      )}
    </div>
  );
}
