import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { clientKeys } from "./keys";

/** Loads every registered API client, sorted by display name. */
export function useRegisteredClients() {
  const client = useApiClient();
  return useQuery({
    queryKey: clientKeys.list(),
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/api-clients", { signal })),
    select: (data) => data.items,
  });
}
