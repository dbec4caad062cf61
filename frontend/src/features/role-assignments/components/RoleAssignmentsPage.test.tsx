import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { RoleAssignment } from "../../../api/types";
import { aMe, aUser, anAssignment, builtinRoles, roleIds } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, server } from "../../../test/server";
import { RoleAssignmentsPage } from "./RoleAssignmentsPage";

const route = { path: "/role-assignments", url: "/role-assignments" };
const roleList = http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() }));

/** Records the query string of every list request and serves the page keyed by its cursor. */
function assignmentsApi(pages: Record<string, { items: RoleAssignment[]; nextCursor: string | null }>) {
  const queries: URLSearchParams[] = [];
  const handler = http.get(api("/api/v1/role-assignments"), ({ request }) => {
    const query = new URL(request.url).searchParams;
    queries.push(query);
    return HttpResponse.json(pages[query.get("cursor") ?? ""] ?? { items: [], nextCursor: null });
  });
  return { handler, queries };
}

const client = anAssignment({
  id: "a2",
  principalType: "client",
  principalId: "c1",
  principalName: "Nightly export",
  roleId: roleIds.auditor,
  roleName: "Auditor",
  scope: { type: "all" },
});

describe("RoleAssignmentsPage", () => {
  it("lists assignments with holder, scope and effect", async () => {
    const list = assignmentsApi({
      "": {
        items: [
          anAssignment({ scope: { type: "tenant", tenantId: "t1", tenantName: "Fabrikam Manufacturing" } }),
          client,
          anAssignment({ id: "a3", effect: "deny", scope: { type: "tag", tag: "gold" } }),
        ],
        nextCursor: null,
      },
    });
    server.use(list.handler, roleList);

    renderPage(<RoleAssignmentsPage />, route);

    const table = await screen.findByRole("table", { name: "Role assignments" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent("Tenant Fabrikam Manufacturing");
    expect(within(rows[0] as HTMLElement).getByRole("link", { name: "Anan Ismail" })).toHaveAttribute(
      "href",
      `/users/${anAssignment().principalId}`,
    );
    expect(within(rows[1] as HTMLElement).getByRole("link", { name: "Nightly export" })).toHaveAttribute(
      "href",
      "/api-clients/c1",
    );
    expect(rows[1]).toHaveTextContent("(API client)");
    expect(rows[2]).toHaveTextContent("Tenants tagged gold");
    expect(rows[2]).toHaveTextContent("Deny");
  });

  it("filters by role and by user", async () => {
    const list = assignmentsApi({ "": { items: [anAssignment()], nextCursor: null } });
    const searches: (string | null)[] = [];
    server.use(
      list.handler,
      roleList,
      http.get(api("/api/v1/users"), ({ request }) => {
        searches.push(new URL(request.url).searchParams.get("q"));
        return HttpResponse.json({ items: [aUser()], nextCursor: null });
      }),
      http.get(api("/api/v1/users/:id"), () => HttpResponse.json(aUser())),
    );
    const { user } = renderPage(<RoleAssignmentsPage />, route);
    await screen.findByRole("table", { name: "Role assignments" });

    await user.click(screen.getByRole("combobox", { name: "Role" }));
    await user.click(await screen.findByRole("option", { name: "Tenant Administrator" }));
    await user.type(screen.getByRole("combobox", { name: "User" }), "anan");
    await expect.poll(() => searches).toContain("anan");
    await user.click(await screen.findByRole("option", { name: /Anan Ismail/ }));

    await expect
      .poll(() => list.queries.at(-1)?.toString())
      .toBe(`limit=50&roleId=${roleIds.tenantAdministrator}&userId=${aUser().id}`);
    await expect.poll(() => screen.getByRole("combobox", { name: "User" })).toHaveValue("Anan Ismail");
  });

  it("removes an assignment with a reason", async () => {
    let removed: string | null = null;
    server.use(
      assignmentsApi({ "": { items: [client], nextCursor: null } }).handler,
      roleList,
      http.delete(api("/api/v1/role-assignments/:id"), ({ request }) => {
        removed = new URL(request.url).searchParams.get("reason");
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderPage(<RoleAssignmentsPage />, route);

    await user.click(await screen.findByRole("button", { name: /Remove Auditor from Nightly export/ }));
    const dialog = await screen.findByRole("dialog", { name: "Remove role assignment" });
    expect(dialog).toHaveTextContent("Nightly export loses the allow of the Auditor role in all tenants.");
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Export retired");
    await user.click(within(dialog).getByRole("button", { name: "Remove assignment" }));

    await expect.poll(() => removed).toBe("Export retired");
  });

  it("disables removal without role-assignments:manage", async () => {
    server.use(assignmentsApi({ "": { items: [client], nextCursor: null } }).handler, roleList);
    const me = aMe({
      allTenants: ["role-assignments:read", "roles:read"],
      permissions: ["role-assignments:read", "roles:read"],
    });

    renderPage(<RoleAssignmentsPage />, route, { me });

    const remove = await screen.findByRole("button", { name: /Remove Auditor from Nightly export/ });
    expect(remove).toHaveAttribute("aria-disabled", "true");
    expect(remove).toHaveAccessibleDescription(/role-assignments:manage permission in every tenant/);
    expect(screen.getByRole("combobox", { name: "User" })).toBeDisabled();
  });

  it("shows the empty state for filters", async () => {
    server.use(assignmentsApi({}).handler, roleList);

    renderPage(<RoleAssignmentsPage />, {
      path: "/role-assignments",
      url: `/role-assignments?role=${roleIds.auditor}`,
    });

    expect(await screen.findByText("No role assignments found")).toBeInTheDocument();
  });
});
