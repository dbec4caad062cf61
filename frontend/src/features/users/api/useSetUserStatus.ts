import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { userKeys } from "./keys";

/** Disables or enables a user with a reason; the API requires the reason and records it. */
export function useSetUserStatus(userId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ enable, reason }: { enable: boolean; reason: string }) =>
      dataOf(
        client.POST(enable ? "/api/v1/users/{id}/enable" : "/api/v1/users/{id}/disable", {
          params: { path: { id: userId } },
          body: { reason },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
