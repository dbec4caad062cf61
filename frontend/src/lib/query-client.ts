import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError, type ApiError } from "../api/errors";
import { endImpersonation, impersonationSessionId, isImpersonationOver, resetForNewIdentity } from "./impersonation";
import { meKey } from "./me";

// Problem types of a 403 that refuses the caller as a whole rather than one request: their user
// was disabled, expired, suspended or removed since /me was read.
const refusalTypes = /:(user-disabled|user-expired|user-suspended|not-a-user)$/;

/** Reports whether error says the caller may no longer act at all. */
export function isAccessRefusal(error: unknown): boolean {
  return isApiError(error) && error.status === 403 && refusalTypes.test(error.type);
}

/**
 * Creates the app's query client. Any query or mutation that the API rejects with 401 calls
 * onUnauthorized once, which sends the browser to sign in and back to the same page. A 403 that
 * refuses the caller as a whole reloads /me, so that the page explaining why replaces the app.
 * A failure reporting that the impersonation session of this tab is over ends it, with a notice
 * that explains why, and reloads everything as the signed-in person.
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  let redirecting = false;
  const handleError = (error: unknown) => {
    if (!redirecting && isApiError(error) && error.status === 401) {
      redirecting = true;
      onUnauthorized();
    }
    if (isAccessRefusal(error)) {
      void client.invalidateQueries({ queryKey: meKey });
    }
    if (isImpersonationOver(error, impersonationSessionId())) {
      endImpersonation(impersonationEndNotice(error as ApiError));
      resetForNewIdentity(client);
    }
  };

  const client = new QueryClient({
    queryCache: new QueryCache({ onError: handleError }),
    mutationCache: new MutationCache({ onError: handleError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // A 4xx answer will not change on retry; network failures and 5xx get two more tries.
        retry: (failureCount, error) =>
          failureCount < 2 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
    },
  });
  return client;
}

/** Returns the notice for a session that ended on its own, with the API's reason when it gave one. */
function impersonationEndNotice(error: ApiError): string {
  // The API's detail reads "impersonation session has ended (expired); …".
  const reason = /\(([^)]+)\)/.exec(error.detail)?.[1];
  const ended = reason ? `Your impersonation session ended: ${reason}.` : "Your impersonation session ended.";
  return `${ended} Roster shows your own view again.`;
}
