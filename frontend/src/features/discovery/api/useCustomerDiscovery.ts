import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { discoveryKeys } from "./keys";

/**
 * Lists the MSP's customers as Microsoft Graph reports them, each marked linked or not. A failed
 * or empty response from Graph arrives as a 200 with no customers and a warning.
 */
export function useCustomerDiscovery() {
  const client = useApiClient();
  return useQuery({
    queryKey: discoveryKeys.customers,
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/customer-discovery", { signal })),
  });
}
