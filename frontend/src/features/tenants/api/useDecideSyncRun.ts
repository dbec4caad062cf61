import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { tenantsKey } from "../../../lib/tenant-scope";
import { tenantKeys } from "./keys";

/**
 * Confirms (applies what the guard held back) or discards a run that stopped for confirmation.
 * The API returns 409 when the run was decided meanwhile.
 */
export function useDecideSyncRun(runId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: "confirm" | "discard") =>
      dataOf(
        decision === "confirm"
          ? client.POST("/api/v1/sync-runs/{id}/confirm", { params: { path: { id: runId } } })
          : client.POST("/api/v1/sync-runs/{id}/discard", { params: { path: { id: runId } } }),
      ),
    onSuccess: async (run) => {
      queryClient.setQueryData(tenantKeys.syncRun(run.id), run);
      await queryClient.invalidateQueries({ queryKey: tenantsKey });
    },
  });
}
