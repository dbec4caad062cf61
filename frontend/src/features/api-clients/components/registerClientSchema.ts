import * as z from "zod/mini";
import type { RegisteredClientRequest } from "../../../api/types";

/** Validates the "Register API client" form as the API does, and produces its request body. */
export const registerClientSchema = z.object({
  clientId: z.pipe(
    z.string().check(z.trim(), z.toLowerCase()),
    z.guid("Enter the application (client) id as a GUID, from the app registration's overview."),
  ),
  displayName: z
    .string()
    .check(z.trim(), z.minLength(1, "Enter a display name."), z.maxLength(200, "Use at most 200 characters.")),
  owner: z.string().check(z.trim(), z.maxLength(200, "Use at most 200 characters.")),
}) satisfies z.ZodMiniType<RegisteredClientRequest>;

export type RegisterClientFields = "clientId" | "displayName" | "owner";
export type RegisterClientErrors = Partial<Record<RegisterClientFields, string>>;

/** Validates raw form values; returns the request or a message per invalid field. */
export function parseRegisterClient(
  values: Record<RegisterClientFields, string>,
): { ok: true; request: RegisteredClientRequest } | { ok: false; errors: RegisterClientErrors } {
  const parsed = registerClientSchema.safeParse(values);
  if (parsed.success) {
    return { ok: true, request: parsed.data };
  }
  const errors: RegisterClientErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as RegisterClientFields;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
