import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import type { GrantAccessRequestRequest } from "../../../api/types";
import { invalidateAssignmentViews } from "../../../lib/assignments";
import { accessRequestKeys } from "./keys";

/**
 * Grants a pending request: the requester becomes a user with the given role assignments. A
 * 409 means another reviewer decided first, so every request view is reloaded either way.
 */
export function useGrantAccessRequest() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ requestId, grant }: { requestId: string; grant: GrantAccessRequestRequest }) =>
      dataOf(client.POST("/api/v1/access-requests/{id}/grant", { params: { path: { id: requestId } }, body: grant })),
    onSuccess: () => invalidateAssignmentViews(queryClient),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessRequestKeys.all }),
  });
}

/** Denies a pending request with a reason that the requester sees. */
export function useDenyAccessRequest() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ requestId, reason }: { requestId: string; reason: string }) =>
      dataOf(
        client.POST("/api/v1/access-requests/{id}/deny", { params: { path: { id: requestId } }, body: { reason } }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessRequestKeys.all }),
  });
}
