import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { expiringSoonDays } from "../../../lib/expiry";
import { userKeys, type UsersFilter } from "./keys";

export const usersPageSize = 50;

/** Loads one page of users matching filter, starting at cursor; the server filters and sorts. */
export function useUsers(filter: UsersFilter, cursor: string | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: userKeys.list(filter, cursor),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/users", {
          params: {
            query: {
              limit: usersPageSize,
              cursor,
              q: filter.q || undefined,
              tenantId: filter.tenantId ?? undefined,
              roleId: filter.roleId ?? undefined,
              status: filter.status ?? undefined,
              expiringWithin: filter.expiringSoon ? `${expiringSoonDays}d` : undefined,
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
