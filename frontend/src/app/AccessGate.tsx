import { Button } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { ProblemPage } from "../components/ProblemPage";
import { LoadingState } from "../components/states";
import { useAuth } from "../lib/auth/AuthProvider";
import { useMe } from "../lib/me";
import { NoAccessPage } from "../features/me/components/NoAccessPage";

/**
 * Renders children for Roster users whose access is active, and a page that explains why for
 * everyone else: not a user yet, or disabled, expired or suspended.
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
    return <NoAccessPage me={me.data} onSignOut={() => void auth.signOut()} />;
  }
  return children;
}
