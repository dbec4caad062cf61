import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../api/ApiClientProvider";
import { dataOf } from "../api/client";

export const meKey = ["me"] as const;

/**
 * Loads the signed-in caller: identity, access status and effective permissions. Every feature
 * reads it to decide which controls to offer, so it lives in the shared layer.
 */
export function useMe() {
  const client = useApiClient();
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/me", { signal })),
    staleTime: 5 * 60_000,
  });
}
