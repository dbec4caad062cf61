import {
  InteractionRequiredAuthError,
  type AccountInfo,
  type Configuration,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import type { RuntimeConfig } from "./runtime-config";

/** MSAL renews a cached access token once it is this close to expiry (MSAL's default too). */
const tokenRenewalOffsetSeconds = 300;

/** Builds the MSAL configuration for the authority and client named by /config.json. */
export function msalConfiguration(config: RuntimeConfig, origin: string): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      // Listing the authority's host stops MSAL from asking Microsoft's instance discovery
      // endpoint about it, which the development identity provider needs.
      knownAuthorities: config.knownAuthorities,
      redirectUri: origin + config.redirectPath,
      postLogoutRedirectUri: origin + "/",
    },
    cache: { cacheLocation: "sessionStorage" },
    system: { tokenRenewalOffsetSeconds, allowPlatformBroker: false },
  };
}

/** Thrown when a request needs a sign-in and the browser is already being sent to it. */
export class SignInRequiredError extends Error {
  constructor() {
    super("Sign-in required: redirecting to the identity provider");
    this.name = "SignInRequiredError";
  }
}

/** The signed-in session as the rest of the SPA sees it. */
export interface Auth {
  /** The signed-in account, or null before sign-in. */
  account: AccountInfo | null;
  /** Returns an API access token, renewing it silently; throws SignInRequiredError when it redirects. */
  getAccessToken(): Promise<string>;
  /**
   * Sends the browser to sign in, and back to returnTo (an absolute URL on this origin) after.
   * With selectAccount, the identity provider offers every account instead of reusing the current one.
   */
  signIn(returnTo: string, options?: { selectAccount?: boolean }): Promise<void>;
  signOut(): Promise<void>;
}

/** Adapts an initialized MSAL application to Auth, requesting scopes for every API token. */
export function createMsalAuth(msal: IPublicClientApplication, scopes: string[]): Auth {
  const currentAccount = () => msal.getActiveAccount() ?? msal.getAllAccounts()[0] ?? null;

  const signIn = async (returnTo: string, options: { selectAccount?: boolean } = {}) => {
    await msal.loginRedirect({
      scopes,
      redirectStartPage: returnTo,
      ...(options.selectAccount ? { prompt: "select_account" } : {}),
    });
  };

  return {
    get account() {
      return currentAccount();
    },

    async getAccessToken() {
      const account = currentAccount();
      if (!account) {
        await signIn(window.location.href);
        throw new SignInRequiredError();
      }

      try {
        const result = await msal.acquireTokenSilent({ scopes, account });
        return result.accessToken;
      } catch (error) {
        if (!(error instanceof InteractionRequiredAuthError)) {
          throw error;
        }
        await msal.acquireTokenRedirect({ scopes, account, redirectStartPage: window.location.href });
        throw new SignInRequiredError();
      }
    },

    signIn,

    async signOut() {
      await msal.logoutRedirect({ account: currentAccount() });
    },
  };
}
