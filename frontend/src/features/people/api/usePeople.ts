import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { peopleKeys, type PeopleFilter } from "./keys";

export const peoplePageSize = 50;

/**
 * Loads one page of people matching filter, starting at cursor. The server sorts and filters,
 * so only one page is ever in memory; the previous page stays on screen while the next loads.
 */
export function usePeople(filter: PeopleFilter, cursor: string | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: peopleKeys.list(filter, cursor),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/people", {
          params: {
            query: {
              limit: peoplePageSize,
              cursor,
              q: filter.q || undefined,
              tenantId: filter.tenantId ?? undefined,
              status: filter.status ?? undefined,
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
