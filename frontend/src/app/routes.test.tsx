import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import { aRequesterMe, anAccessRequest, myAccessRequests } from "../test/access-request-fixtures";
import { aMe, aTenant, aTenantAdminMe } from "../test/fixtures";
import { eventsApi } from "../test/live-events";
import { renderRoutes } from "../test/render";
import { api, problem, server } from "../test/server";
import { routes } from "./routes";

const me = (overrides = {}) => http.get(api("/api/v1/me"), () => HttpResponse.json(aMe(overrides)));
const tenants = http.get(api("/api/v1/tenants"), () =>
  HttpResponse.json({ items: [aTenant(), aTenant({ id: "t2", name: "Tailspin Toys" })], nextCursor: null }),
);

/** Serves the pending count from counts, one per call, repeating the last. */
function pendingCountApi(...counts: number[]) {
  let calls = 0;
  return http.get(api("/api/v1/access-requests/pending-count"), () => {
    const count = counts[Math.min(calls, counts.length - 1)];
    calls += 1;
    return HttpResponse.json({ count });
  });
}

describe("app routes", () => {
  // The shell of a reviewer opens the live event stream and shows the pending count.
  let events: ReturnType<typeof eventsApi>;
  beforeEach(() => {
    events = eventsApi();
    server.use(events.handler, pendingCountApi(0));
  });

  it("shows the shell for a user", async () => {
    server.use(me(), tenants);

    renderRoutes(routes, "/tenants");

    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Tenants" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "People" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Roster" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Access requests, none pending" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Tenants" })).toBeInTheDocument();
  });

  it("shows the person menu and signs out", async () => {
    server.use(me(), tenants);
    const { user, auth } = renderRoutes(routes, "/tenants");

    await user.click(await screen.findByRole("button", { name: "Account: Megan Bowen" }));

    expect(screen.getByText("megan.bowen@northwind-it.example")).toBeInTheDocument();
    await user.click(screen.getByRole("menuitem", { name: "Sign out" }));
    expect(auth.signOut).toHaveBeenCalledTimes(1);
  });

  it("keeps the tenant switcher across pages", async () => {
    server.use(
      me(),
      tenants,
      http.get(api("/api/v1/people"), () => HttpResponse.json({ items: [], nextCursor: null })),
    );
    const { user } = renderRoutes(routes, "/tenants");

    await user.click(await screen.findByRole("combobox", { name: "Tenant switcher" }));
    await user.click(await screen.findByRole("option", { name: "Tailspin Toys" }));
    await user.click(screen.getByRole("link", { name: "People" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/people?tenant=t2");
    expect(await screen.findByRole("combobox", { name: "Tenant" })).toHaveTextContent("Tailspin Toys");
  });

  it("offers a request to a person without access", async () => {
    server.use(
      http.get(api("/api/v1/me"), () => HttpResponse.json(aRequesterMe())),
      http.get(api("/api/v1/access-requests/mine"), () => HttpResponse.json(myAccessRequests())),
    );
    const { user, auth } = renderRoutes(routes, "/people");

    expect(await screen.findByRole("heading", { name: "Request access to Roster" })).toBeInTheDocument();
    expect(screen.getAllByText("adele.vance@fabrikam.example").length).toBeGreaterThan(0);
    expect(await screen.findByRole("button", { name: "Request access" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(auth.signOut).toHaveBeenCalledTimes(1);
  });

  it("lets the requester in once the request is granted", async () => {
    const pending = anAccessRequest();
    let granted = false;
    server.use(
      http.get(api("/api/v1/me"), () => HttpResponse.json(granted ? aTenantAdminMe() : aRequesterMe())),
      http.get(api("/api/v1/access-requests/mine"), () =>
        HttpResponse.json(myAccessRequests({ items: [pending], canRequest: false })),
      ),
      http.get(api("/api/v1/tenants"), () => HttpResponse.json({ items: [aTenant()], nextCursor: null })),
    );
    renderRoutes(routes, "/tenants");
    expect(await screen.findByText("Your request is waiting for a reviewer")).toBeInTheDocument();
    await expect.poll(() => events.authorizations.length).toBe(1);

    granted = true;
    events.sendAccessRequestEvent("access-request.decided", {
      id: pending.id,
      tenantId: pending.tenantId,
      status: "granted",
    });

    expect(await screen.findByRole("navigation", { name: "Main" })).toBeInTheDocument();
    expect(await screen.findByRole("heading", { name: "Tenants" })).toBeInTheDocument();
  });

  it("updates the pending badge from live events", async () => {
    server.use(me(), tenants, pendingCountApi(0, 1));
    const { user } = renderRoutes(routes, "/tenants");
    await screen.findByRole("button", { name: "Access requests, none pending" });
    await expect.poll(() => events.authorizations.length).toBe(1);

    events.sendAccessRequestEvent("access-request.created", { id: "r1", tenantId: aTenant().id, status: "pending" });

    const badge = await screen.findByRole("button", { name: "Access requests, 1 pending" });
    expect(badge.parentElement).toHaveTextContent("1");
    server.use(http.get(api("/api/v1/access-requests"), () => HttpResponse.json({ items: [], nextCursor: null })));
    await user.click(badge);
    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/access-requests?status=pending");
    expect(await screen.findByRole("heading", { name: "Access requests" })).toBeInTheDocument();
  });

  it("explains missing access to an application", async () => {
    server.use(me({ kind: "app", isUser: false, access: { status: "none" }, permissions: [], allTenants: [] }));

    renderRoutes(routes, "/people");

    expect(await screen.findByRole("heading", { name: "You don't have access to Roster yet" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Request access" })).not.toBeInTheDocument();
  });

  it("shows a tenant administrator only their pages and tenant", async () => {
    server.use(
      http.get(api("/api/v1/me"), () => HttpResponse.json(aTenantAdminMe())),
      http.get(api("/api/v1/tenants"), () => HttpResponse.json({ items: [aTenant()], nextCursor: null })),
    );
    const { user } = renderRoutes(routes, "/tenants");

    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(
      within(nav)
        .getAllByRole("link")
        .map((link) => link.textContent),
    ).toEqual([
      "Tenants",
      "Sync health",
      "People",
      "Users",
      "Roles",
      "Role assignments",
      "Access requests",
      "Impersonation",
    ]);
    const switcher = await screen.findByRole("combobox", { name: "Tenant switcher" });
    await expect.poll(() => switcher.textContent).toBe("Fabrikam Manufacturing");
    await user.click(switcher);
    expect((await screen.findAllByRole("option")).map((option) => option.textContent)).toEqual([
      "Fabrikam Manufacturing",
    ]);
    expect(screen.getByRole("button", { name: "Add customer tenant" })).toHaveAccessibleDescription(/tenants:create/);
  });

  it("opens the first page the caller may see", async () => {
    server.use(
      me({ permissions: ["people:read"], allTenants: ["people:read"] }),
      http.get(api("/api/v1/people"), () => HttpResponse.json({ items: [], nextCursor: null })),
      tenants,
    );

    renderRoutes(routes, "/");

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/people");
  });

  it.each([
    {
      name: "disabled",
      access: {
        status: "user-disabled",
        detail: "user is disabled: Left the helpdesk. Ask an administrator to enable it.",
      },
      heading: "Your access to Roster is disabled",
      text: /Left the helpdesk/,
    },
    {
      name: "suspended",
      access: { status: "user-suspended", detail: "" },
      heading: "Your access to Roster is suspended",
      text: /disabled or removed in your organisation's directory/,
    },
  ])("explains $name access", async ({ access, heading, text }) => {
    server.use(me({ isUser: false, access, permissions: [], allTenants: [] }));

    renderRoutes(routes, "/people");

    expect(await screen.findByRole("heading", { name: heading })).toBeInTheDocument();
    expect(screen.getByText(text)).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
  });

  it("offers a new request after expiry", async () => {
    server.use(
      me({ isUser: true, access: { status: "user-expired", expiresAt: "2026-03-01T17:00:00Z" } }),
      http.get(api("/api/v1/access-requests/mine"), () => HttpResponse.json(myAccessRequests())),
    );

    renderRoutes(routes, "/people");

    expect(await screen.findByRole("heading", { name: "Your access to Roster has expired" })).toBeInTheDocument();
    expect(screen.getByText(/Your access ended on .*2026/)).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Request access" })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
  });

  it("replaces the app when a request is refused", async () => {
    let calls = 0;
    server.use(
      http.get(api("/api/v1/me"), () => {
        calls += 1;
        return HttpResponse.json(
          calls === 1
            ? aMe()
            : aMe({ isUser: false, access: { status: "user-disabled", detail: "user is disabled: Offboarded." } }),
        );
      }),
      tenants,
      http.get(api("/api/v1/people"), () =>
        problem(403, "Your access is disabled", { type: "urn:roster:problem:user-disabled" }),
      ),
    );
    const { user } = renderRoutes(routes, "/tenants");

    await user.click(await screen.findByRole("link", { name: "People" }));

    expect(await screen.findByRole("heading", { name: "Your access to Roster is disabled" })).toBeInTheDocument();
    expect(screen.getByText(/Offboarded/)).toBeInTheDocument();
  });

  it("shows a 403 from /me with its request id", async () => {
    server.use(http.get(api("/api/v1/me"), () => problem(403, "Forbidden", { requestId: "req-me" })));

    renderRoutes(routes, "/tenants");

    expect(await screen.findByRole("heading", { name: "You don't have access" })).toBeInTheDocument();
    expect(screen.getByText("Request id: req-me")).toBeInTheDocument();
  });

  it("signs in again on 401 and keeps the page", async () => {
    server.use(http.get(api("/api/v1/me"), () => problem(401, "Token expired")));

    const { auth } = renderRoutes(routes, "/people/42");

    await expect.poll(() => auth.signIn.mock.calls.length).toBe(1);
    expect(auth.signIn).toHaveBeenCalledWith(window.location.href);
  });

  it("shows not found for an unknown path", async () => {
    server.use(me(), tenants);

    renderRoutes(routes, "/no/such/page");

    expect(await screen.findByRole("heading", { name: "Not found" })).toBeInTheDocument();
  });
});
