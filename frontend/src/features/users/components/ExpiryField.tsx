import { Field, Input } from "@fluentui/react-components";
import { localDay, viewerTimeZone } from "../../../lib/expiry";

/**
 * A date picker for the last day of access, as `yyyy-mm-dd` in the viewer's time zone; empty
 * means no expiry. Access ends at the end of the chosen day there, and the API stores it in UTC.
 */
export function ExpiryField({
  value,
  onChange,
  label = "Access expires",
  validationMessage,
}: {
  value: string;
  onChange: (day: string) => void;
  label?: string;
  validationMessage?: string | undefined;
}) {
  return (
    <Field
      label={label}
      hint={`Access ends at the end of this day, ${viewerTimeZone()} time. Leave empty for no expiry.`}
      validationMessage={validationMessage}
    >
      <Input type="date" value={value} min={localDay(new Date())} onChange={(_, data) => onChange(data.value)} />
    </Field>
  );
}

/** Returns why day cannot be an expiry (malformed, or before today), or undefined when it can. */
export function expiryProblem(day: string, now: Date = new Date()): string | undefined {
  if (day === "") {
    return undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    return "Enter a date.";
  }
  if (day < localDay(now)) {
    return "Choose today or a later day.";
  }
  return undefined;
}
