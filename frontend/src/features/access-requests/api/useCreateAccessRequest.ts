import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { accessRequestKeys } from "./keys";

/**
 * Asks for access with an optional justification. Whether it succeeds or is rejected (pending
 * already, switched off, rate limited), the caller's own list is reloaded to show why.
 */
export function useCreateAccessRequest() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (justification: string) =>
      dataOf(client.POST("/api/v1/access-requests", { body: justification ? { justification } : {} })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessRequestKeys.mine() }),
  });
}
