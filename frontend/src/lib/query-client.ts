import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isApiError } from "../api/errors";

/**
 * Creates the app's query client. Any query or mutation that the API rejects with 401 calls
 * onUnauthorized once, which sends the browser to sign in and back to the same page.
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  let redirecting = false;
  const handleError = (error: unknown) => {
    if (!redirecting && isApiError(error) && error.status === 401) {
      redirecting = true;
      onUnauthorized();
    }
  };

  return new QueryClient({
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
}
