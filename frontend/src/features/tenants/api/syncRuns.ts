import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import type { SyncRun } from "../../../api/types";
import { tenantsKey } from "../../../lib/tenant-scope";
import { tenantKeys } from "./keys";

const historyPageSize = 20;

/** How often a queued or running sync is polled, in milliseconds. */
export const syncPollIntervalMs = 1000;

export function isActive(run: Pick<SyncRun, "status">): boolean {
  return run.status === "queued" || run.status === "running";
}

/** Loads a tenant's sync runs, newest first, 20 at a time. */
export function useSyncRuns(tenantId: string) {
  const client = useApiClient();
  return useInfiniteQuery({
    queryKey: tenantKeys.syncRuns(tenantId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      dataOf(
        client.GET("/api/v1/tenants/{id}/sync-runs", {
          params: { path: { id: tenantId }, query: { limit: historyPageSize, cursor: pageParam } },
          signal,
        }),
      ),
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    select: (data) => data.pages.flatMap((page) => page.items),
  });
}

/**
 * Starts a sync of a tenant. The API returns 202 with the new run, or with the run already in
 * progress when one is.
 */
export function useStartSync(tenantId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(client.POST("/api/v1/tenants/{id}/sync", { params: { path: { id: tenantId } } })),
    onSuccess: async (run) => {
      queryClient.setQueryData(tenantKeys.syncRun(run.id), run);
      await queryClient.invalidateQueries({ queryKey: tenantKeys.syncRuns(tenantId) });
    },
  });
}

/**
 * Loads one sync run and polls it while it is queued or running. When it ends, the tenant's
 * details, history and the tenant list are refetched, since its last sync changed.
 */
export function useSyncRun(runId: string | null) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: tenantKeys.syncRun(runId ?? ""),
    queryFn: ({ signal }) =>
      dataOf(client.GET("/api/v1/sync-runs/{id}", { params: { path: { id: runId ?? "" } }, signal })),
    enabled: runId !== null,
    staleTime: 0,
    refetchInterval: (current) => (current.state.data && isActive(current.state.data) ? syncPollIntervalMs : false),
  });

  const finishedTenantId = query.data && !isActive(query.data) ? query.data.tenantId : null;
  useEffect(() => {
    if (finishedTenantId) {
      void queryClient.invalidateQueries({ queryKey: tenantsKey });
    }
  }, [finishedTenantId, queryClient]);

  return query;
}
