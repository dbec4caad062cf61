import type { GrantAccessRequestRequest, GrantExpiryPreset } from "../../../api/types";
import { endOfLocalDay, localDay } from "../../../lib/expiry";

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

/** The expiries a reviewer picks from, as the API's expiresIn takes them, with their length. */
export const expiryPresets: { value: GrantExpiryPreset; label: string; ms: number | null }[] = [
  { value: "1h", label: "1 hour", ms: hourMs },
  { value: "1d", label: "1 day", ms: dayMs },
  { value: "3d", label: "3 days", ms: 3 * dayMs },
  { value: "30d", label: "30 days", ms: 30 * dayMs },
  { value: "never", label: "Never", ms: null },
];

/** An expiry choice: a preset, a chosen day, or the instance's default (the API applies it). */
export type ExpiryChoice = GrantExpiryPreset | "date" | "default";

export function isExpiryPreset(value: unknown): value is GrantExpiryPreset {
  return expiryPresets.some((preset) => preset.value === value);
}

/** Returns the expiry fields of a grant request for choice; day is the `yyyy-mm-dd` for "date". */
export function expiryRequest(
  choice: ExpiryChoice,
  day: string,
): Pick<GrantAccessRequestRequest, "expiresAt" | "expiresIn"> {
  if (choice === "default") {
    return {};
  }
  if (choice === "date") {
    return { expiresAt: endOfLocalDay(day) };
  }
  return { expiresIn: choice };
}

/** Returns why the choice cannot be sent (a missing or past day), or undefined when it can. */
export function expiryChoiceProblem(choice: ExpiryChoice, day: string, now: Date = new Date()): string | undefined {
  if (choice !== "date") {
    return undefined;
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    return "Choose the last day of access.";
  }
  if (day < localDay(now)) {
    return "Choose today or a later day.";
  }
  return undefined;
}

/** Returns when access granted now with choice would end, or null for no expiry or the default. */
export function expiryEnd(choice: ExpiryChoice, day: string, now: Date = new Date()): Date | null {
  if (choice === "date") {
    return expiryChoiceProblem(choice, day, now) ? null : new Date(endOfLocalDay(day));
  }
  const preset = expiryPresets.find((candidate) => candidate.value === choice);
  return preset?.ms ? new Date(now.getTime() + preset.ms) : null;
}
