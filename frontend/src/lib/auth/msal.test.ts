import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  type IPublicClientApplication,
} from "@azure/msal-browser";
import { describe, expect, it, vi } from "vitest";
import { SignInRequiredError, createMsalAuth, msalConfiguration } from "./msal";
import type { RuntimeConfig } from "./runtime-config";

const config: RuntimeConfig = {
  clientId: "6e2c8b4f-9a3d-4c7e-b0f1-2d4f6b8c0e11",
  authority: "https://127.0.0.1:8443/7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01",
  knownAuthorities: ["127.0.0.1:8443"],
  apiScopes: ["api://roster/access_as_user"],
  redirectPath: "/",
  dev: true,
};

const account = {
  homeAccountId: "oid.tid",
  environment: "127.0.0.1:8443",
  tenantId: "7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01",
  username: "megan.bowen@northwind-it.example",
  localAccountId: "oid",
  name: "Megan Bowen",
};

/** Returns a fake of the part of MSAL that createMsalAuth calls, recording each call. */
function fakeMsal(silent: () => Promise<{ accessToken: string }>) {
  return {
    getActiveAccount: vi.fn(() => account),
    getAllAccounts: vi.fn(() => [account]),
    acquireTokenSilent: vi.fn(silent),
    acquireTokenRedirect: vi.fn(() => Promise.resolve()),
    loginRedirect: vi.fn(() => Promise.resolve()),
    logoutRedirect: vi.fn(() => Promise.resolve()),
  };
}

describe("msalConfiguration", () => {
  it("maps the server's settings", () => {
    const result = msalConfiguration(config, "https://127.0.0.1:8443");

    expect(result.auth).toMatchObject({
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: ["127.0.0.1:8443"],
      redirectUri: "https://127.0.0.1:8443/",
      postLogoutRedirectUri: "https://127.0.0.1:8443/",
    });
    expect(result.system?.tokenRenewalOffsetSeconds).toBe(300);
  });

  it("is accepted by MSAL", () => {
    const msal = new PublicClientApplication(msalConfiguration(config, "https://127.0.0.1:8443"));

    expect(msal.getConfiguration().auth.authority).toBe(config.authority);
    expect(msal.getConfiguration().auth.knownAuthorities).toEqual(["127.0.0.1:8443"]);
  });
});

describe("createMsalAuth", () => {
  it("returns the silent token", async () => {
    const msal = fakeMsal(() => Promise.resolve({ accessToken: "silent-token" }));
    const auth = createMsalAuth(msal as unknown as IPublicClientApplication, config.apiScopes);

    await expect(auth.getAccessToken()).resolves.toBe("silent-token");
    expect(msal.acquireTokenSilent).toHaveBeenCalledWith({ scopes: config.apiScopes, account });
  });

  it("redirects when interaction is required", async () => {
    const msal = fakeMsal(() =>
      Promise.reject(new InteractionRequiredAuthError("interaction_required", "correlation-id")),
    );
    const auth = createMsalAuth(msal as unknown as IPublicClientApplication, config.apiScopes);
    window.history.replaceState(null, "", "/people/42?tenant=abc");

    await expect(auth.getAccessToken()).rejects.toBeInstanceOf(SignInRequiredError);
    expect(msal.acquireTokenRedirect).toHaveBeenCalledWith({
      scopes: config.apiScopes,
      account,
      redirectStartPage: `${window.location.origin}/people/42?tenant=abc`,
    });
  });

  it("passes other failures through", async () => {
    const msal = fakeMsal(() => Promise.reject(new Error("network down")));
    const auth = createMsalAuth(msal as unknown as IPublicClientApplication, config.apiScopes);

    await expect(auth.getAccessToken()).rejects.toThrow("network down");
    expect(msal.acquireTokenRedirect).not.toHaveBeenCalled();
  });

  it("signs in first without an account", async () => {
    const msal = fakeMsal(() => Promise.resolve({ accessToken: "unused" }));
    msal.getActiveAccount.mockReturnValue(null as unknown as typeof account);
    msal.getAllAccounts.mockReturnValue([]);
    const auth = createMsalAuth(msal as unknown as IPublicClientApplication, config.apiScopes);

    await expect(auth.getAccessToken()).rejects.toBeInstanceOf(SignInRequiredError);
    expect(msal.loginRedirect).toHaveBeenCalledWith({
      scopes: config.apiScopes,
      redirectStartPage: window.location.href,
    });
  });

  it("offers every account when switching", async () => {
    const msal = fakeMsal(() => Promise.resolve({ accessToken: "unused" }));
    const auth = createMsalAuth(msal as unknown as IPublicClientApplication, config.apiScopes);

    await auth.signIn("https://127.0.0.1:8443/", { selectAccount: true });

    expect(msal.loginRedirect).toHaveBeenCalledWith({
      scopes: config.apiScopes,
      redirectStartPage: "https://127.0.0.1:8443/",
      prompt: "select_account",
    });
  });
});
