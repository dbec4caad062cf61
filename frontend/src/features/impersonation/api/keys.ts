export const impersonationKeys = {
  all: ["impersonation-sessions"] as const,
  list: (cursor: string | undefined) => [...impersonationKeys.all, "list", cursor ?? null] as const,
};
