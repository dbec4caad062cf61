import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import type { CreateTenantRequest } from "../../../api/types";
import { tenantsKey } from "../../../lib/tenant-scope";
import { tenantKeys } from "./keys";

/** Adds a customer tenant; the API answers 422 with per-field errors for invalid input. */
export function useCreateTenant() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateTenantRequest) => dataOf(client.POST("/api/v1/tenants", { body: request })),
    onSuccess: async (tenant) => {
      queryClient.setQueryData(tenantKeys.detail(tenant.id), tenant);
      await queryClient.invalidateQueries({ queryKey: tenantsKey });
    },
  });
}
