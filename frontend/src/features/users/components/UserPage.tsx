import { Card, CardHeader, Tab, TabList, Text, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { AddRegular, DeleteRegular, PersonAvailableRegular, ProhibitedRegular } from "@fluentui/react-icons";
import { useState, type ReactNode } from "react";
import { useNavigate, useParams } from "react-router";
import { isApiError } from "../../../api/errors";
import type { User } from "../../../api/types";
import { AddAssignmentDialog } from "../../../components/access/AddAssignmentDialog";
import { AssignmentsTable } from "../../../components/access/AssignmentsTable";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { ProblemPage } from "../../../components/ProblemPage";
import { ReasonDialog } from "../../../components/ReasonDialog";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { formatDateTime } from "../../../lib/format";
import { useMe } from "../../../lib/me";
import { missingPermission, usePermissions, type Permissions } from "../../../lib/permissions";
import { useTabParam } from "../../../lib/useTabParam";
import { useUser, type VersionedUser } from "../api/user";
import { useRemoveUser } from "../api/useRemoveUser";
import { useSetUserStatus } from "../api/useSetUserStatus";
import { ExpiryEditor } from "./ExpiryEditor";
import { ExplainAccess } from "./ExplainAccess";
import { UserStatusBadge } from "./UserStatusBadge";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL, maxWidth: "1200px" },
  cards: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(380px, 1fr))",
    gap: tokens.spacingHorizontalL,
  },
  facts: {
    display: "grid",
    gridTemplateColumns: "minmax(140px, max-content) 1fr",
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  value: { margin: 0, overflowWrap: "anywhere" },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  sectionHeader: { display: "flex", alignItems: "center", justifyContent: "space-between" },
});

const selfChange = "You cannot change your own access. Ask another administrator.";

const userTabs = ["details", "activity"] as const;

/**
 * Parts of the user page that other features provide, composed by the app: extra header actions
 * (such as Impersonate) and the contents of the Activity tab.
 */
export interface UserPageSlots {
  actions?: (user: User) => ReactNode;
  activity?: (user: User) => ReactNode;
}

export function UserPage(slots: UserPageSlots) {
  const { userId = "" } = useParams();
  const user = useUser(userId);

  if (user.isPending) {
    return <LoadingState label="Loading user…" />;
  }
  if (user.isError) {
    if (isApiError(user.error) && (user.error.status === 404 || user.error.status === 403)) {
      return <ProblemPage error={user.error} />;
    }
    return <ErrorState error={user.error} onRetry={() => void user.refetch()} />;
  }
  return <UserView versioned={user.data} onReload={() => void user.refetch()} slots={slots} />;
}

/** Returns why the caller may not use permission on user, or null when it may. */
function refusal(permissions: Permissions, permission: string, user: User, myUserId: string | undefined) {
  if (user.id === myUserId) {
    return selfChange;
  }
  return permissions.can(permission, user.tenantId) ? null : missingPermission(permission);
}

function UserView({
  versioned,
  onReload,
  slots,
}: {
  versioned: VersionedUser;
  onReload: () => void;
  slots: UserPageSlots;
}) {
  const styles = useStyles();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const me = useMe();
  const myUserId = me.data?.userId;
  const { user } = versioned;
  // The status dialog keeps the action it opened with, so that its title does not flip from
  // Disable to Enable while it closes after a successful change.
  const [dialog, setDialog] = useState<"disable" | "enable" | "remove" | "assign" | null>(null);
  const setStatus = useSetUserStatus(user.id);
  const removeUser = useRemoveUser(user.id);
  const [tab, setTab] = useTabParam(userTabs);

  const enabling = user.status === "disabled" || user.status === "suspended";
  let statusRefusal = refusal(permissions, "users:disable", user, myUserId);
  if (!statusRefusal && user.status === "suspended" && user.personStatus !== "enabled") {
    statusRefusal = `The person is still ${user.personStatus} in Entra ID. Enable their account there first.`;
  }
  const assignRefusal =
    user.id === myUserId
      ? selfChange
      : permissions.can("role-assignments:manage")
        ? null
        : missingPermission("role-assignments:manage", "anywhere");

  const closeDialog = () => {
    setDialog(null);
    setStatus.reset();
    removeUser.reset();
  };

  const actions = (
    <div className={styles.actions}>
      {slots.actions?.(user)}
      <GuardedButton
        icon={enabling ? <PersonAvailableRegular /> : <ProhibitedRegular />}
        disabledReason={statusRefusal}
        onClick={() => setDialog(enabling ? "enable" : "disable")}
      >
        {enabling ? "Enable" : "Disable"}
      </GuardedButton>
      <GuardedButton
        icon={<DeleteRegular />}
        disabledReason={refusal(permissions, "users:remove", user, myUserId)}
        onClick={() => setDialog("remove")}
      >
        Remove access
      </GuardedButton>
    </div>
  );

  const subtitle = (
    <Text>
      {user.userPrincipalName || user.mail} ·{" "}
      <RouterLink to={`/tenants/${user.tenantId}`}>{user.tenantName}</RouterLink> · <UserStatusBadge user={user} />
    </Text>
  );

  return (
    <div className={styles.page}>
      <PageHeader title={user.displayName} subtitle={subtitle} actions={actions} />
      {slots.activity && (
        <TabList
          selectedValue={tab}
          onTabSelect={(_, data) => setTab(data.value === "activity" ? "activity" : "details")}
          aria-label="User sections"
        >
          <Tab value="details">Details</Tab>
          <Tab value="activity">Activity</Tab>
        </TabList>
      )}
      {tab === "activity" && slots.activity ? (
        <div role="tabpanel" aria-label="Activity">
          {slots.activity(user)}
        </div>
      ) : (
        <>
          <div className={styles.cards}>
            <Card>
              <CardHeader header={<Text weight="semibold">Person</Text>} />
              <dl className={styles.facts}>
                <Fact label="Person page">
                  <RouterLink to={`/people/${user.personId}`}>Open {user.displayName}'s person page</RouterLink>
                </Fact>
                <Fact label="User principal name">{user.userPrincipalName || "—"}</Fact>
                <Fact label="Mail">{user.mail || "—"}</Fact>
                <Fact label="In Entra ID">{personStatusLabel[user.personStatus]}</Fact>
                <Fact label="Last sign-in">{user.lastSignInAt ? formatDateTime(user.lastSignInAt) : "Never"}</Fact>
              </dl>
            </Card>
            <Card>
              <CardHeader header={<Text weight="semibold">Access</Text>} />
              <dl className={styles.facts}>
                <Fact label="Status">
                  <UserStatusBadge user={user} />
                </Fact>
                {user.statusReason && <Fact label="Status reason">{user.statusReason}</Fact>}
                {user.statusChangedAt && <Fact label="Status changed">{formatDateTime(user.statusChangedAt)}</Fact>}
                <Fact label="Granted">
                  {formatDateTime(user.grantedAt)} by {user.grantedByName || user.grantedBy || "—"}
                </Fact>
                <Fact label="Grant reason">{user.grantReason || "—"}</Fact>
              </dl>
              <ExpiryEditor
                key={versioned.etag}
                versioned={versioned}
                disabledReason={refusal(permissions, "users:update", user, myUserId)}
                onReload={onReload}
              />
            </Card>
          </div>

          <section className={styles.section} aria-labelledby="user-assignments">
            <div className={styles.sectionHeader}>
              <Title3 as="h2" id="user-assignments">
                Role assignments
              </Title3>
              <GuardedButton icon={<AddRegular />} disabledReason={assignRefusal} onClick={() => setDialog("assign")}>
                Add role assignment
              </GuardedButton>
            </div>
            {(user.assignments ?? []).length === 0 ? (
              <EmptyState title="No role assignments">
                <Text>Without a role assignment this user can do nothing.</Text>
              </EmptyState>
            ) : (
              <AssignmentsTable
                label={`Role assignments of ${user.displayName}`}
                assignments={user.assignments ?? []}
                holderTenantId={user.tenantId}
              />
            )}
          </section>

          <section className={styles.section} aria-labelledby="user-explain">
            <Title3 as="h2" id="user-explain">
              Explain access
            </Title3>
            <ExplainAccess userId={user.id} defaultTenantId={user.tenantId} />
          </section>
        </>
      )}

      <ReasonDialog
        open={dialog === "disable" || dialog === "enable"}
        onOpenChange={(open) => !open && closeDialog()}
        title={dialog === "enable" ? `Enable ${user.displayName}` : `Disable ${user.displayName}`}
        confirmLabel={dialog === "enable" ? "Enable" : "Disable"}
        destructive={dialog !== "enable"}
        reasonRequired
        pending={setStatus.isPending}
        error={setStatus.error}
        onConfirm={(reason) => setStatus.mutate({ enable: dialog === "enable", reason }, { onSuccess: closeDialog })}
      >
        {dialog === "enable"
          ? "They can use Roster again on their next request, with their current role assignments."
          : "They are refused on their very next request, whatever their token says. Their role assignments stay."}
      </ReasonDialog>
      <ReasonDialog
        open={dialog === "remove"}
        onOpenChange={(open) => !open && closeDialog()}
        title={`Remove ${user.displayName}'s access`}
        confirmLabel="Remove access"
        destructive
        pending={removeUser.isPending}
        error={removeUser.error}
        onConfirm={(reason) => removeUser.mutate(reason, { onSuccess: () => void navigate("/users") })}
      >
        Their user and role assignments are deleted. The person and the audit trail stay, and access can be granted
        again later.
      </ReasonDialog>
      <AddAssignmentDialog
        open={dialog === "assign"}
        onOpenChange={(open) => !open && closeDialog()}
        principalType="user"
        principalId={user.id}
        holderName={user.displayName}
        holderTenantId={user.tenantId}
        ownTenantName={user.tenantName}
      />
    </div>
  );
}

const personStatusLabel: Record<User["personStatus"], string> = {
  enabled: "Enabled",
  disabled: "Disabled",
  removed: "Removed",
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>{children}</dd>
    </>
  );
}
