import { Button } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { ProblemPage } from "../components/ProblemPage";
import { LoadingState } from "../components/states";
import { RequestAccessPage, mayRequestAccess } from "../features/access-requests/components/RequestAccessPage";
import { NoAccessPage } from "../features/me/components/NoAccessPage";
import { useAuth } from "../lib/auth/AuthProvider";
import { LiveEventsProvider } from "../lib/live-events";
import { useMe } from "../lib/me";
import { Permissions } from "../lib/permissions";

/**
 * Renders children for Roster users whose access is active. People who may ask for access (not
 * a user yet, or expired) get the request page, and everyone else a page that explains why not.
 */
export function AccessGate({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const me = useMe();

  if (me.isPending) {
    return <LoadingState label="Signing you in…" />;
  }
  if (me.isError) {
    return (
      <ProblemPage error={me.error}>
        <div>
          <Button onClick={() => void me.refetch()}>Try again</Button>
        </div>
      </ProblemPage>
    );
  }
  if (!me.data.isUser || me.data.access.status !== "active") {
    if (mayRequestAccess(me.data)) {
      // The stream brings the decision on the caller's own request.
      return (
        <LiveEventsProvider enabled>
          <RequestAccessPage me={me.data} />
        </LiveEventsProvider>
      );
    }
    return <NoAccessPage me={me.data} onSignOut={() => void auth.signOut()} />;
  }
  // Reviewers see new access requests appear live in the top bar.
  return (
    <LiveEventsProvider enabled={new Permissions(me.data).can("access-requests:read")}>{children}</LiveEventsProvider>
  );
}
