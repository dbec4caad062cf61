import { useMutation } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { withResponse } from "../../../api/client";
import { isApiError } from "../../../api/errors";

/**
 * Ends an impersonation session. The API client sends this request without the impersonation
 * header, so it runs as the administrator. A session the API no longer has counts as ended.
 */
export function useStopImpersonation() {
  const client = useApiClient();
  return useMutation({
    mutationFn: async (sessionId: string) => {
      try {
        await withResponse(
          client.DELETE("/api/v1/impersonation-sessions/{id}", { params: { path: { id: sessionId } } }),
        );
      } catch (error) {
        if (!(isApiError(error) && error.status === 404)) {
          throw error;
        }
      }
    },
  });
}
