import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { invalidateAssignmentViews } from "../../../lib/assignments";
import { userKeys } from "./keys";

/** Removes a user's access and their role assignments; the person and the audit trail stay. */
export function useRemoveUser(userId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      dataOf(
        client.DELETE("/api/v1/users/{id}", {
          params: { path: { id: userId }, query: { reason: reason || undefined } },
        }),
      ),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: userKeys.detail(userId) });
      await invalidateAssignmentViews(queryClient);
    },
  });
}
