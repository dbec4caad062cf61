import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { meKey } from "../../../lib/me";
import { tenantsKey } from "../../../lib/tenant-scope";
import { tenantKeys } from "./keys";

/**
 * Replaces a tenant's tags. Tag-scoped role assignments follow tags, so the caller's own
 * permissions (from /me) are reloaded as well.
 */
export function useUpdateTenantTags(tenantId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tags: string[]) =>
      dataOf(client.PATCH("/api/v1/tenants/{id}", { params: { path: { id: tenantId } }, body: { tags } })),
    onSuccess: async (tenant) => {
      queryClient.setQueryData(tenantKeys.detail(tenantId), tenant);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: tenantsKey }),
        queryClient.invalidateQueries({ queryKey: meKey }),
      ]);
    },
  });
}
