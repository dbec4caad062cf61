import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { roleKeys } from "./keys";

/** Deletes a custom role; the API returns 409 while anyone holds it. */
export function useDeleteRole(roleId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => dataOf(client.DELETE("/api/v1/roles/{id}", { params: { path: { id: roleId } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: roleKeys.detail(roleId) });
      await queryClient.invalidateQueries({ queryKey: roleKeys.list });
    },
  });
}
