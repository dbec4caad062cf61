import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { accessRequestKeys } from "./keys";

/**
 * Loads the number of pending requests the caller may decide. pollMs, when set, refetches it
 * that often, for when live events are not arriving.
 */
export function usePendingCount({ pollMs }: { pollMs: number | false }) {
  const client = useApiClient();
  return useQuery({
    queryKey: accessRequestKeys.pendingCount(),
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/access-requests/pending-count", { signal })),
    select: (data) => data.count,
    refetchInterval: pollMs,
  });
}
