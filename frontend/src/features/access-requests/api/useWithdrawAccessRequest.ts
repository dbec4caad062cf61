import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { accessRequestKeys } from "./keys";

/** Withdraws one of the caller's own pending requests. */
export function useWithdrawAccessRequest() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (requestId: string) =>
      dataOf(client.POST("/api/v1/access-requests/{id}/withdraw", { params: { path: { id: requestId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accessRequestKeys.mine() }),
  });
}
