import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { assignmentKeys } from "./keys";

/** Loads the display name of the user the filter names, such as one taken from the address. */
export function useUserName(userId: string | null) {
  const client = useApiClient();
  return useQuery({
    queryKey: assignmentKeys.userName(userId ?? ""),
    queryFn: ({ signal }) =>
      dataOf(client.GET("/api/v1/users/{id}", { params: { path: { id: userId ?? "" } }, signal })),
    select: (user) => user.displayName,
    enabled: userId !== null,
  });
}
