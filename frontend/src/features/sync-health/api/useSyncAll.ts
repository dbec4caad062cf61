import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { tenantsKey } from "../../../lib/tenant-scope";
import { syncHealthKeys } from "./keys";

/**
 * Starts a sync of every linked tenant where the caller may run syncs. The API returns one run
 * per tenant: the new one, or the run already queued, running or awaiting confirmation.
 */
export function useSyncAll() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(client.POST("/api/v1/sync")),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: syncHealthKeys.health }),
        queryClient.invalidateQueries({ queryKey: tenantsKey }),
      ]);
    },
  });
}
