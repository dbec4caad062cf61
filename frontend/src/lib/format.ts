const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

const relativeSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** Formats an ISO 8601 timestamp in the browser's locale, or "—" when absent. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) {
    return "—";
  }
  return dateTimeFormat.format(new Date(iso));
}

/** Formats an ISO 8601 timestamp relative to now, such as "5 minutes ago". */
export function formatRelative(iso: string, now: Date = new Date()): string {
  let amount = (new Date(iso).getTime() - now.getTime()) / 1000;
  for (const [unit, size] of relativeSteps) {
    if (Math.abs(amount) < size) {
      return relativeFormat.format(Math.round(amount), unit);
    }
    amount /= size;
  }
  return dateTimeFormat.format(new Date(iso));
}

/** Formats a duration between two ISO timestamps as "1 min 5 s" or "12 s". */
export function formatDuration(startIso: string, endIso: string): string {
  const seconds = Math.max(0, Math.round((new Date(endIso).getTime() - new Date(startIso).getTime()) / 1000));
  if (seconds < 60) {
    return `${seconds} s`;
  }
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Formats an ISO 8601 timestamp as a date in the browser's locale and time zone, or "—" when absent. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) {
    return "—";
  }
  return dateFormat.format(new Date(iso));
}
