import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { withResponse } from "../../../api/client";
import type { Role, RoleRequest } from "../../../api/types";
import { roleKeys } from "./keys";

/** A role with the ETag that a later PATCH must send back in If-Match. */
export interface VersionedRole {
  role: Role;
  etag: string;
}

function versioned({ data, response }: { data: Role; response: Response }): VersionedRole {
  const etag = response.headers.get("ETag") ?? data.etag;
  if (!etag) {
    throw new Error(`The API returned role ${data.id} without an ETag`);
  }
  return { role: data, etag };
}

/** Loads a role with the assignments that hold it (those the caller may see). */
export function useRole(roleId: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: roleKeys.detail(roleId),
    queryFn: async ({ signal }) =>
      versioned(await withResponse(client.GET("/api/v1/roles/{id}", { params: { path: { id: roleId } }, signal }))),
  });
}

/**
 * Replaces a custom role's name, description and permissions. The API returns 412 when the role
 * changed since etag was read, and 403 for a permission the caller does not hold everywhere.
 */
export function useUpdateRole(roleId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ request, etag }: { request: RoleRequest; etag: string }) =>
      (
        await withResponse(
          client.PATCH("/api/v1/roles/{id}", {
            params: { path: { id: roleId }, header: { "If-Match": etag } },
            body: request,
          }),
        )
      ).data,
    // The PATCH response lists no holders, so the role is read again rather than replaced.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: roleKeys.all }),
  });
}
