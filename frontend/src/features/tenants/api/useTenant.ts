import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { tenantKeys } from "./keys";

export function useTenant(tenantId: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: tenantKeys.detail(tenantId),
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/tenants/{id}", { params: { path: { id: tenantId } }, signal })),
  });
}
