import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import type { GrantRequest } from "../../../api/types";
import { invalidateAssignmentViews } from "../../../lib/assignments";

/**
 * Makes one or many people users with the same role assignments, all or none. The API refuses
 * the whole grant when any person or assignment is outside what the caller may grant.
 */
export function useGrantAccess() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: GrantRequest) => dataOf(client.POST("/api/v1/users", { body: request })),
    onSuccess: () => invalidateAssignmentViews(queryClient),
  });
}
