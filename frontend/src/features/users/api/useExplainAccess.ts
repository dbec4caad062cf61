import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { userKeys } from "./keys";

/** Loads, per permission, whether a user holds it in a tenant and which assignments decide. */
export function useExplainAccess(userId: string, tenantId: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: userKeys.access(userId, tenantId ?? ""),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/users/{id}/access", {
          params: { path: { id: userId }, query: { tenantId: tenantId ?? "" } },
          signal,
        }),
      ),
    enabled: tenantId !== null,
  });
}
