import { Card, CardHeader, Field, Input, Text, Title3, makeStyles, tokens } from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { isApiError } from "../../../api/errors";
import type { SettingList } from "../../../api/types";
import { GuardedButton } from "../../../components/GuardedButton";
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

const retentionKey = "audit.retention";

/** The audit trail section of the settings page: how long events are kept. */
export function AuditSettings({ list, onReload }: { list: SettingList; onReload: () => void }) {
  return (
    <Card role="region" aria-label="Audit trail">
      <CardHeader
        header={<Title3 as="h2">Audit trail</Title3>}
        description={<Text>How long Roster keeps the record of who did what.</Text>}
      />
      <RetentionForm key={list.etag} list={list} onReload={onReload} />
    </Card>
  );
}

function RetentionForm({ list, onReload }: { list: SettingList; onReload: () => void }) {
  const styles = useStyles();
  const permissions = usePermissions();
  const patch = usePatchSettings();
  const setting = findSetting(list, retentionKey);
  const initial = stringSetting(list, retentionKey);
  const [retention, setRetention] = useState(initial);
  const [problem, setProblem] = useState<string | undefined>();

  const canManage = permissions.can("settings:manage");
  const dirty = retention.trim() !== initial;
  const stale = isApiError(patch.error) && patch.error.status === 412;

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (retention.trim() === "") {
      setProblem("Enter never, or a duration such as 365d.");
      return;
    }
    setProblem(undefined);
    patch.mutate({ values: { [retentionKey]: retention.trim() }, reason: "", etag: list.etag });
  };

  return (
    <form className={styles.form} onSubmit={handleSubmit} noValidate>
      <Field
        label="Keep audit events for"
        hint={joinHints(
          `never keeps every event; otherwise days, such as 365d${durationRange(setting)}. ` +
            "Deleting old events is itself recorded, so the chain of events stays verifiable.",
          describeLastChange(setting),
        )}
        validationMessage={
          problem ?? (isApiError(patch.error) ? patch.error.fieldError(`values.${retentionKey}`) : undefined)
        }
      >
        <Input
          className={styles.input}
          value={retention}
          disabled={!canManage}
          onChange={(_, data) => setRetention(data.value)}
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
          {patch.isPending ? "Saving…" : "Save retention"}
        </GuardedButton>
      </div>
    </form>
  );
}
