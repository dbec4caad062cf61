import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { accessRequestKeys } from "./keys";

/** Loads a request with what Roster records of its requester, as far as the caller may read it. */
export function useAccessRequest(requestId: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: accessRequestKeys.detail(requestId),
    queryFn: ({ signal }) =>
      dataOf(client.GET("/api/v1/access-requests/{id}", { params: { path: { id: requestId } }, signal })),
  });
}
