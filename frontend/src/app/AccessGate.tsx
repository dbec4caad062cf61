import { Button } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { ProblemPage } from "../components/ProblemPage";
import { LoadingState } from "../components/states";
import { useAuth } from "../lib/auth/AuthProvider";
import { useMe } from "../features/me/api/useMe";
import { NotAUserPage } from "../features/me/components/NotAUserPage";

/** Renders children for Roster users, and a page that explains why for everyone else. */
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
  if (!me.data.isUser) {
    return <NotAUserPage me={me.data} onSignOut={() => void auth.signOut()} />;
  }
  return children;
}
