import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";

export const meKey = ["me"] as const;

/** Loads the signed-in caller: identity, whether they are a Roster user, and their permissions. */
export function useMe() {
  const client = useApiClient();
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/me", { signal })),
    staleTime: 5 * 60_000,
  });
}
