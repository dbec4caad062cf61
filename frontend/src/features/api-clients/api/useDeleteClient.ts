import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { invalidateAssignmentViews } from "../../../lib/assignments";
import { clientKeys } from "./keys";

/** Removes an API client and its role assignments; its tokens are refused from then on. */
export function useDeleteClient(id: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(api.DELETE("/api/v1/api-clients/{id}", { params: { path: { id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: clientKeys.detail(id) });
      await invalidateAssignmentViews(queryClient);
    },
  });
}
