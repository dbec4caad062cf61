import {
  Card,
  CardHeader,
  Dropdown,
  Field,
  Input,
  Option,
  Switch,
  Text,
  Textarea,
  Title3,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { SettingList } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
import { maxReasonLength } from "../../../components/ReasonDialog";
import { ActionError } from "../../../components/states";
import { missingPermission, usePermissions } from "../../../lib/permissions";
import { usePatchSettings } from "../api/usePatchSettings";
import { StaleSettingsMessage, describeLastChange, durationRange, findSetting, joinHints } from "./sectionParts";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  input: { maxWidth: "420px" },
  actions: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
});

const keys = {
  enabled: "accessRequests.enabled",
  contact: "accessRequests.contact",
  defaultGrantExpiry: "accessRequests.defaultGrantExpiry",
  pendingMaxAge: "accessRequests.pendingMaxAge",
} as const;

const expiryLabels: Record<string, string> = {
  "1h": "1 hour",
  "1d": "1 day",
  "3d": "3 days",
  "30d": "30 days",
  never: "Never",
};

interface Draft {
  enabled: boolean;
  contact: string;
  defaultGrantExpiry: string;
  pendingMaxAge: string;
}

function draftOf(list: SettingList): Draft {
  const value = (key: string) => findSetting(list, key)?.value;
  const text = (key: string) => {
    const raw = value(key);
    return typeof raw === "string" ? raw : "";
  };
  return {
    enabled: value(keys.enabled) === true,
    contact: text(keys.contact),
    defaultGrantExpiry: text(keys.defaultGrantExpiry),
    pendingMaxAge: text(keys.pendingMaxAge),
  };
}

/** Returns the settings of draft that differ from saved, keyed as the API names them. */
function changedValues(draft: Draft, saved: Draft): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const name of Object.keys(keys) as (keyof Draft)[]) {
    const value = name === "enabled" ? draft[name] : draft[name].trim();
    if (value !== saved[name]) {
      changes[keys[name]] = value;
    }
  }
  return changes;
}

/**
 * The access request section of the settings page: whether people may ask, whom to contact
 * otherwise, the default expiry of a grant and how long requests may stay pending.
 */
export function AccessRequestSettings({ list, onReload }: { list: SettingList; onReload: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <Card role="region" aria-label="Access requests">
      <CardHeader
        header={<Title3 as="h2">Access requests</Title3>}
        description={<Text>How people who sign in without access ask for it, and how their requests are handled.</Text>}
      />
      {/* A new ETag means new saved values, so the form starts again from them. */}
      <AccessRequestForm key={list.etag} list={list} onReload={onReload} saved={saved} onSaved={setSaved} />
    </Card>
  );
}

function AccessRequestForm({
  list,
  onReload,
  saved,
  onSaved,
}: {
  list: SettingList;
  onReload: () => void;
  saved: boolean;
  onSaved: (saved: boolean) => void;
}) {
  const styles = useStyles();
  const permissions = usePermissions();
  const patch = usePatchSettings();
  const initial = draftOf(list);
  const [draft, setDraft] = useState(initial);
  const [reason, setReason] = useState("");
  const [ageProblem, setAgeProblem] = useState<string | undefined>();

  const setting = (key: string) => findSetting(list, key);
  const changes = changedValues(draft, initial);
  const dirty = Object.keys(changes).length > 0;
  const canManage = permissions.can("settings:manage");
  const fieldError = (key: string) => (isApiError(patch.error) ? patch.error.fieldError(`values.${key}`) : undefined);
  const stale = isApiError(patch.error) && patch.error.status === 412;

  const update = (next: Partial<Draft>) => {
    setDraft((old) => ({ ...old, ...next }));
    onSaved(false);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.pendingMaxAge.trim() === "") {
      setAgeProblem("Enter a duration, such as 14d.");
      return;
    }
    setAgeProblem(undefined);
    patch.mutate({ values: changes, reason: reason.trim(), etag: list.etag }, { onSuccess: () => onSaved(true) });
  };

  const expiry = setting(keys.defaultGrantExpiry);
  const maxAge = setting(keys.pendingMaxAge);
  return (
    <form className={styles.form} onSubmit={handleSubmit} noValidate>
      <Field hint={describeLastChange(setting(keys.enabled))} validationMessage={fieldError(keys.enabled)}>
        <Switch
          label="Let people without access request it"
          checked={draft.enabled}
          disabled={!canManage}
          onChange={(_, data) => update({ enabled: data.checked })}
        />
      </Field>
      <Field
        label="Contact for people without access"
        hint={joinHints(
          "Shown on the request page, and instead of the request form while requests are switched off. " +
            'For example "the Northwind service desk, +1 555 0100".',
          describeLastChange(setting(keys.contact)),
        )}
        validationMessage={fieldError(keys.contact)}
      >
        <Input
          className={styles.input}
          value={draft.contact}
          maxLength={setting(keys.contact)?.maxLength}
          disabled={!canManage}
          onChange={(_, data) => update({ contact: data.value })}
        />
      </Field>
      <Field
        label="Default grant expiry"
        hint={joinHints("Preselected when a reviewer grants a request.", describeLastChange(expiry))}
        validationMessage={fieldError(keys.defaultGrantExpiry)}
      >
        <Dropdown
          className={styles.input}
          value={expiryLabels[draft.defaultGrantExpiry] ?? draft.defaultGrantExpiry}
          selectedOptions={[draft.defaultGrantExpiry]}
          disabled={!canManage}
          onOptionSelect={(_, data) => data.optionValue && update({ defaultGrantExpiry: data.optionValue })}
        >
          {(expiry?.options ?? []).map((option) => (
            <Option key={option} value={option}>
              {expiryLabels[option] ?? option}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field
        label="Expire pending requests after"
        hint={joinHints(`Hours or days, such as 36h or 14d${durationRange(maxAge)}.`, describeLastChange(maxAge))}
        validationMessage={ageProblem ?? fieldError(keys.pendingMaxAge)}
      >
        <Input
          className={styles.input}
          value={draft.pendingMaxAge}
          disabled={!canManage}
          onChange={(_, data) => update({ pendingMaxAge: data.value })}
        />
      </Field>
      <Field label="Reason for the change" hint="Optional. The audit trail records it.">
        <Textarea
          className={styles.input}
          value={reason}
          disabled={!canManage}
          maxLength={maxReasonLength}
          onChange={(_, data) => setReason(data.value)}
        />
      </Field>
      {stale && <StaleSettingsMessage onReload={onReload} />}
      {patch.isError && !stale && <ActionError error={patch.error} />}
      <div className={styles.actions}>
        <GuardedButton
          type="submit"
          appearance="primary"
          disabled={!dirty || patch.isPending}
          disabledReason={canManage ? null : missingPermission("settings:manage")}
        >
          {patch.isPending ? "Saving…" : "Save access request settings"}
        </GuardedButton>
        {saved && !dirty && <Text role="status">Saved.</Text>}
      </div>
    </form>
  );
}
