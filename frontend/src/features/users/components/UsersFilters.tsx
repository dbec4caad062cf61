import { Dropdown, Field, Option, SearchBox, Switch, makeStyles, tokens } from "@fluentui/react-components";
import type { UserStatus } from "../../../api/types";
import { TenantPicker } from "../../../components/TenantPicker";
import { expiringSoonDays } from "../../../lib/expiry";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { useRoleList } from "../../../lib/roles";
import { userStatusLabels } from "./UserStatusBadge";

const useStyles = makeStyles({
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  search: { minWidth: "280px" },
});

const anyValue = "any";
export const userStatuses: UserStatus[] = ["active", "disabled", "suspended", "expired"];

export function UsersFilters({
  search,
  onSearchChange,
  tenantId,
  onTenantChange,
  roleId,
  onRoleChange,
  status,
  onStatusChange,
  expiringSoon,
  onExpiringSoonChange,
}: {
  search: string;
  onSearchChange: (value: string) => void;
  tenantId: string | null;
  onTenantChange: (tenantId: string | null) => void;
  roleId: string | null;
  onRoleChange: (roleId: string | null) => void;
  status: UserStatus | null;
  onStatusChange: (status: UserStatus | null) => void;
  expiringSoon: boolean;
  onExpiringSoonChange: (value: boolean) => void;
}) {
  const styles = useStyles();
  const permissions = usePermissions();
  const canReadRoles = permissions.can("roles:read");
  const roles = useRoleList({ enabled: canReadRoles });
  const roleName = roles.data?.find((role) => role.id === roleId)?.name;

  return (
    <div className={styles.filters} role="search" aria-label="Filter users">
      <Field label="Search">
        <SearchBox
          className={styles.search}
          placeholder="Name, mail or user principal name"
          value={search}
          onChange={(_, data) => onSearchChange(data.value)}
        />
      </Field>
      <Field label="Tenant">
        <TenantPicker label="Tenant" value={tenantId} onChange={onTenantChange} />
      </Field>
      <Field label="Role" hint={canReadRoles ? undefined : missingPermission("roles:read", "anywhere")}>
        <Dropdown
          value={roleId ? (roleName ?? "Loading…") : "Any role"}
          selectedOptions={[roleId ?? anyValue]}
          disabled={!canReadRoles || roles.isError}
          onOptionSelect={(_, data) =>
            onRoleChange(data.optionValue && data.optionValue !== anyValue ? data.optionValue : null)
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
      <Field label="Status">
        <Dropdown
          value={status ? userStatusLabels[status] : "Any status"}
          selectedOptions={[status ?? anyValue]}
          onOptionSelect={(_, data) =>
            onStatusChange(data.optionValue && data.optionValue !== anyValue ? (data.optionValue as UserStatus) : null)
          }
        >
          <Option value={anyValue}>Any status</Option>
          {userStatuses.map((value) => (
            <Option key={value} value={value}>
              {userStatusLabels[value]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Switch
        label={`Expiring within ${expiringSoonDays} days`}
        checked={expiringSoon}
        onChange={(_, data) => onExpiringSoonChange(data.checked)}
      />
    </div>
  );
}
