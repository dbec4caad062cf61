import {
  Dropdown,
  Field,
  Input,
  Option,
  InteractionTag,
  InteractionTagPrimary,
  InteractionTagSecondary,
  SearchBox,
  TagGroup,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { TenantPicker } from "../../../components/TenantPicker";
import { targetTypeLabels } from "./targets";

const useStyles = makeStyles({
  filters: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-end",
    gap: tokens.spacingHorizontalL,
  },
  search: { minWidth: "260px" },
  narrow: { width: "170px" },
  tags: { marginTop: tokens.spacingVerticalS },
});

const anyValue = "any";

/** Prefixes of the actions that Roster records, offered as suggestions for the action filter. */
const actionPrefixes = [
  "user.",
  "role.",
  "role-assignment.",
  "person.",
  "tenant.",
  "sync.",
  "settings.",
  "impersonation.",
  "access-request.",
  "api-client.",
  "customers.",
  "session.started",
  "access.denied",
  "audit.",
];

/** The filters that the page's form edits; dates are yyyy-mm-dd in the browser's time zone. */
export interface AuditFormValues {
  search: string;
  action: string;
  targetType: string;
  tenantId: string | null;
  fromDate: string;
  toDate: string;
}

/** A filter on one id that the table's filter buttons or a link set, shown as a dismissible tag. */
export interface IdFilterTag {
  param: string;
  label: string;
}

export function AuditFilters({
  values,
  onChange,
  idFilters,
  onRemoveIdFilter,
}: {
  values: AuditFormValues;
  onChange: (values: Partial<AuditFormValues>) => void;
  idFilters: IdFilterTag[];
  onRemoveIdFilter: (param: string) => void;
}) {
  const styles = useStyles();

  return (
    <div role="search" aria-label="Filter audit events">
      <div className={styles.filters}>
        <Field label="Search">
          <SearchBox
            className={styles.search}
            placeholder="Names, reasons and changed values"
            value={values.search}
            onChange={(_, data) => onChange({ search: data.value })}
          />
        </Field>
        <Field label="Action">
          <Input
            className={styles.narrow}
            placeholder="Prefix, such as user."
            list="audit-action-prefixes"
            value={values.action}
            onChange={(_, data) => onChange({ action: data.value })}
          />
        </Field>
        <datalist id="audit-action-prefixes">
          {actionPrefixes.map((prefix) => (
            <option key={prefix} value={prefix} />
          ))}
        </datalist>
        <Field label="Target type">
          <Dropdown
            className={styles.narrow}
            value={values.targetType ? (targetTypeLabels[values.targetType] ?? values.targetType) : "Any target"}
            selectedOptions={[values.targetType || anyValue]}
            onOptionSelect={(_, data) =>
              onChange({ targetType: data.optionValue && data.optionValue !== anyValue ? data.optionValue : "" })
            }
          >
            <Option value={anyValue}>Any target</Option>
            {Object.entries(targetTypeLabels).map(([type, label]) => (
              <Option key={type} value={type}>
                {label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Tenant">
          <TenantPicker label="Tenant" value={values.tenantId} onChange={(tenantId) => onChange({ tenantId })} />
        </Field>
        <Field label="From">
          <Input type="date" value={values.fromDate} onChange={(_, data) => onChange({ fromDate: data.value })} />
        </Field>
        <Field label="To (inclusive)">
          <Input type="date" value={values.toDate} onChange={(_, data) => onChange({ toDate: data.value })} />
        </Field>
      </div>
      {idFilters.length > 0 && (
        <TagGroup
          className={styles.tags}
          aria-label="Active filters"
          onDismiss={(_, data) => onRemoveIdFilter(String(data.value))}
        >
          {idFilters.map((filter) => (
            <InteractionTag key={filter.param} value={filter.param} appearance="brand">
              <InteractionTagPrimary hasSecondaryAction>{filter.label}</InteractionTagPrimary>
              {/* The label names the filter itself, so Fluent's default labelledby would repeat it. */}
              <InteractionTagSecondary aria-label={`Remove filter ${filter.label}`} aria-labelledby={undefined} />
            </InteractionTag>
          ))}
        </TagGroup>
      )}
    </div>
  );
}
