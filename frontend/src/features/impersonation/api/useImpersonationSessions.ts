import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { impersonationKeys } from "./keys";

export const sessionsPageSize = 50;

/** Loads one page of impersonation sessions, newest first, starting at cursor. */
export function useImpersonationSessions(cursor: string | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: impersonationKeys.list(cursor),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/impersonation-sessions", {
          params: { query: { limit: sessionsPageSize, cursor } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
