import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { accessRequestKeys, type AccessRequestsFilter } from "./keys";

export const accessRequestsPageSize = 50;

/** Loads one page of the requests the caller may read, matching filter, starting at cursor. */
export function useAccessRequests(filter: AccessRequestsFilter, cursor: string | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: accessRequestKeys.list(filter, cursor),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/access-requests", {
          params: {
            query: {
              limit: accessRequestsPageSize,
              cursor,
              status: filter.status ?? undefined,
              tenantId: filter.tenantId ?? undefined,
              olderThan: filter.olderThan ?? undefined,
              newerThan: filter.newerThan ?? undefined,
              sort: filter.oldestFirst ? "createdAt" : "-createdAt",
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
