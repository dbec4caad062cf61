import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { tenantsKey } from "../../../lib/tenant-scope";
import { discoveryKeys } from "./keys";

/** The customers to link: those with the given Entra tenant ids, or every one not linked yet. */
export type LinkSelection = { tenantIds: string[] } | { all: true };

/**
 * Creates a linked tenant for each selected customer. The API lists the customers again first
 * and returns those it skipped with the reason.
 */
export function useLinkCustomers() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (selection: LinkSelection) =>
      dataOf(
        client.POST("/api/v1/customer-discovery/link", {
          body: "all" in selection ? { all: true, tenantIds: [] } : { all: false, tenantIds: selection.tenantIds },
        }),
      ),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: discoveryKeys.customers }),
        queryClient.invalidateQueries({ queryKey: tenantsKey }),
      ]);
    },
  });
}
