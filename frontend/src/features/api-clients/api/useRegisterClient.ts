import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import type { RegisteredClientRequest } from "../../../api/types";
import { clientKeys } from "./keys";

/** Registers an Entra application by client id; the API returns 409 when it is registered already. */
export function useRegisterClient() {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: RegisteredClientRequest) => dataOf(api.POST("/api/v1/api-clients", { body: request })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.list() }),
  });
}
