import { useQuery } from "@tanstack/react-query";
import { useApiClient } from "../api/ApiClientProvider";
import { dataOf } from "../api/client";
import { accessKeys } from "./access-keys";

/** Loads every role, built-in first; the role pickers of several features share it. */
export function useRoleList(options: { enabled?: boolean } = {}) {
  const client = useApiClient();
  return useQuery({
    queryKey: accessKeys.roleList,
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/roles", { signal })),
    select: (data) => data.items,
    enabled: options.enabled ?? true,
  });
}

/** Loads the permission catalogue. It changes only with a new Roster version, so it is never refetched. */
export function usePermissionCatalogue(options: { enabled?: boolean } = {}) {
  const client = useApiClient();
  return useQuery({
    queryKey: accessKeys.permissionCatalogue,
    queryFn: ({ signal }) => dataOf(client.GET("/api/v1/permissions", { signal })),
    select: (data) => data.items,
    staleTime: Number.POSITIVE_INFINITY,
    enabled: options.enabled ?? true,
  });
}
