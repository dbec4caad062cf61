import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Setting, SettingList } from "../../../api/types";
import { formatDateTime } from "../../../lib/format";

/** Returns the setting key of list, or undefined when the API does not list it. */
export function findSetting(list: SettingList, key: string): Setting | undefined {
  return list.items.find((setting) => setting.key === key);
}

/** Returns the value of a string or duration setting, or "" when it is missing or not a string. */
export function stringSetting(list: SettingList, key: string): string {
  const value = findSetting(list, key)?.value;
  return typeof value === "string" ? value : "";
}

/** Returns who last changed setting and when, or undefined while it has its default. */
export function describeLastChange(setting: Setting | undefined): string | undefined {
  if (!setting?.changed || !setting.updatedAt) {
    return undefined;
  }
  const who = setting.updatedByName || setting.updatedBy || "an administrator";
  return `Last changed by ${who} on ${formatDateTime(setting.updatedAt)}.`;
}

/** Joins the hints that are present into one sentence run. */
export function joinHints(...hints: (string | undefined)[]): string {
  return hints.filter(Boolean).join(" ");
}

/** Returns the allowed range of a duration setting, such as ", from 1m to 8h", or "". */
export function durationRange(setting: Setting | undefined): string {
  if (setting?.min && setting.max) {
    return `, from ${tidyDuration(setting.min)} to ${tidyDuration(setting.max)}`;
  }
  return setting?.min ? `, at least ${tidyDuration(setting.min)}` : "";
}

/** Drops the zero minutes and seconds that Go writes in durations: "8h0m0s" becomes "8h". */
export function tidyDuration(duration: string): string {
  return duration.replace(/(\d[hm])0s$/, "$1").replace(/(\d)h0m$/, "$1h");
}

/** The warning for a save refused with 412 because someone else saved settings meanwhile. */
export function StaleSettingsMessage({ onReload }: { onReload: () => void }) {
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>The settings changed since you opened them</MessageBarTitle>
        Someone else saved settings meanwhile. Reload to see their values, then make your change again.
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onReload}>Reload</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
