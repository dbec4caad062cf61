import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { impersonationHeader } from "../api/client";
import { beginImpersonation, impersonationSessionId } from "../lib/impersonation";
import { anImpersonatingMe, sessionId } from "../test/audit-fixtures";
import { aMe, aPerson, aTenant } from "../test/fixtures";
import { eventsApi } from "../test/live-events";
import { renderRoutes } from "../test/render";
import { api, problem, server } from "../test/server";
import { routes } from "./routes";

/**
 * Serves /me as Adele Vance while the impersonation header is sent and as Megan Bowen otherwise,
 * and records the header of every other API request.
 */
function identityApi() {
  const headers: { path: string; header: string | null }[] = [];
  const record = (request: Request) =>
    headers.push({ path: new URL(request.url).pathname, header: request.headers.get(impersonationHeader) });
  return {
    headers,
    handlers: [
      http.get(api("/api/v1/me"), ({ request }) =>
        HttpResponse.json(request.headers.get(impersonationHeader) ? anImpersonatingMe() : aMe()),
      ),
      http.get(api("/api/v1/tenants"), ({ request }) => {
        record(request);
        return HttpResponse.json({ items: [aTenant()], nextCursor: null });
      }),
      http.get(api("/api/v1/people"), ({ request }) => {
        record(request);
        return HttpResponse.json({ items: [aPerson()], nextCursor: null });
      }),
      http.get(api("/api/v1/access-requests/pending-count"), () => HttpResponse.json({ count: 0 })),
      eventsApi().handler,
    ],
  };
}

describe("impersonation in the app", () => {
  it("shows whom and stops as the administrator", async () => {
    const identity = identityApi();
    const stops: (string | null)[] = [];
    server.use(
      ...identity.handlers,
      http.delete(api("/api/v1/impersonation-sessions/:id"), ({ request }) => {
        stops.push(request.headers.get(impersonationHeader));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    beginImpersonation(sessionId, "/tenants");
    const { user } = renderRoutes(routes, "/people");

    const banner = await screen.findByRole("region", { name: "Impersonation" });
    expect(banner).toHaveTextContent(/Viewing as Adele Vance — ends at .+ —/);
    expect(banner).toHaveTextContent("Read-only: changes are refused. You are Megan Bowen.");
    expect(await screen.findByRole("button", { name: "Account: Adele Vance" })).toBeInTheDocument();
    expect(identity.headers.find((entry) => entry.path === "/api/v1/people")?.header).toBe(sessionId);

    await user.click(within(banner).getByRole("button", { name: "Stop" }));

    expect(await screen.findByRole("button", { name: "Account: Megan Bowen" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Impersonation" })).not.toBeInTheDocument();
    expect(stops).toEqual([null]);
    expect(impersonationSessionId()).toBeNull();
    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/tenants");
    expect(identity.headers.at(-1)?.header).toBeNull();
  });

  it("ends the mode when the session ended", async () => {
    const identity = identityApi();
    let ended = false;
    server.use(
      http.get(api("/api/v1/me"), ({ request }) => {
        if (!request.headers.get(impersonationHeader)) {
          return HttpResponse.json(aMe());
        }
        if (ended) {
          return problem(403, "Impersonation session ended", {
            type: "urn:roster:problem:impersonation-ended",
            detail:
              "impersonation session has ended (impersonation turned off); drop the X-Roster-Impersonation header.",
          });
        }
        return HttpResponse.json(anImpersonatingMe());
      }),
      ...identity.handlers,
    );
    beginImpersonation(sessionId, "/tenants");
    const { user, queryClient } = renderRoutes(routes, "/people");
    await screen.findByRole("region", { name: "Impersonation" });

    ended = true;
    await queryClient.invalidateQueries({ queryKey: ["me"] });

    expect(
      await screen.findByText(
        "Your impersonation session ended: impersonation turned off. Roster shows your own view again.",
      ),
    ).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Account: Megan Bowen" })).toBeInTheDocument();
    expect(impersonationSessionId()).toBeNull();

    await user.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText(/Your impersonation session ended/)).not.toBeInTheDocument();
  });

  it("keeps the session when stopping fails", async () => {
    server.use(
      ...identityApi().handlers,
      http.delete(api("/api/v1/impersonation-sessions/:id"), () => problem(503, "Service unavailable")),
    );
    beginImpersonation(sessionId, "/tenants");
    const { user } = renderRoutes(routes, "/people");

    const banner = await screen.findByRole("region", { name: "Impersonation" });
    await user.click(within(banner).getByRole("button", { name: "Stop" }));

    expect(await within(banner).findByRole("alert")).toHaveTextContent("Stopping failed: Service unavailable.");
    expect(impersonationSessionId()).toBe(sessionId);
  });
});
