import { tenantsKey } from "../../../lib/tenant-scope";

export const tenantKeys = {
  detail: (tenantId: string) => [...tenantsKey, "detail", tenantId] as const,
  syncRuns: (tenantId: string) => [...tenantsKey, "detail", tenantId, "sync-runs"] as const,
  syncRun: (runId: string) => ["sync-runs", runId] as const,
  pendingChanges: (runId: string, cursor: string | undefined) =>
    ["sync-runs", runId, "pending-changes", cursor ?? null] as const,
};
