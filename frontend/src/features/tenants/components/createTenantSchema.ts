import * as z from "zod/mini";
import type { CreateTenantRequest } from "../../../api/types";

// A DNS name of at least two labels; each label is 1 to 63 letters, digits or inner hyphens.
const domainPattern = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Validates the "Add customer tenant" form and produces the API's request body. */
export const createTenantSchema = z.object({
  name: z
    .string()
    .check(z.trim(), z.minLength(1, "Enter the tenant's name."), z.maxLength(200, "Use at most 200 characters.")),
  entraTenantId: z.pipe(
    z.string().check(z.trim(), z.toLowerCase()),
    z.guid("Enter the Entra tenant id as a GUID, such as 2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02."),
  ),
  primaryDomain: z
    .string()
    .check(z.trim(), z.toLowerCase(), z.regex(domainPattern, "Enter a domain name, such as fabrikam.com.")),
}) satisfies z.ZodMiniType<CreateTenantRequest>;

export type CreateTenantFields = keyof CreateTenantRequest;
export type CreateTenantErrors = Partial<Record<CreateTenantFields, string>>;

/** Validates raw form values; returns the request or a message per invalid field. */
export function parseCreateTenant(
  values: Record<CreateTenantFields, string>,
): { ok: true; request: CreateTenantRequest } | { ok: false; errors: CreateTenantErrors } {
  const parsed = createTenantSchema.safeParse(values);
  if (parsed.success) {
    return { ok: true, request: parsed.data };
  }

  const errors: CreateTenantErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as CreateTenantFields;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
