import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";
import { settingsKey } from "../../../lib/settings";

/**
 * Changes settings, all or none. etag is the settings' ETag as read: the API returns 412 when
 * someone changed them since, so that two administrators cannot overwrite each other.
 */
export function usePatchSettings() {
  const client = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ values, reason, etag }: { values: Record<string, unknown>; reason: string; etag: string }) =>
      dataOf(
        client.PATCH("/api/v1/settings", {
          params: { header: { "If-Match": etag } },
          // The generated type cannot express a map of JSON values, so the body is typed loosely.
          body: { values: values as Record<string, never>, reason: reason || undefined },
        }),
      ),
    onSuccess: (list) => queryClient.setQueryData(settingsKey, list),
  });
}
