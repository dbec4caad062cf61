import { Checkbox, Field, Radio, RadioGroup, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useId, useMemo } from "react";
import type { Effect, PermissionInfo, Role, RoleAssignmentRequest, Scope, Tenant } from "../../api/types";
import {
  grantableScopes,
  holderIn,
  isCompleteScope,
  roleRefusal,
  type Holder,
  type ScopeChoices,
} from "../../lib/grantable";
import { usePermissions, type Permission, type Permissions } from "../../lib/permissions";
import { usePermissionCatalogue, useRoleList } from "../../lib/roles";
import { useTenantList } from "../../lib/tenant-scope";
import { ErrorState, LoadingState } from "../states";
import { ScopePicker, defaultScope } from "./ScopePicker";

const useStyles = makeStyles({
  fields: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  roles: { border: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column" },
  legend: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS, padding: 0 },
  role: { display: "flex", flexDirection: "column" },
  hint: { color: tokens.colorNeutralForeground3, paddingLeft: "32px", marginTop: `-${tokens.spacingVerticalXS}` },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** The choices made in AssignmentFields: scope, roles, and allow or deny. */
export interface AssignmentDraft {
  scope: Scope;
  roleIds: string[];
  effect: Effect;
}

/** Everything AssignmentFields needs to offer only grantable choices. */
export interface AssignmentOptions {
  choices: ScopeChoices;
  roles: Role[];
  refusal: (role: Role, scope: Scope, effect: Effect) => string | null;
  tenants: Tenant[];
  defaultDraft: AssignmentDraft;
}

/**
 * Loads roles, the permission catalogue and the tenant list, and works out which scopes and
 * roles the caller may give holders, holding manage (users:grant or role-assignments:manage).
 */
export function useAssignmentOptions(manage: Permission, holderTenantIds: readonly string[]) {
  const permissions = usePermissions();
  const roles = useRoleList();
  const catalogue = usePermissionCatalogue();
  const tenants = useTenantList();

  // The ids arrive as a fresh array on every render, so the memo keys on their joined text.
  const holderKey = holderTenantIds.join(",");
  const options = useMemo(() => {
    if (!roles.data || !catalogue.data || !tenants.data) {
      return null;
    }
    const tenantList = tenants.data.tenants;
    const holders = holderKey
      .split(",")
      .filter(Boolean)
      .map((tenantId) => holderIn(tenantId, tenantList));
    return buildOptions(permissions, manage, holders, tenantList, roles.data, catalogue.data);
  }, [permissions, manage, holderKey, roles.data, catalogue.data, tenants.data]);

  const failed = roles.error ?? catalogue.error ?? tenants.error;
  const retry = () => {
    void roles.refetch();
    void catalogue.refetch();
    void tenants.refetch();
  };
  return { options, error: failed, retry };
}

function buildOptions(
  permissions: Permissions,
  manage: Permission,
  holders: Holder[],
  tenants: Tenant[],
  roles: Role[],
  catalogue: PermissionInfo[],
): AssignmentOptions {
  const choices = grantableScopes(permissions, manage, holders, tenants);
  return {
    choices,
    roles,
    tenants,
    refusal: (role, scope, effect) => roleRefusal(role, scope, effect, permissions, holders, tenants, catalogue),
    defaultDraft: { scope: defaultScope(choices), roleIds: [], effect: "allow" },
  };
}

/** Returns why a draft cannot be submitted yet, or null when it can. */
export function draftProblem(draft: AssignmentDraft, options: AssignmentOptions): string | null {
  const scopeType = draft.scope.type;
  const scopeReason = {
    all: options.choices.all,
    own: options.choices.own,
    tenant: options.choices.tenantReason,
    tag: options.choices.tagReason,
  }[scopeType];
  if (scopeReason) {
    return scopeReason;
  }
  if (!isCompleteScope(draft.scope)) {
    return scopeType === "tenant" ? "Choose a tenant." : "Choose a tag.";
  }
  if (draft.roleIds.length === 0) {
    return "Choose at least one role.";
  }
  return null;
}

/** Turns a draft into one assignment request per role, without the display-only tenant name. */
export function draftRequests(draft: AssignmentDraft, reason: string): RoleAssignmentRequest[] {
  const { tenantName: _tenantName, ...scope } = draft.scope;
  void _tenantName;
  return draft.roleIds.map((roleId) => ({ roleId, scope, effect: draft.effect, reason: reason || undefined }));
}

/**
 * Renders the fields of a role assignment: scope, roles (one assignment each) and, when
 * showEffect is set, allow or deny. Roles the caller may not give in the chosen scope are
 * disabled with the reason.
 */
export function AssignmentFields({
  options,
  value,
  onChange,
  showEffect = false,
  ownTenantName,
  rolesError,
}: {
  options: AssignmentOptions;
  value: AssignmentDraft;
  onChange: (draft: AssignmentDraft) => void;
  showEffect?: boolean;
  ownTenantName?: string | undefined;
  /** A message under the role list, such as "Choose at least one role" after a submit. */
  rolesError?: string | undefined;
}) {
  const styles = useStyles();
  const baseId = useId();

  const keepGrantable = (draft: AssignmentDraft): AssignmentDraft => ({
    ...draft,
    roleIds: draft.roleIds.filter((roleId) => {
      const role = options.roles.find((candidate) => candidate.id === roleId);
      return role !== undefined && options.refusal(role, draft.scope, draft.effect) === null;
    }),
  });

  const toggleRole = (roleId: string, checked: boolean) =>
    onChange({
      ...value,
      roleIds: checked ? [...value.roleIds, roleId] : value.roleIds.filter((id) => id !== roleId),
    });

  return (
    <div className={styles.fields}>
      <ScopePicker
        choices={options.choices}
        value={value.scope}
        onChange={(scope) => onChange(keepGrantable({ ...value, scope }))}
        ownTenantName={ownTenantName}
      />
      {showEffect && (
        <Field label="Effect" hint="A deny wins over any allow of the same permission in the same tenant.">
          <RadioGroup
            layout="horizontal"
            value={value.effect}
            onChange={(_, data) => onChange(keepGrantable({ ...value, effect: data.value as Effect }))}
          >
            <Radio value="allow" label="Allow" />
            <Radio value="deny" label="Deny" />
          </RadioGroup>
        </Field>
      )}
      <fieldset className={styles.roles} aria-describedby={rolesError ? `${baseId}-roles-error` : undefined}>
        <legend className={styles.legend}>Roles</legend>
        {options.roles.map((role) => {
          const refusal = options.refusal(role, value.scope, value.effect);
          const hintId = `${baseId}-${role.id}`;
          return (
            <div key={role.id} className={styles.role}>
              <Checkbox
                label={role.name}
                checked={value.roleIds.includes(role.id)}
                disabled={refusal !== null}
                onChange={(_, data) => toggleRole(role.id, data.checked === true)}
                input={{ "aria-describedby": hintId }}
              />
              <Text id={hintId} size={200} className={styles.hint}>
                {refusal ?? role.description}
              </Text>
            </div>
          );
        })}
        {rolesError && (
          <Text id={`${baseId}-roles-error`} role="alert" className={styles.error}>
            {rolesError}
          </Text>
        )}
      </fieldset>
    </div>
  );
}

/** Shows loading and failure of useAssignmentOptions, or nothing once the options are ready. */
export function AssignmentOptionsState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  if (error) {
    return <ErrorState error={error} onRetry={onRetry} />;
  }
  return <LoadingState label="Loading roles and tenants…" />;
}
