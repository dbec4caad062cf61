import { Text, makeStyles, tokens } from "@fluentui/react-components";
import { Pager } from "../../../components/Pager";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useCursorStack } from "../../../lib/useCursorStack";
import { emptyAuditFilter } from "../api/keys";
import { useAuditEvents } from "../api/useAuditEvents";
import { AuditEventTable } from "./AuditEventTable";

const useStyles = makeStyles({
  activity: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  stale: { opacity: 0.6 },
});

const activityPageSize = 20;

/**
 * The audit events whose target is one object, such as a user or a person, newest first. It
 * needs audit:read in the object's tenant.
 */
export function TargetActivity({
  targetId,
  targetName,
  tenantId,
}: {
  targetId: string;
  targetName: string;
  tenantId: string;
}) {
  const styles = useStyles();
  const permissions = usePermissions();

  if (!permissions.can("audit:read", tenantId)) {
    return <Text>{missingPermission("audit:read")}</Text>;
  }
  const link = `/audit?${new URLSearchParams({ targetId, targetName }).toString()}`;
  return (
    <div className={styles.activity}>
      <ActivityList targetId={targetId} targetName={targetName} />
      <Text>
        <RouterLink to={link}>Search and export these events in the audit trail</RouterLink>
      </Text>
    </div>
  );
}

function ActivityList({ targetId, targetName }: { targetId: string; targetName: string }) {
  const styles = useStyles();
  const filter = { ...emptyAuditFilter, targetId };
  const pager = useCursorStack(targetId);
  const events = useAuditEvents(filter, pager.cursor, { pageSize: activityPageSize });

  if (events.isPending) {
    return <LoadingState label="Loading activity…" />;
  }
  if (events.isError) {
    return <ErrorState error={events.error} onRetry={() => void events.refetch()} />;
  }
  if (events.data.items.length === 0) {
    return <EmptyState title="No activity recorded">Changes to {targetName} will appear here.</EmptyState>;
  }
  return (
    <>
      <div className={events.isPlaceholderData ? styles.stale : undefined}>
        <AuditEventTable label={`Activity of ${targetName}`} events={events.data.items} columns={[]} />
      </div>
      <Pager
        page={pager.page}
        hasPrevious={pager.hasPrevious}
        nextCursor={events.data.nextCursor}
        busy={events.isPlaceholderData}
        onPrevious={pager.previous}
        onNext={pager.next}
      />
    </>
  );
}
