import { Dropdown, Field, Option, SearchBox, makeStyles, tokens } from "@fluentui/react-components";
import type { PersonStatus } from "../../../api/types";
import { TenantPicker } from "../../../components/TenantPicker";
import { statusLabels } from "./PersonStatusBadges";

const useStyles = makeStyles({
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
  },
  search: { minWidth: "320px" },
});

const anyStatus = "any";
const statuses: PersonStatus[] = ["enabled", "disabled", "removed"];

export function PeopleFilters({
  search,
  onSearchChange,
  tenantId,
  onTenantChange,
  status,
  onStatusChange,
}: {
  search: string;
  onSearchChange: (value: string) => void;
  tenantId: string | null;
  onTenantChange: (tenantId: string | null) => void;
  status: PersonStatus | null;
  onStatusChange: (status: PersonStatus | null) => void;
}) {
  const styles = useStyles();
  return (
    <div className={styles.filters} role="search" aria-label="Filter people">
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
      <Field label="Status">
        <Dropdown
          value={status ? statusLabels[status] : "Any status"}
          selectedOptions={[status ?? anyStatus]}
          onOptionSelect={(_, data) =>
            onStatusChange(
              data.optionValue && data.optionValue !== anyStatus ? (data.optionValue as PersonStatus) : null,
            )
          }
        >
          <Option value={anyStatus}>Any status</Option>
          {statuses.map((value) => (
            <Option key={value} value={value}>
              {statusLabels[value]}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </div>
  );
}
