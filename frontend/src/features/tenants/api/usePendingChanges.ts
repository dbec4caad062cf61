import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { tenantKeys } from "./keys";

const pendingPageSize = 50;

/**
 * Loads one page of the people whom a run would disable or remove, in display-name order, as
 * they are now.
 */
export function usePendingChanges(runId: string, cursor: string | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: tenantKeys.pendingChanges(runId, cursor),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/sync-runs/{id}/pending-changes", {
          params: { path: { id: runId }, query: { limit: pendingPageSize, cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
