import {
  Card,
  CardHeader,
  Field,
  Input,
  Radio,
  RadioGroup,
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
import {
  StaleSettingsMessage,
  describeLastChange,
  durationRange,
  findSetting,
  joinHints,
  stringSetting,
} from "./sectionParts";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL },
  input: { maxWidth: "420px" },
  actions: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalM },
});

const keys = {
  enabled: "impersonation.enabled",
  mode: "impersonation.mode",
  maxDuration: "impersonation.maxDuration",
} as const;

type Mode = "read-only" | "full";

interface Draft {
  enabled: boolean;
  mode: Mode;
  maxDuration: string;
}

function draftOf(list: SettingList): Draft {
  return {
    enabled: findSetting(list, keys.enabled)?.value === true,
    mode: findSetting(list, keys.mode)?.value === "full" ? "full" : "read-only",
    maxDuration: stringSetting(list, keys.maxDuration),
  };
}

/** Returns the settings of draft that differ from saved, keyed as the API names them. */
function changedValues(draft: Draft, saved: Draft): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  if (draft.enabled !== saved.enabled) {
    changes[keys.enabled] = draft.enabled;
  }
  if (draft.mode !== saved.mode) {
    changes[keys.mode] = draft.mode;
  }
  if (draft.maxDuration.trim() !== saved.maxDuration) {
    changes[keys.maxDuration] = draft.maxDuration.trim();
  }
  return changes;
}

/**
 * The impersonation section of the settings page: whether administrators may see Roster as
 * another user, whether they may change anything meanwhile, and for how long at most.
 */
export function ImpersonationSettings({ list, onReload }: { list: SettingList; onReload: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <Card role="region" aria-label="Impersonation">
      <CardHeader
        header={<Title3 as="h2">Impersonation</Title3>}
        description={
          <Text>
            Administrators holding users:impersonate may see Roster as one of their users, to check what that user sees.
            Every request made meanwhile is recorded with both identities.
          </Text>
        }
      />
      {/* A new ETag means new saved values, so the form starts again from them. */}
      <ImpersonationForm key={list.etag} list={list} onReload={onReload} saved={saved} onSaved={setSaved} />
    </Card>
  );
}

function ImpersonationForm({
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
  const [durationProblem, setDurationProblem] = useState<string | undefined>();

  const changes = changedValues(draft, initial);
  const dirty = Object.keys(changes).length > 0;
  const canManage = permissions.can("settings:manage");
  const fieldError = (key: string) => (isApiError(patch.error) ? patch.error.fieldError(`values.${key}`) : undefined);
  const stale = isApiError(patch.error) && patch.error.status === 412;
  const maxDuration = findSetting(list, keys.maxDuration);

  const update = (next: Partial<Draft>) => {
    setDraft((old) => ({ ...old, ...next }));
    onSaved(false);
  };

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.maxDuration.trim() === "") {
      setDurationProblem("Enter a duration, such as 60m or 2h.");
      return;
    }
    setDurationProblem(undefined);
    patch.mutate({ values: changes, reason: reason.trim(), etag: list.etag }, { onSuccess: () => onSaved(true) });
  };

  return (
    <form className={styles.form} onSubmit={handleSubmit} noValidate>
      <Field
        hint={joinHints(
          "Turning it off ends every running session at its next request.",
          describeLastChange(findSetting(list, keys.enabled)),
        )}
        validationMessage={fieldError(keys.enabled)}
      >
        <Switch
          label="Allow impersonation"
          checked={draft.enabled}
          disabled={!canManage}
          onChange={(_, data) => update({ enabled: data.checked })}
        />
      </Field>
      <Field
        label="Mode"
        hint={describeLastChange(findSetting(list, keys.mode))}
        validationMessage={fieldError(keys.mode)}
      >
        <RadioGroup
          value={draft.mode}
          disabled={!canManage}
          onChange={(_, data) => update({ mode: data.value as Mode })}
        >
          <Radio value="read-only" label="Read-only: every change is refused while impersonating" />
          <Radio value="full" label="Full: changes are allowed, each recorded with both identities" />
        </RadioGroup>
      </Field>
      <Field
        label="Maximum session length"
        hint={joinHints(
          `Minutes or hours, such as 60m or 2h${durationRange(maxDuration)}.`,
          describeLastChange(maxDuration),
        )}
        validationMessage={durationProblem ?? fieldError(keys.maxDuration)}
      >
        <Input
          className={styles.input}
          value={draft.maxDuration}
          disabled={!canManage}
          onChange={(_, data) => update({ maxDuration: data.value })}
        />
      </Field>
      <Field label="Reason for changing impersonation" hint="Optional. The audit trail records it.">
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
          {patch.isPending ? "Saving…" : "Save impersonation settings"}
        </GuardedButton>
        {saved && !dirty && <Text role="status">Saved.</Text>}
      </div>
    </form>
  );
}
