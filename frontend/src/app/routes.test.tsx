import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { aMe, aTenant } from "../test/fixtures";
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
