import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { AccessExplanation, User } from "../../../api/types";
import { localDay } from "../../../lib/expiry";
import {
  aHomeTenant,
  aMe,
  aTenant,
  aTenantAdminMe,
  aUser,
  anAssignment,
  builtinRoles,
  fabrikamId,
  permissionCatalogue,
  roleIds,
  tailspinId,
} from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { UserPage } from "./UserPage";

const anan = aUser({ assignments: [anAssignment()] });
const route = { path: "/users/:userId", url: `/users/${anan.id}` };

function userApi(user: User = anan) {
  return http.get(api("/api/v1/users/:id"), () => HttpResponse.json(user, { headers: { ETag: user.etag } }));
}

const tenantList = http.get(api("/api/v1/tenants"), () =>
  HttpResponse.json({
    items: [aHomeTenant(), aTenant(), aTenant({ id: tailspinId, name: "Tailspin Toys" })],
    nextCursor: null,
  }),
);
const roleList = http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() }));
const catalogue = http.get(api("/api/v1/permissions"), () => HttpResponse.json({ items: permissionCatalogue }));

function explanation(tenantId: string): AccessExplanation {
  const allow = anAssignment();
  const deny = anAssignment({ id: "deny-1", roleName: "Tenant User", effect: "deny", scope: { type: "own" } });
  return {
    userId: anan.id,
    tenantId,
    status: "active",
    permissions: [
      {
        permission: "users:grant",
        allowed: true,
        reason: "allowed by the Tenant Administrator role assignment (own tenant)",
        allows: [allow],
        denies: [],
        winner: allow.id,
      },
      {
        permission: "people:read",
        allowed: false,
        reason: "denied by the Tenant User role assignment (own tenant); a deny wins over any allow",
        allows: [allow],
        denies: [deny],
        winner: deny.id,
      },
    ],
  };
}

function explainApi() {
  const tenants: (string | null)[] = [];
  const handler = http.get(api("/api/v1/users/:id/access"), ({ request }) => {
    const tenantId = new URL(request.url).searchParams.get("tenantId");
    tenants.push(tenantId);
    return HttpResponse.json(explanation(tenantId ?? ""));
  });
  return { handler, tenants };
}

const pageHandlers = () => [userApi(), tenantList, roleList, catalogue, explainApi().handler];

describe("UserPage", () => {
  it("shows the person, access and role assignments", async () => {
    server.use(...pageHandlers());

    renderPage(<UserPage />, route);

    expect(await screen.findByRole("heading", { name: "Anan Ismail", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Open Anan Ismail's person page" })).toHaveAttribute(
      "href",
      `/people/${anan.personId}`,
    );
    expect(screen.getByText("Access does not expire.")).toBeInTheDocument();
    const assignments = screen.getByRole("table", { name: "Role assignments of Anan Ismail" });
    const row = within(assignments).getByRole("row", { name: /Tenant Administrator/ });
    expect(row).toHaveTextContent("Own tenant");
    expect(row).toHaveTextContent("Allow");
    expect(row).toHaveTextContent("Megan Bowen");
  });

  it("disables with a required reason", async () => {
    let sent: unknown;
    server.use(
      ...pageHandlers(),
      http.post(api("/api/v1/users/:id/disable"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(aUser({ status: "disabled" }));
      }),
    );
    const { user } = renderPage(<UserPage />, route);

    await user.click(await screen.findByRole("button", { name: "Disable" }));
    const dialog = await screen.findByRole("dialog", { name: "Disable Anan Ismail" });
    await user.click(within(dialog).getByRole("button", { name: "Disable" }));
    expect(await within(dialog).findByText("Enter a reason; the audit trail records it.")).toBeInTheDocument();
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Left Fabrikam");
    await user.click(within(dialog).getByRole("button", { name: "Disable" }));

    await expect.poll(() => sent).toEqual({ reason: "Left Fabrikam" });
    await expect.poll(() => screen.queryByRole("dialog")).toBeNull();
  });

  it("shows why the API refused to disable", async () => {
    server.use(
      ...pageHandlers(),
      http.post(api("/api/v1/users/:id/disable"), () =>
        problem(409, "Would leave no administrator", {
          detail: "would leave no active administrator.",
          type: "urn:roster:problem:last-administrator",
        }),
      ),
    );
    const { user } = renderPage(<UserPage />, route);

    await user.click(await screen.findByRole("button", { name: "Disable" }));
    const dialog = await screen.findByRole("dialog", { name: "Disable Anan Ismail" });
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Rotation");
    await user.click(within(dialog).getByRole("button", { name: "Disable" }));

    expect(await within(dialog).findByText("Would leave no administrator")).toBeInTheDocument();
    expect(within(dialog).getByText(/would leave no active administrator/)).toBeInTheDocument();
  });

  it("enables a disabled user", async () => {
    let path = "";
    server.use(
      ...pageHandlers().slice(1),
      userApi(aUser({ status: "disabled", statusReason: "On leave", assignments: [] })),
      http.post(api("/api/v1/users/:id/:action"), ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json(aUser());
      }),
    );
    const { user } = renderPage(<UserPage />, route);

    expect(await screen.findByText("On leave")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Enable" }));
    const dialog = await screen.findByRole("dialog", { name: "Enable Anan Ismail" });
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Back from leave");
    await user.click(within(dialog).getByRole("button", { name: "Enable" }));

    await expect.poll(() => path).toBe(`/api/v1/users/${anan.id}/enable`);
  });

  it("removes access and returns to the list", async () => {
    let reason: string | null = null;
    server.use(
      ...pageHandlers(),
      http.delete(api("/api/v1/users/:id"), ({ request }) => {
        reason = new URL(request.url).searchParams.get("reason");
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderPage(<UserPage />, route);

    await user.click(await screen.findByRole("button", { name: "Remove access" }));
    const dialog = await screen.findByRole("dialog", { name: "Remove Anan Ismail's access" });
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Contract ended");
    await user.click(within(dialog).getByRole("button", { name: "Remove access" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/users");
    expect(reason).toBe("Contract ended");
  });

  it("sets the expiry in UTC with If-Match", async () => {
    let sent: { body: unknown; ifMatch: string | null } | undefined;
    server.use(
      ...pageHandlers(),
      http.patch(api("/api/v1/users/:id"), async ({ request }) => {
        const body = (await request.json()) as { expiresAt: string };
        sent = { body, ifMatch: request.headers.get("If-Match") };
        return HttpResponse.json(aUser({ expiresAt: body.expiresAt, etag: '"2"' }), { headers: { ETag: '"2"' } });
      }),
    );
    const { user } = renderPage(<UserPage />, route);

    await user.type(await screen.findByLabelText(/New expiry/), "2099-06-30");
    await user.click(screen.getByRole("button", { name: "Save expiry" }));

    await expect.poll(() => sent?.ifMatch).toBe('"1"');
    const expiresAt = (sent?.body as { expiresAt: string }).expiresAt;
    expect(expiresAt).toMatch(/Z$/);
    expect(localDay(expiresAt)).toBe("2099-06-30");
    expect(await screen.findByText(/Access ends .*2099/)).toBeInTheDocument();
  });

  it("reports a concurrent change of the expiry", async () => {
    server.use(
      ...pageHandlers(),
      http.patch(api("/api/v1/users/:id"), () => problem(412, "Changed since you read it")),
    );
    const { user } = renderPage(<UserPage />, route);

    await user.type(await screen.findByLabelText(/New expiry/), "2099-06-30");
    await user.click(screen.getByRole("button", { name: "Save expiry" }));

    expect(await screen.findByText("Someone else changed this user")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Reload" })).toBeInTheDocument();
  });

  it("explains access per tenant", async () => {
    const explain = explainApi();
    server.use(userApi(), tenantList, roleList, catalogue, explain.handler);
    const { user } = renderPage(<UserPage />, route);

    const table = await screen.findByRole("table", { name: "Access in Fabrikam Manufacturing" });
    const grant = within(table).getByRole("row", { name: /users:grant/ });
    expect(grant).toHaveTextContent("Allowed");
    expect(grant).toHaveTextContent("Grant access");
    const read = within(table).getByRole("row", { name: /people:read/ });
    expect(read).toHaveTextContent("Denied");
    expect(within(read).getAllByText("Tenant User in their own tenant (deny)")).toHaveLength(2);
    expect(explain.tenants).toEqual([fabrikamId]);

    await user.click(screen.getByRole("combobox", { name: "Tenant to explain" }));
    await user.click(await screen.findByRole("option", { name: "Tailspin Toys" }));

    expect(await screen.findByRole("table", { name: "Access in Tailspin Toys" })).toBeInTheDocument();
    expect(explain.tenants).toEqual([fabrikamId, tailspinId]);
  });

  it("adds a role assignment within the caller's rights", async () => {
    let sent: unknown;
    server.use(
      ...pageHandlers(),
      http.post(api("/api/v1/role-assignments"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ items: [anAssignment()], nextCursor: null }, { status: 201 });
      }),
    );
    const { user } = renderPage(<UserPage />, route);

    await user.click(await screen.findByRole("button", { name: "Add role assignment" }));
    const dialog = await screen.findByRole("dialog", { name: "Add role assignment for Anan Ismail" });
    expect(await within(dialog).findByRole("radio", { name: "All tenants" })).toBeDisabled();
    expect(within(dialog).getByRole("radio", { name: "All tenants" })).toHaveAccessibleDescription(/own tenant/);
    expect(within(dialog).getByRole("checkbox", { name: "MSP Administrator" })).toBeDisabled();
    await user.click(within(dialog).getByRole("checkbox", { name: "Tenant User" }));
    await user.click(within(dialog).getByRole("radio", { name: "Deny" }));
    await user.click(within(dialog).getByRole("button", { name: "Add assignment" }));

    await expect
      .poll(() => sent)
      .toEqual({
        items: [
          {
            principalType: "user",
            principalId: anan.id,
            roleId: roleIds.tenantUser,
            scope: { type: "own" },
            effect: "deny",
          },
        ],
      });
  });

  it("removes a role assignment with a reason", async () => {
    let removed: { id: string | undefined; reason: string | null } | undefined;
    server.use(
      ...pageHandlers(),
      http.delete(api("/api/v1/role-assignments/:id"), ({ params, request }) => {
        removed = { id: params.id as string, reason: new URL(request.url).searchParams.get("reason") };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { user } = renderPage(<UserPage />, route);

    await user.click(await screen.findByRole("button", { name: /Remove Tenant Administrator from Anan Ismail/ }));
    const dialog = await screen.findByRole("dialog", { name: "Remove role assignment" });
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Moved to sales");
    await user.click(within(dialog).getByRole("button", { name: "Remove assignment" }));

    await expect.poll(() => removed).toEqual({ id: anAssignment().id, reason: "Moved to sales" });
  });

  it("disables changing one's own access, with the reason", async () => {
    server.use(...pageHandlers());

    renderPage(<UserPage />, route, { me: aMe({ userId: anan.id }) });

    for (const name of ["Disable", "Remove access", "Save expiry", "Add role assignment"]) {
      const button = await screen.findByRole("button", { name });
      expect(button).toHaveAttribute("aria-disabled", "true");
      expect(button).toHaveAccessibleDescription(/cannot change your own access/);
    }
  });

  it("disables what a tenant administrator may not do elsewhere", async () => {
    const other = aUser({ id: "u9", tenantId: tailspinId, tenantName: "Tailspin Toys", assignments: [] });
    server.use(userApi(other), tenantList, roleList, catalogue, explainApi().handler);

    renderPage(<UserPage />, { path: "/users/:userId", url: "/users/u9" }, { me: aTenantAdminMe() });

    const disable = await screen.findByRole("button", { name: "Disable" });
    expect(disable).toHaveAttribute("aria-disabled", "true");
    expect(disable).toHaveAccessibleDescription(/users:disable permission in this tenant/);
  });

  it("shows not found for an unknown user", async () => {
    server.use(http.get(api("/api/v1/users/:id"), () => problem(404, "Not found", { detail: "user not found: x" })));

    renderPage(<UserPage />, route);

    expect(await screen.findByRole("heading", { name: "Not found" })).toBeInTheDocument();
  });
});
