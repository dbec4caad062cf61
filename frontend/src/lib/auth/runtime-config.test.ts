import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { api, server } from "../../test/server";
import { loadRuntimeConfig, type RuntimeConfig } from "./runtime-config";

// Node's fetch needs absolute URLs; the browser resolves "/config.json" against the page.
const fetchFromPage: typeof fetch = (input, init) => fetch(new URL(input as string, window.location.origin), init);

const devConfig: RuntimeConfig = {
  clientId: "6e2c8b4f-9a3d-4c7e-b0f1-2d4f6b8c0e11",
  authority: "https://127.0.0.1:8443/7f3c2a10-5b4e-4c8a-9d21-0a6e3f9b1c01",
  knownAuthorities: ["127.0.0.1:8443"],
  apiScopes: ["api://roster/access_as_user"],
  redirectPath: "/",
  dev: true,
  devHint: "Pick a demo person on the sign-in page.",
};

describe("loadRuntimeConfig", () => {
  it("returns a valid config", async () => {
    server.use(http.get(api("/config.json"), () => HttpResponse.json(devConfig)));

    await expect(loadRuntimeConfig(fetchFromPage)).resolves.toEqual(devConfig);
  });

  it.each([
    { name: "missing client id", body: { ...devConfig, clientId: undefined }, message: /clientId/ },
    { name: "authority not a url", body: { ...devConfig, authority: "northwind" }, message: /authority/ },
    { name: "no api scopes", body: { ...devConfig, apiScopes: [] }, message: /apiScopes/ },
    { name: "relative redirect path", body: { ...devConfig, redirectPath: "callback" }, message: /redirectPath/ },
  ])("rejects $name", async ({ body, message }) => {
    server.use(http.get(api("/config.json"), () => HttpResponse.json(body)));

    await expect(loadRuntimeConfig(fetchFromPage)).rejects.toThrow(message);
  });

  it("rejects a failed response", async () => {
    server.use(http.get(api("/config.json"), () => new HttpResponse(null, { status: 503 })));

    await expect(loadRuntimeConfig(fetchFromPage)).rejects.toThrow("status 503");
  });
});
