/** One field of an audited change, with its value before and after as display text. */
export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * Lists the fields that differ between the before and after values of an event, with nested
 * objects flattened to dotted paths such as "scope.tenantId". When one side is missing (a
 * creation or a deletion), every field of the other side is listed.
 */
export function diffValues(before: unknown, after: unknown): FieldChange[] {
  const beforeFields = flatten(before);
  const afterFields = flatten(after);
  const oneSided = before === undefined || before === null || after === undefined || after === null;
  const fields = [...new Set([...beforeFields.keys(), ...afterFields.keys()])].sort((a, b) => a.localeCompare(b));

  return fields
    .map((field) => ({ field, before: beforeFields.get(field) ?? null, after: afterFields.get(field) ?? null }))
    .filter((change) => oneSided || change.before !== change.after);
}

/** Flattens value into display texts keyed by dotted path; a scalar at the top is keyed "value". */
function flatten(value: unknown, prefix = "", into = new Map<string, string>()): Map<string, string> {
  if (value === undefined) {
    return into;
  }
  if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, into);
    }
    return into;
  }
  into.set(prefix || "value", displayText(value));
  return into;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns a value as people read it: lists joined with commas, "empty" for "" and []. */
export function displayText(value: unknown): string {
  if (value === null) {
    return "none";
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return "empty";
    }
    return value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ");
  }
  if (typeof value === "string") {
    return value === "" ? "empty" : value;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return JSON.stringify(value) ?? "";
}
