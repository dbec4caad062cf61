import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { accessRequestKeys } from "./keys";

/** Loads the caller's own requests and whether they may make one now. */
export function useMyAccessRequests() {
  const client = useApiClient();
  return useQuery({
    queryKey: accessRequestKeys.mine(),
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/access-requests/mine", { signal })),
  });
}
