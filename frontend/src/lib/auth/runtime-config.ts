import * as z from "zod/mini";

/**
 * Sign-in settings served by the Roster server at GET /config.json, so that one build of the SPA
 * runs against the development identity provider and against Entra ID.
 */
const runtimeConfigSchema = z.object({
  clientId: z.string().check(z.minLength(1)),
  authority: z.url(),
  knownAuthorities: z.array(z.string().check(z.minLength(1))),
  apiScopes: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
  redirectPath: z.string().check(z.startsWith("/")),
  dev: z.boolean(),
  devHint: z.optional(z.string()),
});

export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/** Fetches and validates /config.json; the error names the first invalid field. */
export async function loadRuntimeConfig(fetchFn: typeof fetch = fetch): Promise<RuntimeConfig> {
  const response = await fetchFn("/config.json", { headers: { Accept: "application/json" } });
  if (!response.ok) {
    throw new Error(`Loading /config.json failed with status ${response.status}`);
  }

  const parsed = runtimeConfigSchema.safeParse(await response.json());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join(".") ?? "";
    throw new Error(`/config.json is invalid: ${path} ${issue?.message ?? ""}`.trim());
  }
  return parsed.data;
}
