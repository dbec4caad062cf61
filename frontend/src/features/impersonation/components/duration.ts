const unitMinutes: Record<string, number> = { d: 24 * 60, h: 60, m: 1, s: 1 / 60 };

/**
 * Returns the whole minutes of a duration setting written as the API writes them: days ("1d")
 * or Go durations of hours, minutes and seconds ("90m", "1h30m"). Returns null for anything else.
 */
export function durationMinutes(value: unknown): number | null {
  if (typeof value !== "string" || !/^(\d+(d|h|m|s))+$/.test(value)) {
    return null;
  }
  let minutes = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(d|h|m|s)/g)) {
    minutes += Number(amount) * (unitMinutes[unit ?? ""] ?? 0);
  }
  return Math.floor(minutes);
}

/** Formats seconds as "45 s", "12 min" or "1 h 5 min". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const rest = minutes % 60;
  return rest === 0 ? `${Math.floor(minutes / 60)} h` : `${Math.floor(minutes / 60)} h ${rest} min`;
}
