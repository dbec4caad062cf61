import { Field, Input, Radio, RadioGroup, makeStyles, tokens } from "@fluentui/react-components";
import { localDay, viewerTimeZone } from "../../../lib/expiry";
import { formatDateTime } from "../../../lib/format";
import { expiryEnd, expiryPresets, type ExpiryChoice } from "./grantExpiry";

const useStyles = makeStyles({
  field: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  date: { maxWidth: "220px" },
});

/**
 * Picks when granted access ends: a preset, a chosen day (ending at midnight in the reviewer's
 * time zone), or, for reviewers who cannot read the settings, the instance's default.
 */
export function GrantExpiryField({
  choice,
  day,
  onChange,
  defaultLabel,
  validationMessage,
}: {
  choice: ExpiryChoice;
  day: string;
  onChange: (choice: ExpiryChoice, day: string) => void;
  /** The default preset's label, such as "30 days", or null when the settings are unreadable. */
  defaultLabel: string | null;
  validationMessage?: string | undefined;
}) {
  const styles = useStyles();
  const end = expiryEnd(choice, day);
  let hint = end ? `Access ends on ${formatDateTime(end.toISOString())}.` : "Access does not expire.";
  if (choice === "default") {
    hint = "Roster's default grant expiry applies.";
  } else if (defaultLabel) {
    hint += ` The default is ${defaultLabel}.`;
  }

  return (
    <div className={styles.field}>
      <Field label="Access expires" hint={hint} validationMessage={validationMessage}>
        <RadioGroup
          layout="horizontal"
          value={choice}
          onChange={(_, data) => onChange(data.value as ExpiryChoice, day)}
        >
          {defaultLabel === null && <Radio value="default" label="Default" />}
          {expiryPresets.map((preset) => (
            <Radio key={preset.value} value={preset.value} label={preset.label} />
          ))}
          <Radio value="date" label="On a date" />
        </RadioGroup>
      </Field>
      {choice === "date" && (
        <Field label="Last day of access" hint={`Access ends at the end of this day, ${viewerTimeZone()} time.`}>
          <Input
            className={styles.date}
            type="date"
            value={day}
            min={localDay(new Date())}
            onChange={(_, data) => onChange("date", data.value)}
          />
        </Field>
      )}
    </div>
  );
}
