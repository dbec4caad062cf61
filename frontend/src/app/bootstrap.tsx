import { PublicClientApplication } from "@azure/msal-browser";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { ProblemPage } from "../components/ProblemPage";
import { msalConfiguration } from "../lib/auth/msal";
import { loadRuntimeConfig } from "../lib/auth/runtime-config";
import { Root } from "./Root";

/**
 * Starts the SPA in container: reads the sign-in settings from the server, finishes a sign-in
 * redirect if this page load is one, and renders.
 */
export async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  try {
    const config = await loadRuntimeConfig();
    const msal = new PublicClientApplication(msalConfiguration(config, window.location.origin));
    await msal.initialize();

    const result = await msal.handleRedirectPromise();
    const account = result?.account ?? msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;
    msal.setActiveAccount(account);

    root.render(
      <StrictMode>
        <Root msal={msal} config={config} />
      </StrictMode>,
    );
  } catch (error) {
    console.error("Roster could not start", error);
    root.render(
      <FluentProvider theme={webLightTheme}>
        <ProblemPage error={error} />
      </FluentProvider>,
    );
  }
}
