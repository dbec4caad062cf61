import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { User } from "../../../api/types";
import { aMe, aTenant, aUser, builtinRoles, roleIds } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { UsersPage } from "./UsersPage";

const route = { path: "/users", url: "/users" };

/** Records the query string of every users request and serves the page keyed by its cursor. */
function usersApi(pages: Record<string, { items: User[]; nextCursor: string | null }>) {
  const queries: URLSearchParams[] = [];
  const handler = http.get(api("/api/v1/users"), ({ request }) => {
    const query = new URL(request.url).searchParams;
    queries.push(query);
    return HttpResponse.json(pages[query.get("cursor") ?? ""] ?? { items: [], nextCursor: null });
  });
  return { handler, queries };
}

const tenantList = http.get(api("/api/v1/tenants"), () =>
  HttpResponse.json({ items: [aTenant(), aTenant({ id: "t2", name: "Tailspin Toys" })], nextCursor: null }),
);
const roleList = http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() }));

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();

describe("UsersPage", () => {
  it("lists users with status and highlights expiring access", async () => {
    const users = usersApi({
      "": {
        items: [
          aUser({ expiresAt: inDays(3) }),
          aUser({ id: "u2", displayName: "Bianca Pisani", status: "disabled", statusReason: "Left the team" }),
          aUser({ id: "u3", displayName: "Carl Expired", status: "expired", expiresAt: inDays(-2) }),
          aUser({ id: "u4", displayName: "Dana Later", expiresAt: inDays(30) }),
        ],
        nextCursor: null,
      },
    });
    server.use(users.handler, tenantList, roleList);

    renderPage(<UsersPage />, route);

    const table = await screen.findByRole("table", { name: "Users" });
    const anan = within(table).getByRole("row", { name: /Anan Ismail/ });
    expect(within(anan).getByText("Active")).toBeInTheDocument();
    expect(within(anan).getByText("Expires soon")).toBeInTheDocument();
    expect(within(anan).getByRole("link", { name: "Anan Ismail" })).toHaveAttribute("href", "/users/" + aUser().id);
    expect(within(table).getByRole("row", { name: /Bianca Pisani/ })).toHaveTextContent("Disabled");
    expect(within(table).getByRole("row", { name: /Carl Expired/ })).toHaveTextContent("Expired");
    expect(within(table).getByRole("row", { name: /Carl Expired/ })).not.toHaveTextContent("Expires soon");
    expect(within(table).getByRole("row", { name: /Dana Later/ })).not.toHaveTextContent("Expires soon");
    expect(users.queries[0]?.toString()).toBe("limit=50");
  });

  it("filters by tenant, role, status, expiry and search", async () => {
    const users = usersApi({ "": { items: [aUser()], nextCursor: null } });
    server.use(users.handler, tenantList, roleList);
    const { user } = renderPage(<UsersPage />, route);
    await screen.findByRole("table", { name: "Users" });

    await user.click(screen.getByRole("combobox", { name: "Tenant" }));
    await user.click(await screen.findByRole("option", { name: "Tailspin Toys" }));
    await user.click(screen.getByRole("combobox", { name: "Role" }));
    await user.click(await screen.findByRole("option", { name: "Tenant Administrator" }));
    await user.click(screen.getByRole("combobox", { name: "Status" }));
    await user.click(await screen.findByRole("option", { name: "Active" }));
    await user.click(screen.getByRole("switch", { name: "Expiring within 7 days" }));
    await user.type(screen.getByRole("searchbox", { name: "Search" }), "anan");

    await expect
      .poll(() => users.queries.at(-1)?.toString())
      .toBe(`limit=50&q=anan&tenantId=t2&roleId=${roleIds.tenantAdministrator}&status=active&expiringWithin=7d`);
    await expect
      .poll(() => screen.getByTestId("location").textContent)
      .toBe(`/users?tenant=t2&role=${roleIds.tenantAdministrator}&status=active&expiring=7d&q=anan`);
  });

  it("pages forward with cursors", async () => {
    const users = usersApi({
      "": { items: [aUser({ displayName: "Page One User" })], nextCursor: "c2" },
      c2: { items: [aUser({ id: "u2", displayName: "Page Two User" })], nextCursor: null },
    });
    server.use(users.handler, tenantList, roleList);
    const { user } = renderPage(<UsersPage />, route);

    await user.click(await screen.findByRole("button", { name: "Next" }));

    expect(await screen.findByText("Page Two User")).toBeInTheDocument();
    expect(screen.getByText("Page 2")).toBeInTheDocument();
    expect(users.queries.map((query) => query.get("cursor"))).toEqual([null, "c2"]);
  });

  it("shows the empty state for filters", async () => {
    server.use(usersApi({}).handler, tenantList, roleList);

    renderPage(<UsersPage />, { path: "/users", url: "/users?status=suspended" });

    expect(await screen.findByText("No users found")).toBeInTheDocument();
    expect(screen.getByText(/No user matches these filters/)).toBeInTheDocument();
  });

  it("shows a failure with its request id", async () => {
    server.use(
      http.get(api("/api/v1/users"), () => problem(500, "Internal error", { requestId: "req-users" })),
      tenantList,
      roleList,
    );

    renderPage(<UsersPage />, route);

    expect(await screen.findByText("Request id: req-users")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });

  it("disables granting without users:grant", async () => {
    server.use(usersApi({}).handler, tenantList);
    const me = aMe({ permissions: ["users:read"], allTenants: ["users:read"] });

    renderPage(<UsersPage />, route, { me });

    expect(await screen.findByRole("button", { name: "Grant access" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("button", { name: "Grant access" })).toHaveAccessibleDescription(/users:grant/);
    expect(screen.getByRole("combobox", { name: "Role" })).toBeDisabled();
  });
});
