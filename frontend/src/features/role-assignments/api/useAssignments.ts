import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { assignmentKeys, type AssignmentsFilter } from "./keys";

export const assignmentsPageSize = 50;

/** Loads one page of role assignments, newest first, in the tenants where the caller may see them. */
export function useAssignments(filter: AssignmentsFilter, cursor: string | undefined) {
  const client = useApiClient();
  return useQuery({
    queryKey: assignmentKeys.list(filter, cursor),
    queryFn: ({ signal }) =>
      dataOf(
        client.GET("/api/v1/role-assignments", {
          params: {
            query: {
              limit: assignmentsPageSize,
              cursor,
              roleId: filter.roleId ?? undefined,
              userId: filter.userId ?? undefined,
            },
          },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}
