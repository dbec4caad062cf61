// Access expiry is stored in UTC by the API and chosen as a calendar day by people. A chosen day
// means "until the end of that day where I am", so the conversions below use the browser's zone.

/** Users whose access ends within this many days are flagged as expiring soon. */
export const expiringSoonDays = 7;

const dayMs = 24 * 60 * 60 * 1000;

/** Returns the UTC instant (ISO 8601) at the end of day, a `yyyy-mm-dd` date in the browser's time zone. */
export function endOfLocalDay(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  if (!year || !month || !date) {
    throw new RangeError(`"${day}" is not a yyyy-mm-dd date`);
  }
  return new Date(year, month - 1, date, 23, 59, 59, 0).toISOString();
}

/** Returns the `yyyy-mm-dd` date, in the browser's time zone, of an ISO 8601 instant. */
export function localDay(iso: string | Date): string {
  const value = typeof iso === "string" ? new Date(iso) : iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}

/** Reports whether an expiry is still ahead of now but within days of it. */
export function isExpiringSoon(expiresAt: string | null, now: Date = new Date(), days = expiringSoonDays): boolean {
  if (!expiresAt) {
    return false;
  }
  const remaining = new Date(expiresAt).getTime() - now.getTime();
  return remaining > 0 && remaining <= days * dayMs;
}

/** Returns the browser's IANA time zone, such as "Europe/Berlin". */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
