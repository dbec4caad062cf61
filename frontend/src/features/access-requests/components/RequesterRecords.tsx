import {
  Badge,
  Card,
  CardHeader,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import type { AccessRequestDetail, Person, User } from "../../../api/types";
import { RouterLink } from "../../../components/RouterLink";
import { useDataTableStyles } from "../../../components/tableStyles";
import { formatDateTime } from "../../../lib/format";
import { usePermissions } from "../../../lib/permissions";
import { AccessRequestStatusBadge } from "./AccessRequestStatusBadge";
import { describeDecision } from "./decision";

const useStyles = makeStyles({
  facts: {
    display: "grid",
    gridTemplateColumns: "minmax(140px, max-content) 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  secondary: { color: tokens.colorNeutralForeground3 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  cardTitle: { margin: 0 },
});

const userStatusColors = {
  active: "success",
  disabled: "danger",
  suspended: "warning",
  expired: "subtle",
} as const satisfies Record<User["status"], string>;

const userStatusLabels: Record<User["status"], string> = {
  active: "Active",
  disabled: "Disabled",
  suspended: "Suspended",
  expired: "Expired",
};

/**
 * What Roster records of the requester, as far as the reviewer may read it: the synced person,
 * their current user (such as one whose access expired), earlier removals and earlier requests.
 */
export function RequesterRecords({ detail }: { detail: AccessRequestDetail }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const tenantId = detail.request.tenantId;
  const canReadUsers = permissions.can("users:read", tenantId);

  return (
    <>
      <Card>
        <CardHeader header={<CardTitle>Person</CardTitle>} />
        {detail.person ? (
          <PersonFacts person={detail.person} />
        ) : (
          <Text className={styles.secondary}>
            {permissions.can("people:read", tenantId)
              ? "Sync has not brought this person yet. Granting creates them from their sign-in details."
              : "You cannot read the people of this tenant."}
          </Text>
        )}
      </Card>
      <Card>
        <CardHeader header={<CardTitle>Access</CardTitle>} />
        {!canReadUsers && <Text className={styles.secondary}>You cannot read the users of this tenant.</Text>}
        {canReadUsers && <CurrentAccess user={detail.user} />}
        {canReadUsers && detail.removals.length > 0 && (
          <>
            <Text weight="semibold">Earlier removals</Text>
            <ul className={styles.list} aria-label="Earlier removals">
              {detail.removals.map((removal) => (
                <li key={`${removal.userId}-${removal.removedAt}`}>
                  Removed by {removal.removedByName || removal.removedBy} on {formatDateTime(removal.removedAt)}
                  {removal.reason && `: ${removal.reason}`}
                </li>
              ))}
            </ul>
          </>
        )}
      </Card>
      <Card>
        <CardHeader header={<CardTitle>Earlier requests</CardTitle>} />
        <EarlierRequests detail={detail} />
      </Card>
    </>
  );
}

function CardTitle({ children }: { children: string }) {
  const styles = useStyles();
  return (
    <Title3 as="h2" className={styles.cardTitle}>
      {children}
    </Title3>
  );
}

function PersonFacts({ person }: { person: Person }) {
  const styles = useStyles();
  const facts: [string, string][] = [
    ["Job title", person.jobTitle],
    ["Department", person.department],
    ["Mail", person.mail],
    ["Office", person.officeLocation],
    ["User type", person.userType],
    ["Last synced", formatDateTime(person.lastSyncedAt)],
  ];
  return (
    <dl className={styles.facts}>
      <dt className={styles.term}>Name</dt>
      <dd className={styles.value}>
        <RouterLink to={`/people/${person.id}`}>{person.displayName}</RouterLink>{" "}
        {person.status !== "enabled" && (
          <Badge appearance="tint" color="danger">
            {person.status === "disabled" ? "Disabled in Entra ID" : "Removed from Entra ID"}
          </Badge>
        )}
      </dd>
      {facts.map(([term, value]) => (
        <FactRow key={term} term={term} value={value} />
      ))}
    </dl>
  );
}

function FactRow({ term, value }: { term: string; value: string }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{term}</dt>
      <dd className={styles.value}>{value || <span className={styles.secondary}>—</span>}</dd>
    </>
  );
}

function CurrentAccess({ user }: { user: User | null }) {
  const styles = useStyles();
  if (!user) {
    return <Text>No current access: granting creates a new user.</Text>;
  }
  return (
    <dl className={styles.facts}>
      <dt className={styles.term}>User</dt>
      <dd className={styles.value}>
        <RouterLink to={`/users/${user.id}`}>{user.displayName}</RouterLink>{" "}
        <Badge appearance="tint" color={userStatusColors[user.status]}>
          {userStatusLabels[user.status]}
        </Badge>
      </dd>
      <FactRow term="Access expires" value={user.expiresAt ? formatDateTime(user.expiresAt) : "Never"} />
      <FactRow
        term="Granted"
        value={`${formatDateTime(user.grantedAt)} by ${user.grantedByName || user.grantedBy || "an administrator"}`}
      />
      {user.statusReason && <FactRow term="Status reason" value={user.statusReason} />}
    </dl>
  );
}

function EarlierRequests({ detail }: { detail: AccessRequestDetail }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  if (detail.earlierRequests.length === 0) {
    return <Text className={styles.secondary}>This is their first request.</Text>;
  }
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="Earlier requests" size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Asked</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Decision</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {detail.earlierRequests.map((request) => (
            <TableRow key={request.id}>
              <TableCell className={tableStyles.nowrap}>
                <RouterLink to={`/access-requests/${request.id}`}>{formatDateTime(request.createdAt)}</RouterLink>
              </TableCell>
              <TableCell>
                <AccessRequestStatusBadge status={request.status} />
              </TableCell>
              <TableCell>
                {describeDecision(request)} {request.decisionReason}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
