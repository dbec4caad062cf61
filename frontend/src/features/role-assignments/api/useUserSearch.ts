import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { assignmentKeys } from "./keys";

/** How many matching users the user filter offers. */
const suggestions = 20;

/** Searches users by name, mail or user principal name for the user filter, once enabled. */
export function useUserSearch(q: string, enabled: boolean) {
  const client = useApiClient();
  return useQuery({
    queryKey: assignmentKeys.userSearch(q),
    queryFn: ({ signal }) =>
      dataOf(client.GET("/api/v1/users", { params: { query: { q: q || undefined, limit: suggestions } }, signal })),
    select: (data) => data.items,
    enabled,
  });
}
