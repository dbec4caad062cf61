import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import type { SyncHealthList } from "../../../api/types";
import { syncHealthKeys } from "./keys";

/** How often the health list is reloaded while a sync runs, and otherwise, in milliseconds. */
export const activePollMs = 1500;
export const idlePollMs = 30_000;

/** Reports whether any tenant of list has a sync queued or running. */
export function hasActiveSync(list: SyncHealthList | undefined): boolean {
  return (list?.items ?? []).some((item) => item.lastRun?.status === "queued" || item.lastRun?.status === "running");
}

/**
 * Loads the sync state of every linked tenant the caller may see, most urgent first. It is
 * reloaded every 1.5 seconds while a sync runs, so that progress shows live, and every 30
 * seconds otherwise.
 */
export function useSyncHealth() {
  const client = useApiClient();
  return useQuery({
    queryKey: syncHealthKeys.health,
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/sync-health", { signal })),
    staleTime: 0,
    refetchInterval: (query) => (hasActiveSync(query.state.data) ? activePollMs : idlePollMs),
  });
}
