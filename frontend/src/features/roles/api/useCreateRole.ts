import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import type { RoleRequest } from "../../../api/types";
import { roleKeys } from "./keys";

/** Creates a custom role; the API returns 409 when the name is taken. */
export function useCreateRole() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RoleRequest) => dataOf(client.POST("/api/v1/roles", { body: request })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: roleKeys.list }),
  });
}
