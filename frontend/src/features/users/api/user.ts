import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { withResponse } from "../../../api/client";
import type { User } from "../../../api/types";
import { userKeys } from "./keys";

/** A user with the ETag that a later PATCH must send back in If-Match. */
export interface VersionedUser {
  user: User;
  etag: string;
}

function versioned({ data, response }: { data: User; response: Response }): VersionedUser {
  const etag = response.headers.get("ETag") ?? data.etag;
  if (!etag) {
    throw new Error(`The API returned user ${data.id} without an ETag`);
  }
  return { user: data, etag };
}

/** Loads a user with their role assignments. */
export function useUser(userId: string) {
  const client = useApiClient();
  return useQuery({
    queryKey: userKeys.detail(userId),
    queryFn: async ({ signal }) =>
      versioned(await withResponse(client.GET("/api/v1/users/{id}", { params: { path: { id: userId } }, signal }))),
  });
}

/**
 * Sets (an ISO 8601 instant) or clears (null) a user's access expiry. The API returns 412 when
 * the user changed since etag was read, so two administrators cannot overwrite each other.
 */
export function useSetExpiry(userId: string) {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ expiresAt, etag, reason }: { expiresAt: string | null; etag: string; reason?: string }) =>
      versioned(
        await withResponse(
          client.PATCH("/api/v1/users/{id}", {
            params: { path: { id: userId }, header: { "If-Match": etag } },
            body: { expiresAt, reason: reason || undefined },
          }),
        ),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(userKeys.detail(userId), updated);
      await queryClient.invalidateQueries({ queryKey: userKeys.lists() });
    },
  });
}
