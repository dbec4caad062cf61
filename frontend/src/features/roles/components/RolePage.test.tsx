import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Role } from "../../../api/types";
import {
  aMe,
  aRole,
  anAssignment,
  builtinRoles,
  permissionCatalogue,
  tenantAdministratorPermissions,
} from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { RolePage } from "./RolePage";
import { RolesPage } from "./RolesPage";

const helpdesk = aRole({
  id: "r-helpdesk",
  name: "Helpdesk",
  description: "First line",
  builtin: false,
  permissions: ["people:read", "people:tag"],
  etag: '"4"',
  assignments: [anAssignment({ roleId: "r-helpdesk", roleName: "Helpdesk" })],
});

function roleApi(role: Role) {
  return http.get(api("/api/v1/roles/:id"), () => HttpResponse.json(role, { headers: { ETag: role.etag } }));
}
const catalogue = http.get(api("/api/v1/permissions"), () => HttpResponse.json({ items: permissionCatalogue }));
const roleRoute = (role: Role) => ({ path: "/roles/:roleId", url: `/roles/${role.id}` });

describe("RolesPage", () => {
  it("lists roles with built-in ones marked", async () => {
    server.use(
      http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: [...builtinRoles(), helpdesk] })),
      catalogue,
    );

    renderPage(<RolesPage />, { path: "/roles", url: "/roles" });

    const table = await screen.findByRole("table", { name: "Roles" });
    expect(within(table).getByRole("row", { name: /MSP Administrator/ })).toHaveTextContent("Built-in");
    expect(within(table).getByRole("row", { name: /Helpdesk/ })).toHaveTextContent("Custom");
    expect(within(table).getByRole("row", { name: /Tenant Administrator/ })).toHaveTextContent(
      `${tenantAdministratorPermissions.length} (3 high risk)`,
    );
  });

  it("creates a role and opens it", async () => {
    let sent: unknown;
    server.use(
      http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() })),
      catalogue,
      http.post(api("/api/v1/roles"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(helpdesk, { status: 201 });
      }),
    );
    const { user } = renderPage(<RolesPage />, { path: "/roles", url: "/roles" });

    await user.click(await screen.findByRole("button", { name: "Create role" }));
    const dialog = await screen.findByRole("dialog", { name: "Create role" });
    await user.click(within(dialog).getByRole("button", { name: "Create role" }));
    expect(await within(dialog).findByText("Enter the role's name.")).toBeInTheDocument();
    await user.type(within(dialog).getByRole("textbox", { name: /Name/ }), "Helpdesk");
    await user.type(within(dialog).getByRole("textbox", { name: /Description/ }), "First line");
    await user.click(within(dialog).getByRole("button", { name: "Create role" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/roles/r-helpdesk");
    expect(sent).toEqual({ name: "Helpdesk", description: "First line", permissions: [] });
  });

  it("disables creating without roles:manage everywhere", async () => {
    server.use(
      http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() })),
      catalogue,
    );

    renderPage(<RolesPage />, { path: "/roles", url: "/roles" }, { me: aMe({ allTenants: ["roles:read"] }) });

    const button = await screen.findByRole("button", { name: "Create role" });
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toHaveAccessibleDescription(/roles:manage permission in every tenant/);
  });
});

describe("RolePage", () => {
  it("shows a built-in role read-only", async () => {
    const builtin = aRole({ assignments: [] });
    server.use(roleApi(builtin), catalogue);

    renderPage(<RolePage />, roleRoute(builtin));

    expect(await screen.findByText("Built-in roles cannot be changed or deleted")).toBeInTheDocument();
    const users = await screen.findByRole("list", { name: "Users permissions" });
    const items = within(users)
      .getAllByRole("listitem")
      .map((item) => item.textContent);
    expect(items).toContain("Included: Grant access users:grantGrant access.CoreHigh risk");
    expect(items).toContain("Not included: Impersonate users users:impersonateImpersonate users.AdvancedHigh risk");
    expect(screen.queryByRole("checkbox")).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save role" })).not.toBeInTheDocument();
    expect(screen.getByText("Nobody holds this role")).toBeInTheDocument();
  });

  it("marks high-risk and MSP-only permissions and searches them", async () => {
    server.use(roleApi(helpdesk), catalogue);
    const { user } = renderPage(<RolePage />, roleRoute(helpdesk));

    const group = await screen.findByRole("group", { name: "Role assignments" });
    expect(within(group).getAllByText("High risk")).toHaveLength(1);
    const apiClients = screen.getByRole("group", { name: "API clients" });
    expect(within(apiClients).getAllByText("MSP only")).toHaveLength(2);
    await user.type(screen.getByRole("searchbox", { name: "Search permissions" }), "impersonate");

    expect(screen.getByRole("checkbox", { name: /Impersonate users/ })).toBeInTheDocument();
    expect(screen.queryByRole("checkbox", { name: /View people/ })).not.toBeInTheDocument();
  });

  it("saves a custom role with If-Match", async () => {
    let sent: { body: unknown; ifMatch: string | null } | undefined;
    server.use(
      roleApi(helpdesk),
      catalogue,
      http.patch(api("/api/v1/roles/:id"), async ({ request }) => {
        sent = { body: await request.json(), ifMatch: request.headers.get("If-Match") };
        return HttpResponse.json({ ...helpdesk, etag: '"5"' });
      }),
    );
    const { user } = renderPage(<RolePage />, roleRoute(helpdesk));

    await user.click(await screen.findByRole("checkbox", { name: /View tenants/ }));
    await user.click(screen.getByRole("checkbox", { name: /Tag people/ }));
    await user.clear(screen.getByRole("textbox", { name: /Name/ }));
    await user.type(screen.getByRole("textbox", { name: /Name/ }), "Service desk");
    await user.click(screen.getByRole("button", { name: "Save role" }));

    await expect.poll(() => sent?.ifMatch).toBe('"4"');
    expect(sent?.body).toEqual({
      name: "Service desk",
      description: "First line",
      permissions: ["people:read", "tenants:read"],
    });
  });

  it("disables permissions the caller lacks everywhere", async () => {
    server.use(roleApi(helpdesk), catalogue);
    const me = aMe({
      allTenants: ["roles:read", "roles:manage", "people:read", "people:tag"],
      tenants: [{ tenantId: "t1", permissions: ["users:grant"] }],
    });

    renderPage(<RolePage />, roleRoute(helpdesk), { me });

    const grant = await screen.findByRole("checkbox", { name: /Grant access/ });
    expect(grant).toBeDisabled();
    expect(grant).toHaveAccessibleDescription(/You do not hold users:grant in every tenant/);
    expect(screen.getByRole("checkbox", { name: /Tag people/ })).toBeEnabled();
  });

  it("reports a role changed meanwhile", async () => {
    server.use(
      roleApi(helpdesk),
      catalogue,
      http.patch(api("/api/v1/roles/:id"), () => problem(412, "Changed since you read it")),
    );
    const { user } = renderPage(<RolePage />, roleRoute(helpdesk));

    await user.click(await screen.findByRole("checkbox", { name: /View tenants/ }));
    await user.click(screen.getByRole("button", { name: "Save role" }));

    expect(await screen.findByText("Someone else changed this role")).toBeInTheDocument();
  });

  it("lists who holds the role", async () => {
    server.use(roleApi(helpdesk), catalogue);

    renderPage(<RolePage />, roleRoute(helpdesk));

    const holders = await screen.findByRole("table", { name: "Holders of Helpdesk" });
    expect(within(holders).getByRole("link", { name: "Anan Ismail" })).toHaveAttribute(
      "href",
      `/users/${anAssignment().principalId}`,
    );
  });

  it("explains why a held role cannot be deleted", async () => {
    server.use(
      roleApi(helpdesk),
      catalogue,
      http.delete(api("/api/v1/roles/:id"), () =>
        problem(409, "Role is assigned", { detail: "role is held by 1 role assignments; remove them first" }),
      ),
    );
    const { user } = renderPage(<RolePage />, roleRoute(helpdesk));

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete Helpdesk" });
    await user.click(within(dialog).getByRole("button", { name: "Delete role" }));

    expect(await within(dialog).findByText(/held by 1 role assignments/)).toBeInTheDocument();
    expect(within(dialog).getByRole("link", { name: "See who holds Helpdesk" })).toHaveAttribute(
      "href",
      "/role-assignments?role=r-helpdesk",
    );
  });

  it("deletes an unused role", async () => {
    server.use(
      roleApi({ ...helpdesk, assignments: [] }),
      catalogue,
      http.delete(api("/api/v1/roles/:id"), () => new HttpResponse(null, { status: 204 })),
    );
    const { user } = renderPage(<RolePage />, roleRoute(helpdesk));

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete Helpdesk" });
    await user.click(within(dialog).getByRole("button", { name: "Delete role" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/roles");
  });

  it("clones a role under a new name", async () => {
    let sent: unknown;
    const builtin = aRole({ assignments: [] });
    server.use(
      roleApi(builtin),
      catalogue,
      http.post(api("/api/v1/roles/:id/clone"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(helpdesk, { status: 201 });
      }),
    );
    const { user } = renderPage(<RolePage />, roleRoute(builtin));

    await user.click(await screen.findByRole("button", { name: "Clone" }));
    const dialog = await screen.findByRole("dialog", { name: "Clone Tenant Administrator" });
    expect(within(dialog).getByRole("textbox", { name: /Name of the copy/ })).toHaveValue(
      "Tenant Administrator (copy)",
    );
    await user.click(within(dialog).getByRole("button", { name: "Clone role" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/roles/r-helpdesk");
    expect(sent).toEqual({ name: "Tenant Administrator (copy)" });
  });
});
