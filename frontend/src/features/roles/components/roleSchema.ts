import * as z from "zod/mini";
import type { RoleRequest } from "../../../api/types";

/** Validates a custom role's fields as the API does, and produces its request body. */
export const roleSchema = z.object({
  name: z
    .string()
    .check(z.trim(), z.minLength(1, "Enter the role's name."), z.maxLength(100, "Use at most 100 characters.")),
  description: z.optional(z.string().check(z.trim(), z.maxLength(1000, "Use at most 1000 characters."))),
  permissions: z.array(z.string()),
}) satisfies z.ZodMiniType<RoleRequest>;

export type RoleFields = "name" | "description";
export type RoleErrors = Partial<Record<RoleFields, string>>;

/** Validates raw form values; returns the request or a message per invalid field. */
export function parseRole(values: {
  name: string;
  description: string;
  permissions: string[];
}): { ok: true; request: RoleRequest } | { ok: false; errors: RoleErrors } {
  const parsed = roleSchema.safeParse(values);
  if (parsed.success) {
    return { ok: true, request: parsed.data };
  }
  const errors: RoleErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as RoleFields;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
