import { Combobox, Dropdown, Field, Option, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { AssignmentsTable } from "../../../components/access/AssignmentsTable";
import { PageHeader } from "../../../components/PageHeader";
import { Pager } from "../../../components/Pager";
import { EmptyState, ErrorState, LoadingState } from "../../../components/states";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useRoleList } from "../../../lib/roles";
import { useCursorStack } from "../../../lib/useCursorStack";
import { useDebouncedValue } from "../../../lib/useDebouncedValue";
import type { AssignmentsFilter } from "../api/keys";
import { useAssignments } from "../api/useAssignments";
import { useUserName } from "../api/useUserName";
import { useUserSearch } from "../api/useUserSearch";

const useStyles = makeStyles({
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  picker: { minWidth: "280px" },
  stale: { opacity: 0.6 },
});

const anyValue = "any";

/** Lists every role assignment the caller may see, newest first, filtered by role and by user. */
export function RoleAssignmentsPage() {
  const styles = useStyles();
  const [searchParams, setSearchParams] = useSearchParams();
  const filter: AssignmentsFilter = { roleId: searchParams.get("role"), userId: searchParams.get("user") };

  const setParam = (name: string, value: string | null) =>
    setSearchParams((current) => {
      const params = new URLSearchParams(current);
      if (value) {
        params.set(name, value);
      } else {
        params.delete(name);
      }
      return params;
    });

  const pager = useCursorStack(JSON.stringify(filter));
  const assignments = useAssignments(filter, pager.cursor);

  return (
    <>
      <PageHeader
        title="Role assignments"
        subtitle={<Text>Who holds which role, where, and who assigned it. A deny wins over any allow.</Text>}
      />
      <div className={styles.filters} role="search" aria-label="Filter role assignments">
        <RoleFilter roleId={filter.roleId} onChange={(roleId) => setParam("role", roleId)} />
        <UserFilter userId={filter.userId} onChange={(userId) => setParam("user", userId)} />
      </div>
      {assignments.isPending ? (
        <LoadingState label="Loading role assignments…" />
      ) : assignments.isError ? (
        <ErrorState error={assignments.error} onRetry={() => void assignments.refetch()} />
      ) : assignments.data.items.length === 0 ? (
        <EmptyState title="No role assignments found">
          <Text>
            {filter.roleId || filter.userId
              ? "No assignment matches these filters. Change or clear them."
              : "Grant people access to see their role assignments here."}
          </Text>
        </EmptyState>
      ) : (
        <>
          <div
            className={assignments.isPlaceholderData ? styles.stale : undefined}
            aria-busy={assignments.isPlaceholderData}
          >
            <AssignmentsTable label="Role assignments" assignments={assignments.data.items} showHolder />
          </div>
          <Pager
            page={pager.page}
            hasPrevious={pager.hasPrevious}
            nextCursor={assignments.data.nextCursor}
            busy={assignments.isPlaceholderData}
            onPrevious={pager.previous}
            onNext={pager.next}
          />
        </>
      )}
    </>
  );
}

function RoleFilter({ roleId, onChange }: { roleId: string | null; onChange: (roleId: string | null) => void }) {
  const permissions = usePermissions();
  const canReadRoles = permissions.can("roles:read");
  const roles = useRoleList({ enabled: canReadRoles });
  const roleName = roles.data?.find((role) => role.id === roleId)?.name;
  return (
    <Field label="Role" hint={canReadRoles ? undefined : missingPermission("roles:read", "anywhere")}>
      <Dropdown
        value={roleId ? (roleName ?? "Loading…") : "Any role"}
        selectedOptions={[roleId ?? anyValue]}
        disabled={!canReadRoles || roles.isError}
        onOptionSelect={(_, data) =>
          onChange(data.optionValue && data.optionValue !== anyValue ? data.optionValue : null)
        }
      >
        <Option value={anyValue}>Any role</Option>
        {(roles.data ?? []).map((role) => (
          <Option key={role.id} value={role.id}>
            {role.name}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** Picks one user by search as you type. Clearing the text removes the filter. */
function UserFilter({ userId, onChange }: { userId: string | null; onChange: (userId: string | null) => void }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const canReadUsers = permissions.can("users:read");
  const [text, setText] = useState<string | null>(null);
  const query = useDebouncedValue((text ?? "").trim(), 300);
  // Suggestions load once the person starts typing, not with the page.
  const matches = useUserSearch(query, canReadUsers && text !== null);
  const selectedName = useUserName(userId);
  const shown = text ?? (userId ? (selectedName.data ?? "") : "");

  return (
    <Field label="User" hint={canReadUsers ? undefined : missingPermission("users:read", "anywhere")}>
      <Combobox
        className={styles.picker}
        placeholder="Any user"
        freeform
        clearable
        disabled={!canReadUsers}
        value={shown}
        selectedOptions={userId ? [userId] : []}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value === "") {
            onChange(null);
          }
        }}
        onOptionSelect={(_, data) => {
          setText(null);
          onChange(data.optionValue ?? null);
        }}
      >
        {(matches.data ?? []).map((user) => (
          <Option key={user.id} value={user.id} text={user.displayName}>
            {user.displayName} · {user.tenantName}
          </Option>
        ))}
        {matches.data?.length === 0 && (
          <Option value="" disabled text="">
            No user matches
          </Option>
        )}
      </Combobox>
    </Field>
  );
}
