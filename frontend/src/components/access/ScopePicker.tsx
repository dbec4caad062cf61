import { Dropdown, Field, Option, Radio, RadioGroup, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useId } from "react";
import type { Scope, ScopeType } from "../../api/types";
import type { ScopeChoices } from "../../lib/grantable";
import { scopeTypeLabels } from "./scopes";

const useStyles = makeStyles({
  picker: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  option: { display: "flex", flexDirection: "column" },
  reason: { color: tokens.colorNeutralForeground3, paddingLeft: "32px", marginTop: `-${tokens.spacingVerticalXS}` },
});

const scopeTypes: ScopeType[] = ["own", "tenant", "tag", "all"];

/** Returns the first scope the choices allow, preferring the narrowest. */
export function defaultScope(choices: ScopeChoices): Scope {
  if (!choices.own) {
    return { type: "own" };
  }
  const tenant = choices.tenants[0];
  if (tenant) {
    return { type: "tenant", tenantId: tenant.id, tenantName: tenant.name };
  }
  const tag = choices.tags[0];
  if (tag) {
    return { type: "tag", tag };
  }
  return { type: "all" };
}

/**
 * Picks the tenants a role assignment covers: all tenants, one tenant, the tenants with a tag,
 * or the holder's own tenant. Scopes the caller may not grant are disabled with the reason.
 */
export function ScopePicker({
  choices,
  value,
  onChange,
  ownTenantName,
}: {
  choices: ScopeChoices;
  value: Scope;
  onChange: (scope: Scope) => void;
  /** Name of the holder's tenant, shown beside "Own tenant" when there is one holder. */
  ownTenantName?: string | undefined;
}) {
  const styles = useStyles();
  const baseId = useId();
  const reasons: Record<ScopeType, string | null> = {
    all: choices.all,
    own: choices.own,
    tenant: choices.tenantReason,
    tag: choices.tagReason,
  };

  const select = (type: ScopeType) => {
    if (type === "tenant") {
      const tenant = choices.tenants[0];
      onChange({ type, tenantId: tenant?.id, tenantName: tenant?.name });
    } else if (type === "tag") {
      onChange({ type, tag: choices.tags[0] });
    } else {
      onChange({ type });
    }
  };

  const selectedTenant = choices.tenants.find((tenant) => tenant.id === value.tenantId);
  return (
    <div className={styles.picker}>
      <Field label="Scope">
        <RadioGroup value={value.type} onChange={(_, data) => select(data.value as ScopeType)}>
          {scopeTypes.map((type) => {
            const reason = reasons[type];
            const reasonId = `${baseId}-${type}-reason`;
            const label = type === "own" && ownTenantName ? `Own tenant (${ownTenantName})` : scopeTypeLabels[type];
            return (
              <div key={type} className={styles.option}>
                <Radio
                  value={type}
                  label={label}
                  disabled={reason !== null}
                  input={{ "aria-describedby": reason ? reasonId : undefined }}
                />
                {reason && (
                  <Text id={reasonId} size={200} className={styles.reason}>
                    {reason}
                  </Text>
                )}
              </div>
            );
          })}
        </RadioGroup>
      </Field>
      {value.type === "tenant" && (
        <Field label="Tenant" required>
          <Dropdown
            value={selectedTenant?.name ?? ""}
            selectedOptions={value.tenantId ? [value.tenantId] : []}
            onOptionSelect={(_, data) =>
              onChange({ type: "tenant", tenantId: data.optionValue, tenantName: data.optionText })
            }
          >
            {choices.tenants.map((tenant) => (
              <Option key={tenant.id} value={tenant.id}>
                {tenant.name}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {value.type === "tag" && (
        <Field label="Tag" required>
          <Dropdown
            value={value.tag ?? ""}
            selectedOptions={value.tag ? [value.tag] : []}
            onOptionSelect={(_, data) => onChange({ type: "tag", tag: data.optionValue })}
          >
            {choices.tags.map((tag) => (
              <Option key={tag} value={tag}>
                {tag}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
    </div>
  );
}
