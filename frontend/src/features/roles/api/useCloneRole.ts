import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { roleKeys } from "./keys";

/** Copies a role, built-in or custom, into a new custom role named name. */
export function useCloneRole(roleId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) =>
      dataOf(client.POST("/api/v1/roles/{id}/clone", { params: { path: { id: roleId } }, body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: roleKeys.list }),
  });
}
