import { useMutation } from "@tanstack/react-query";
import { useApiClient } from "../../../api/ApiClientProvider";
import { dataOf } from "../../../api/client";

/**
 * Starts impersonating a user. The API rejects the request with a 403 problem that explains why
 * when impersonation is off, the target is inactive or holds permissions the caller lacks.
 */
export function useStartImpersonation() {
  const client = useApiClient();
  return useMutation({
    mutationFn: (request: { targetUserId: string; reason: string; durationMinutes?: number }) =>
      dataOf(client.POST("/api/v1/impersonation-sessions", { body: request })),
  });
}
