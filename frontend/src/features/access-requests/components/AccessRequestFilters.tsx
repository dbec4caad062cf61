import { Dropdown, Field, Option, makeStyles, tokens } from "@fluentui/react-components";
import type { AccessRequestStatus } from "../../../api/types";
import { TenantPicker } from "../../../components/TenantPicker";
import { accessRequestStatusLabels } from "./AccessRequestStatusBadge";

const useStyles = makeStyles({
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
});

export const accessRequestStatuses: AccessRequestStatus[] = ["pending", "granted", "denied", "withdrawn", "expired"];

/** The age filters of the queue, each a parameter of GET /api/v1/access-requests. */
export const ageFilters = {
  any: { label: "Any age", olderThan: null, newerThan: null },
  "new-24h": { label: "Asked within 24 hours", olderThan: null, newerThan: "24h" },
  "old-1d": { label: "Waiting over 1 day", olderThan: "1d", newerThan: null },
  "old-7d": { label: "Waiting over 7 days", olderThan: "7d", newerThan: null },
} as const;

export type AgeFilter = keyof typeof ageFilters;

const anyStatus = "any";

export function AccessRequestFilters({
  status,
  onStatusChange,
  tenantId,
  onTenantChange,
  age,
  onAgeChange,
  oldestFirst,
  onOldestFirstChange,
}: {
  status: AccessRequestStatus | null;
  onStatusChange: (status: AccessRequestStatus | null) => void;
  tenantId: string | null;
  onTenantChange: (tenantId: string | null) => void;
  age: AgeFilter;
  onAgeChange: (age: AgeFilter) => void;
  oldestFirst: boolean;
  onOldestFirstChange: (oldestFirst: boolean) => void;
}) {
  const styles = useStyles();
  return (
    <div className={styles.filters} role="search" aria-label="Filter access requests">
      <Field label="Status">
        <Dropdown
          value={status ? accessRequestStatusLabels[status] : "Any status"}
          selectedOptions={[status ?? anyStatus]}
          onOptionSelect={(_, data) =>
            onStatusChange(
              data.optionValue && data.optionValue !== anyStatus ? (data.optionValue as AccessRequestStatus) : null,
            )
          }
        >
          <Option value={anyStatus}>Any status</Option>
          {accessRequestStatuses.map((value) => (
            <Option key={value} value={value}>
              {accessRequestStatusLabels[value]}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Tenant">
        <TenantPicker label="Tenant" value={tenantId} onChange={onTenantChange} />
      </Field>
      <Field label="Age">
        <Dropdown
          value={ageFilters[age].label}
          selectedOptions={[age]}
          onOptionSelect={(_, data) => onAgeChange((data.optionValue as AgeFilter | undefined) ?? "any")}
        >
          {Object.entries(ageFilters).map(([value, filter]) => (
            <Option key={value} value={value}>
              {filter.label}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Order">
        <Dropdown
          value={oldestFirst ? "Oldest first" : "Newest first"}
          selectedOptions={[oldestFirst ? "oldest" : "newest"]}
          onOptionSelect={(_, data) => onOldestFirstChange(data.optionValue !== "newest")}
        >
          <Option value="oldest">Oldest first</Option>
          <Option value="newest">Newest first</Option>
        </Dropdown>
      </Field>
    </div>
  );
}
