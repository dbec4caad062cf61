import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiClientProvider } from "../api/ApiClientProvider";
import { createApiClient } from "../api/client";
import { AuthProvider } from "../lib/auth/AuthProvider";
import type { Auth } from "../lib/auth/msal";
import { impersonationSessionId } from "../lib/impersonation";
import { createQueryClient } from "../lib/query-client";

/**
 * Provides the signed-in session, the API client and the query cache. A 401 from the API sends
 * the browser to sign in and back to the current address.
 */
export function AppProviders({ auth, baseUrl, children }: { auth: Auth; baseUrl: string; children: ReactNode }) {
  const [client] = useState(() =>
    createApiClient({
      baseUrl,
      getAccessToken: () => auth.getAccessToken(),
      getImpersonationSessionId: impersonationSessionId,
    }),
  );
  const [queryClient] = useState(() => createQueryClient(() => void auth.signIn(window.location.href)));

  return (
    <AuthProvider auth={auth}>
      <ApiClientProvider client={client}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </ApiClientProvider>
    </AuthProvider>
  );
}
