import { Dropdown, Option, type DropdownProps } from "@fluentui/react-components";
import { useTenantList } from "../lib/tenant-scope";

// Tenant ids are UUIDs, so this option value cannot clash with one.
const allTenants = "all";

/**
 * A dropdown of the tenants the signed-in user may see, with "All tenants" first. Its value is a
 * Roster tenant id, or null for all tenants. Someone who sees a single tenant is offered only
 * that tenant, since "all" would mean the same and suggest more.
 */
export function TenantPicker({
  label,
  value,
  onChange,
  appearance,
}: {
  label: string;
  value: string | null;
  onChange: (tenantId: string | null) => void;
  appearance?: DropdownProps["appearance"];
}) {
  const tenants = useTenantList();
  const options = tenants.data?.tenants ?? [];
  const onlyTenant = options.length === 1 && !tenants.data?.hasMore ? options[0] : undefined;
  const selected = value ?? onlyTenant?.id ?? allTenants;
  let selectedName = options.find((tenant) => tenant.id === value)?.name ?? "Loading…";
  if (value === null) {
    selectedName = onlyTenant ? onlyTenant.name : "All tenants";
  }

  return (
    <Dropdown
      aria-label={label}
      appearance={appearance}
      value={selectedName}
      selectedOptions={[selected]}
      onOptionSelect={(_, data) =>
        onChange(data.optionValue && data.optionValue !== allTenants ? data.optionValue : null)
      }
      disabled={tenants.isError}
      placeholder={tenants.isError ? "Tenants could not be loaded" : undefined}
    >
      {!onlyTenant && <Option value={allTenants}>All tenants</Option>}
      {options.map((tenant) => (
        <Option key={tenant.id} value={tenant.id}>
          {tenant.name}
        </Option>
      ))}
    </Dropdown>
  );
}
