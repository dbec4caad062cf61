import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from "@fluentui/react-components";
import { PersonAddRegular } from "@fluentui/react-icons";
import { useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import type { User, UserStatus } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { PageHeader } from "../../../components/PageHeader";
import { Pager } from "../../../components/Pager";
import { RouterLink } from "../../../components/RouterLink";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { useDataTableStyles } from "../../../components/tableStyles";
import { isExpiringSoon } from "../../../lib/expiry";
import { formatDate, formatDateTime, formatRelative } from "../../../lib/format";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useTenantScope } from "../../../lib/tenant-scope";
import { useCursorStack } from "../../../lib/useCursorStack";
import { useDebouncedValue } from "../../../lib/useDebouncedValue";
import type { UsersFilter } from "../api/keys";
import { useUsers } from "../api/useUsers";
import { UserStatusBadge } from "./UserStatusBadge";
import { UsersFilters, userStatuses } from "./UsersFilters";

const useStyles = makeStyles({
  secondary: { color: tokens.colorNeutralForeground3 },
  stale: { opacity: 0.6 },
  expiringSoon: {
    backgroundColor: tokens.colorPaletteYellowBackground1,
    ":hover": { backgroundColor: tokens.colorPaletteYellowBackground2 },
  },
  truncate: { display: "block", maxWidth: "260px", overflow: "hidden", textOverflow: "ellipsis" },
});

/** Delay between the last keystroke in the search box and the request, in milliseconds. */
const searchDebounceMs = 300;

/** The URL parameter of the "expiring within 7 days" toggle. */
const expiringParam = "expiring";

export function UsersPage() {
  const styles = useStyles();
  const navigate = useNavigate();
  const permissions = usePermissions();
  const [searchParams, setSearchParams] = useSearchParams();
  const [tenantId, setTenantId] = useTenantScope();
  const [search, setSearch] = useState(searchParams.get("q") ?? "");
  const debouncedSearch = useDebouncedValue(search.trim(), searchDebounceMs);
  const statusParam = searchParams.get("status");
  const filter: UsersFilter = {
    q: debouncedSearch,
    tenantId,
    roleId: searchParams.get("role"),
    status: userStatuses.find((status) => status === statusParam) ?? null,
    expiringSoon: searchParams.get(expiringParam) === "7d",
  };

  const setParam = (name: string, value: string | null, replace = false) =>
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        if (value) {
          params.set(name, value);
        } else {
          params.delete(name);
        }
        return params;
      },
      { replace },
    );

  // Keep the search in the URL so that reload and the back button restore it.
  useEffect(() => {
    setSearchParams(
      (current) => {
        const params = new URLSearchParams(current);
        if (debouncedSearch) {
          params.set("q", debouncedSearch);
        } else {
          params.delete("q");
        }
        return params;
      },
      { replace: true },
    );
  }, [debouncedSearch, setSearchParams]);

  const pager = useCursorStack(JSON.stringify(filter));
  const users = useUsers(filter, pager.cursor);
  const filtered = Boolean(filter.q || filter.tenantId || filter.roleId || filter.status || filter.expiringSoon);

  const grantButton = (
    <GuardedButton
      appearance="primary"
      icon={<PersonAddRegular />}
      disabledReason={permissions.can("users:grant") ? null : missingPermission("users:grant", "anywhere")}
      onClick={() => void navigate("/people")}
    >
      Grant access
    </GuardedButton>
  );

  return (
    <>
      <PageHeader
        title="Users"
        subtitle={<Text>People who may sign in to Roster. To grant access, select people in the People list.</Text>}
        actions={grantButton}
      />
      <UsersFilters
        search={search}
        onSearchChange={setSearch}
        tenantId={tenantId}
        onTenantChange={setTenantId}
        roleId={filter.roleId}
        onRoleChange={(roleId) => setParam("role", roleId)}
        status={filter.status}
        onStatusChange={(status: UserStatus | null) => setParam("status", status)}
        expiringSoon={filter.expiringSoon}
        onExpiringSoonChange={(on) => setParam(expiringParam, on ? "7d" : null)}
      />
      {users.isPending ? (
        <LoadingState label="Loading users…" />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <EmptyState title="No users found">
          <Text>
            {filtered
              ? "No user matches these filters. Change or clear them."
              : "Nobody has access yet. Select people in the People list and grant them access."}
          </Text>
        </EmptyState>
      ) : (
        <>
          <div className={users.isPlaceholderData ? styles.stale : undefined} aria-busy={users.isPlaceholderData}>
            <UsersTable users={users.data.items} />
          </div>
          <Pager
            page={pager.page}
            hasPrevious={pager.hasPrevious}
            nextCursor={users.data.nextCursor}
            busy={users.isPlaceholderData}
            onPrevious={pager.previous}
            onNext={pager.next}
          />
        </>
      )}
    </>
  );
}

function UsersTable({ users }: { users: User[] }) {
  const styles = useStyles();
  const tableStyles = useDataTableStyles();
  const now = new Date();
  return (
    <div className={tableStyles.scroll}>
      <Table aria-label="Users" size="small" className={tableStyles.table}>
        <TableHeader>
          <TableRow className={tableStyles.nowrap}>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>User principal name</TableHeaderCell>
            <TableHeaderCell>Tenant</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Access expires</TableHeaderCell>
            <TableHeaderCell>Granted by</TableHeaderCell>
            <TableHeaderCell>Last sign-in</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => {
            const soon = user.status === "active" && isExpiringSoon(user.expiresAt, now);
            return (
              <TableRow key={user.id} className={mergeClasses(tableStyles.nowrap, soon && styles.expiringSoon)}>
                <TableCell>
                  <RouterLink to={`/users/${user.id}`}>{user.displayName}</RouterLink>
                </TableCell>
                <TableCell>
                  <span className={styles.truncate} title={user.userPrincipalName}>
                    {user.userPrincipalName || "—"}
                  </span>
                </TableCell>
                <TableCell>{user.tenantName}</TableCell>
                <TableCell>
                  <span title={user.statusReason || undefined}>
                    <UserStatusBadge user={user} now={now} />
                  </span>
                </TableCell>
                <TableCell>
                  {user.expiresAt ? (
                    <span title={formatDateTime(user.expiresAt)}>
                      {formatDate(user.expiresAt)}
                      {soon && <span className={styles.secondary}> ({formatRelative(user.expiresAt, now)})</span>}
                    </span>
                  ) : (
                    <span className={styles.secondary}>Never</span>
                  )}
                </TableCell>
                <TableCell>{user.grantedByName || user.grantedBy || "—"}</TableCell>
                <TableCell>
                  {user.lastSignInAt ? (
                    formatDateTime(user.lastSignInAt)
                  ) : (
                    <span className={styles.secondary}>Never</span>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}
