import { useMutation } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";

/**
 * Checks that Roster's application may read the tenant's directory: it gets a token for the
 * tenant and reads one user. A missing consent or app comes back as ok: false with what to do.
 */
export function useCheckConsent(tenantId: string) {
  const client = useApiClient();
  return useMutation({
    mutationFn: () => dataOf(client.POST("/api/v1/tenants/{id}/check-consent", { params: { path: { id: tenantId } } })),
  });
}
