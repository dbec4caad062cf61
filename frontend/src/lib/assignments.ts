import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useApiClient } from "../api/ApiClientProvider";
import { dataOf } from "../api/client";
import type { RoleAssignmentRequest } from "../api/types";
import { accessKeys } from "./access-keys";

/** Refetches everything that shows role assignments: users, API clients, roles and the global list. */
export async function invalidateAssignmentViews(queryClient: QueryClient): Promise<void> {
  await Promise.all(
    [accessKeys.users, accessKeys.apiClients, accessKeys.roles, accessKeys.roleAssignments].map((queryKey) =>
      queryClient.invalidateQueries({ queryKey }),
    ),
  );
}

/** Creates role assignments, all or none; the API refuses any the caller could not grant. */
export function useCreateAssignments() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: RoleAssignmentRequest[]) =>
      dataOf(client.POST("/api/v1/role-assignments", { body: { items } })),
    onSuccess: () => invalidateAssignmentViews(queryClient),
  });
}

/** Removes one role assignment, recording reason in the audit trail. */
export function useDeleteAssignment() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      dataOf(
        client.DELETE("/api/v1/role-assignments/{id}", {
          params: { path: { id }, query: { reason: reason || undefined } },
        }),
      ),
    onSuccess: () => invalidateAssignmentViews(queryClient),
  });
}
