import { InteractionStatus, type IPublicClientApplication } from "@azure/msal-browser";
import { MsalProvider, useIsAuthenticated, useMsal } from "@azure/msal-react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { Suspense, lazy, useMemo } from "react";
import { LoadingState } from "../components/states";
import { createMsalAuth } from "../lib/auth/msal";
import type { RuntimeConfig } from "../lib/auth/runtime-config";
import { SignInPage } from "./SignInPage";

// The signed-in app (router, query cache, shell) loads after sign-in, which keeps the
// JavaScript of the first page load small.
const SignedInApp = lazy(() => import("./SignedInApp"));

/** The whole SPA for one initialized MSAL application and the server's sign-in settings. */
export function Root({ msal, config }: { msal: IPublicClientApplication; config: RuntimeConfig }) {
  return (
    <FluentProvider theme={webLightTheme}>
      <MsalProvider instance={msal}>
        <SignInGate msal={msal} config={config} />
      </MsalProvider>
    </FluentProvider>
  );
}

function SignInGate({ msal, config }: { msal: IPublicClientApplication; config: RuntimeConfig }) {
  const isAuthenticated = useIsAuthenticated();
  const { inProgress } = useMsal();
  const auth = useMemo(() => createMsalAuth(msal, config.apiScopes), [msal, config.apiScopes]);

  if (!isAuthenticated) {
    if (inProgress !== InteractionStatus.None) {
      return <LoadingState label="Signing you in…" />;
    }
    return <SignInPage onSignIn={() => void auth.signIn(window.location.href)} devHint={config.devHint} />;
  }
  return (
    <Suspense fallback={<LoadingState label="Loading Roster…" />}>
      <SignedInApp auth={auth} />
    </Suspense>
  );
}
