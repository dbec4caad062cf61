import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { aMe, aTenant, aTenantAdminMe } from "../test/fixtures";
import { renderRoutes } from "../test/render";
import { api, problem, server } from "../test/server";
import { routes } from "./routes";

const me = (overrides = {}) => http.get(api("/api/v1/me"), () => HttpResponse.json(aMe(overrides)));
const tenants = http.get(api("/api/v1/tenants"), () =>
  HttpResponse.json({ items: [aTenant(), aTenant({ id: "t2", name: "Tailspin Toys" })], nextCursor: null }),
);

describe("app routes", () => {
  it("shows the shell for a user", async () => {
    server.use(me(), tenants);

    renderRoutes(routes, "/tenants");

    const nav = await screen.findByRole("navigation", { name: "Main" });
    expect(within(nav).getByRole("link", { name: "Tenants" })).toHaveAttribute("aria-current", "page");
    expect(within(nav).getByRole("link", { name: "People" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Roster" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Notifications" })).toBeInTheDocument();
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

  it("explains missing access", async () => {
    server.use(me({ isUser: false, name: "Pat Newcomer", username: "pat@fabrikam.example" }));
    const { user, auth } = renderRoutes(routes, "/people");

    expect(await screen.findByRole("heading", { name: "You don't have access to Roster yet" })).toBeInTheDocument();
    expect(screen.getAllByText("pat@fabrikam.example").length).toBeGreaterThan(0);
    expect(screen.queryByRole("navigation", { name: "Main" })).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(auth.signOut).toHaveBeenCalledTimes(1);
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
    ).toEqual(["Tenants", "People", "Users", "Roles", "Role assignments"]);
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
      name: "expired",
      access: { status: "user-expired", detail: "", expiresAt: "2026-03-01T17:00:00Z" },
      heading: "Your access to Roster has expired",
      text: /Your access ended on .*2026/,
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
