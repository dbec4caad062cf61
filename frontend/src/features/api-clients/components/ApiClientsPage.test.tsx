import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { RegisteredClient } from "../../../api/types";
import {
  aHomeTenant,
  aMe,
  aRegisteredClient,
  aTenant,
  aTenantAdminMe,
  anAssignment,
  builtinRoles,
  permissionCatalogue,
  roleIds,
} from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { ApiClientPage } from "./ApiClientPage";
import { ApiClientsPage } from "./ApiClientsPage";

const nightly = aRegisteredClient({
  assignments: [
    anAssignment({
      principalType: "client",
      principalId: aRegisteredClient().id,
      principalName: "Nightly export",
      roleId: roleIds.auditor,
      roleName: "Auditor",
      scope: { type: "all" },
    }),
  ],
});
const listRoute = { path: "/api-clients", url: "/api-clients" };
const pageRoute = { path: "/api-clients/:clientId", url: `/api-clients/${nightly.id}` };

function clientApi(client: RegisteredClient = nightly) {
  return http.get(api("/api/v1/api-clients/:id"), () => HttpResponse.json(client, { headers: { ETag: client.etag } }));
}

describe("ApiClientsPage", () => {
  it("lists registered clients", async () => {
    server.use(
      http.get(api("/api/v1/api-clients"), () =>
        HttpResponse.json({
          items: [nightly, aRegisteredClient({ id: "c2", displayName: "Old sync", status: "disabled" })],
        }),
      ),
    );

    renderPage(<ApiClientsPage />, listRoute);

    const table = await screen.findByRole("table", { name: "API clients" });
    const row = within(table).getByRole("row", { name: /Nightly export/ });
    expect(row).toHaveTextContent(nightly.clientId);
    expect(row).toHaveTextContent("Active");
    expect(row).toHaveTextContent("Never");
    expect(within(table).getByRole("row", { name: /Old sync/ })).toHaveTextContent("Disabled");
  });

  it("registers a client and opens it", async () => {
    let sent: unknown;
    server.use(
      http.get(api("/api/v1/api-clients"), () => HttpResponse.json({ items: [] })),
      http.post(api("/api/v1/api-clients"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(nightly, { status: 201 });
      }),
    );
    const { user } = renderPage(<ApiClientsPage />, listRoute);

    expect(await screen.findByText("No API clients yet")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Register API client" }));
    const dialog = await screen.findByRole("dialog", { name: "Register API client" });
    await user.type(within(dialog).getByRole("textbox", { name: /Application \(client\) id/ }), "not-a-guid");
    await user.type(within(dialog).getByRole("textbox", { name: /Display name/ }), "Nightly export");
    await user.click(within(dialog).getByRole("button", { name: "Register" }));
    expect(within(dialog).getByRole("textbox", { name: /Application \(client\) id/ })).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    await user.clear(within(dialog).getByRole("textbox", { name: /Application \(client\) id/ }));
    await user.type(within(dialog).getByRole("textbox", { name: /Application \(client\) id/ }), nightly.clientId);
    await user.type(within(dialog).getByRole("textbox", { name: /Owner/ }), "Data team");
    await user.click(within(dialog).getByRole("button", { name: "Register" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe(`/api-clients/${nightly.id}`);
    expect(sent).toEqual({ clientId: nightly.clientId, displayName: "Nightly export", owner: "Data team" });
  });

  it("shows a duplicate registration", async () => {
    server.use(
      http.get(api("/api/v1/api-clients"), () => HttpResponse.json({ items: [] })),
      http.post(api("/api/v1/api-clients"), () =>
        problem(409, "Already exists", { detail: "API client already registered: client id x." }),
      ),
    );
    const { user } = renderPage(<ApiClientsPage />, listRoute);

    await user.click(await screen.findByRole("button", { name: "Register API client" }));
    const dialog = await screen.findByRole("dialog", { name: "Register API client" });
    await user.type(within(dialog).getByRole("textbox", { name: /Application \(client\) id/ }), nightly.clientId);
    await user.type(within(dialog).getByRole("textbox", { name: /Display name/ }), "Nightly export");
    await user.click(within(dialog).getByRole("button", { name: "Register" }));

    expect(await within(dialog).findByText("Already exists")).toBeInTheDocument();
  });
});

describe("ApiClientPage", () => {
  it("shows the registration and its role assignments", async () => {
    server.use(clientApi());

    renderPage(<ApiClientPage />, pageRoute);

    expect(await screen.findByRole("heading", { name: "Nightly export", level: 1 })).toBeInTheDocument();
    expect(screen.getByText(nightly.clientId)).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Role assignments of Nightly export" });
    expect(within(table).getByRole("row", { name: /Auditor/ })).toHaveTextContent("All tenants");
  });

  it("disables a client with If-Match", async () => {
    let sent: { body: unknown; ifMatch: string | null } | undefined;
    server.use(
      clientApi(),
      http.patch(api("/api/v1/api-clients/:id"), async ({ request }) => {
        sent = { body: await request.json(), ifMatch: request.headers.get("If-Match") };
        return HttpResponse.json({ ...nightly, status: "disabled" });
      }),
    );
    const { user } = renderPage(<ApiClientPage />, pageRoute);

    await user.click(await screen.findByRole("button", { name: "Disable" }));

    await expect.poll(() => sent).toEqual({ body: { status: "disabled" }, ifMatch: '"1"' });
  });

  it("reports a client changed meanwhile", async () => {
    server.use(
      clientApi(),
      http.patch(api("/api/v1/api-clients/:id"), () => problem(412, "Changed since you read it")),
    );
    const { user } = renderPage(<ApiClientPage />, pageRoute);

    await user.click(await screen.findByRole("button", { name: "Disable" }));

    expect(await screen.findByText("Someone else changed this API client")).toBeInTheDocument();
  });

  it("deletes a client", async () => {
    server.use(
      clientApi(),
      http.delete(api("/api/v1/api-clients/:id"), () => new HttpResponse(null, { status: 204 })),
    );
    const { user } = renderPage(<ApiClientPage />, pageRoute);

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete Nightly export" });
    await user.click(within(dialog).getByRole("button", { name: "Delete API client" }));

    await expect.poll(() => screen.getByTestId("location").textContent).toBe("/api-clients");
  });

  it("adds a role assignment for the client", async () => {
    let sent: unknown;
    server.use(
      clientApi(),
      http.get(api("/api/v1/tenants"), () =>
        HttpResponse.json({ items: [aHomeTenant(), aTenant()], nextCursor: null }),
      ),
      http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() })),
      http.get(api("/api/v1/permissions"), () => HttpResponse.json({ items: permissionCatalogue })),
      http.post(api("/api/v1/role-assignments"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ items: [], nextCursor: null }, { status: 201 });
      }),
    );
    const { user } = renderPage(<ApiClientPage />, pageRoute);

    await user.click(await screen.findByRole("button", { name: "Add role assignment" }));
    const dialog = await screen.findByRole("dialog", { name: "Add role assignment for Nightly export" });
    await user.click(await within(dialog).findByRole("radio", { name: "All tenants" }));
    await user.click(within(dialog).getByRole("checkbox", { name: "MSP User" }));
    await user.click(within(dialog).getByRole("button", { name: "Add assignment" }));

    await expect
      .poll(() => sent)
      .toEqual({
        items: [
          {
            principalType: "client",
            principalId: nightly.id,
            roleId: roleIds.mspUser,
            scope: { type: "all" },
            effect: "allow",
          },
        ],
      });
  });

  it("disables changes without api-clients:manage", async () => {
    server.use(clientApi());

    renderPage(<ApiClientPage />, pageRoute, {
      me: aMe({ allTenants: ["api-clients:read"], permissions: ["api-clients:read"] }),
    });

    for (const name of ["Disable", "Delete", "Add role assignment"]) {
      expect(await screen.findByRole("button", { name })).toHaveAttribute("aria-disabled", "true");
    }
  });

  it("shows not found outside the caller's access", async () => {
    server.use(http.get(api("/api/v1/api-clients/:id"), () => problem(404, "Not found")));

    renderPage(<ApiClientPage />, pageRoute, { me: aTenantAdminMe() });

    expect(await screen.findByRole("heading", { name: "Not found" })).toBeInTheDocument();
  });
});
