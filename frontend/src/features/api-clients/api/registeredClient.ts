import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { withResponse } from "../../../api/client";
import type { RegisteredClient, RegisteredClientRequest } from "../../../api/types";
import { clientKeys } from "./keys";

/** An API client with the ETag that a later PATCH must send back in If-Match. */
export interface VersionedClient {
  client: RegisteredClient;
  etag: string;
}

function versioned({ data, response }: { data: RegisteredClient; response: Response }): VersionedClient {
  const etag = response.headers.get("ETag") ?? data.etag;
  if (!etag) {
    throw new Error(`The API returned API client ${data.id} without an ETag`);
  }
  return { client: data, etag };
}

/** Loads one API client with its role assignments. */
export function useRegisteredClient(id: string) {
  const api = useApiClient();
  return useQuery({
    queryKey: clientKeys.detail(id),
    queryFn: async ({ signal }) =>
      versioned(await withResponse(api.GET("/api/v1/api-clients/{id}", { params: { path: { id } }, signal }))),
  });
}

/**
 * Changes an API client's display name, owner or status (active or disabled). The API answers
 * 412 when the client changed since etag was read.
 */
export function useUpdateClient(id: string) {
  const api = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ change, etag }: { change: Omit<RegisteredClientRequest, "clientId">; etag: string }) =>
      (
        await withResponse(
          api.PATCH("/api/v1/api-clients/{id}", {
            params: { path: { id }, header: { "If-Match": etag } },
            body: change,
          }),
        )
      ).data,
    // The PATCH response lists no role assignments, so the client is read again.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clientKeys.all }),
  });
}
