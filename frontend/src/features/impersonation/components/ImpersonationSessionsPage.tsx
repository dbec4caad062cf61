import {
  Badge,
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
import type { ImpersonationSession } from "../../../api/types";
import { PageHeader } from "../../../components/PageHeader";
import { Pager } from "../../../components/Pager";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { formatDateTime } from "../../../lib/format";
import { usePermissions } from "../../../lib/permissions";
import { useCursorStack } from "../../../lib/useCursorStack";
import { useImpersonationSessions } from "../api/useImpersonationSessions";
import { formatSeconds } from "./duration";

const useStyles = makeStyles({
  stale: { opacity: 0.6 },
  reason: { display: "block", maxWidth: "320px", overflowWrap: "anywhere" },
  secondary: { color: tokens.colorNeutralForeground3 },
});

/** Every impersonation session the caller may see: who impersonated whom, why, when and how long. */
export function ImpersonationSessionsPage() {
  const styles = useStyles();
  const pager = useCursorStack("sessions");
  const sessions = useImpersonationSessions(pager.cursor);

  let body;
  if (sessions.isPending) {
    body = <LoadingState label="Loading impersonation sessions…" />;
  } else if (sessions.isError) {
    body = <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  } else if (sessions.data.items.length === 0) {
    body = (
      <EmptyState title="No impersonation sessions yet">
        <Text>Sessions appear here once an administrator impersonates a user.</Text>
      </EmptyState>
    );
  } else {
    body = (
      <>
        <div className={sessions.isPlaceholderData ? styles.stale : undefined}>
          <SessionTable sessions={sessions.data.items} />
        </div>
        <Pager
          page={pager.page}
          hasPrevious={pager.hasPrevious}
          nextCursor={sessions.data.nextCursor}
          busy={sessions.isPlaceholderData}
          onPrevious={pager.previous}
          onNext={pager.next}
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Impersonation sessions"
        subtitle={<Text>Who saw Roster as another user, why, when and for how long.</Text>}
      />
      {body}
    </>
  );
}

function SessionTable({ sessions }: { sessions: ImpersonationSession[] }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const permissions = usePermissions();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="Impersonation sessions" className={tableStyles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Impersonator</TableHeaderCell>
            <TableHeaderCell className={tableStyles.nowrap}>Impersonated user</TableHeaderCell>
            <TableHeaderCell>Reason</TableHeaderCell>
            <TableHeaderCell>Started</TableHeaderCell>
            <TableHeaderCell>Length</TableHeaderCell>
            <TableHeaderCell>Mode</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Audit trail</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {sessions.map((session) => (
            <TableRow key={session.id}>
              <TableCell className={tableStyles.nowrap}>{session.impersonatorName || session.impersonatorId}</TableCell>
              <TableCell className={tableStyles.nowrap}>
                <RouterLink to={`/users/${session.targetUserId}`}>{session.targetName}</RouterLink>
              </TableCell>
              <TableCell>
                <span className={styles.reason}>{session.reason}</span>
              </TableCell>
              <TableCell className={tableStyles.nowrap}>{formatDateTime(session.startedAt)}</TableCell>
              <TableCell className={tableStyles.nowrap}>{formatSeconds(session.durationSeconds)}</TableCell>
              <TableCell className={tableStyles.nowrap}>{session.mode === "full" ? "Full" : "Read-only"}</TableCell>
              <TableCell>
                <SessionStatus session={session} />
              </TableCell>
              <TableCell className={tableStyles.nowrap}>
                {permissions.can("audit:read", session.tenantId) ? (
                  <RouterLink to={`/audit?sessionId=${session.id}`}>Requests</RouterLink>
                ) : (
                  <Text className={styles.secondary}>—</Text>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

function SessionStatus({ session }: { session: ImpersonationSession }) {
  if (session.active) {
    return (
      <Badge appearance="tint" color="warning">
        Active until {formatDateTime(session.expiresAt)}
      </Badge>
    );
  }
  const ended = session.endedAt ?? session.expiresAt;
  return (
    <Text>
      Ended {formatDateTime(ended)}
      {session.endReason ? `: ${session.endReason}` : ""}
    </Text>
  );
}
