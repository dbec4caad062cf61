import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { CreateTenantRequest } from "../../../api/types";
import { aSyncRun, aTenant } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { TenantsPage } from "./TenantsPage";

const route = { path: "/tenants", url: "/tenants" };

function listTenants(...tenants: ReturnType<typeof aTenant>[]) {
  return http.get(api("/api/v1/tenants"), () => HttpResponse.json({ items: tenants, nextCursor: null }));
}

describe("TenantsPage", () => {
  it("lists tenants with link status and last sync", async () => {
    server.use(
      listTenants(
        aTenant({
          id: "home",
          name: "Northwind IT Services",
          kind: "home",
          lastSync: aSyncRun({ counts: { created: 12, updated: 3, disabled: 0, removed: 1, restored: 0 } }),
        }),
        aTenant({ name: "Unlinked Bakery", linked: false, entraTenantId: null, lastSync: null }),
      ),
    );

    renderPage(<TenantsPage />, route);

    const table = await screen.findByRole("table", { name: "Tenants" });
    const home = within(table).getByRole("row", { name: /Northwind IT Services/ });
    expect(within(home).getByText("Linked")).toBeInTheDocument();
    expect(within(home).getByText("Succeeded")).toBeInTheDocument();
    expect(within(home).getByText("12 created, 3 updated, 1 removed")).toBeInTheDocument();
    const bakery = within(table).getByRole("row", { name: /Unlinked Bakery/ });
    expect(within(bakery).getByText("Not linked")).toBeInTheDocument();
    expect(within(bakery).getByText("Never synced")).toBeInTheDocument();
  });

  it("shows a failed last sync's message", async () => {
    server.use(
      listTenants(
        aTenant({
          lastSync: aSyncRun({
            status: "failed",
            error: { kind: "consent", message: "Admin consent is missing", hint: "Grant consent", httpStatus: 403 },
          }),
        }),
      ),
    );

    renderPage(<TenantsPage />, route);

    expect(await screen.findByText("Admin consent is missing")).toBeInTheDocument();
    expect(screen.getByText("Failed")).toBeInTheDocument();
  });

  it("shows the empty state", async () => {
    server.use(listTenants());

    renderPage(<TenantsPage />, route);

    expect(await screen.findByText("No tenants yet")).toBeInTheDocument();
  });

  it("shows an error with its request id", async () => {
    server.use(http.get(api("/api/v1/tenants"), () => problem(403, "Forbidden", { requestId: "req-abc" })));

    renderPage(<TenantsPage />, route);

    expect(await screen.findByText("You don't have access")).toBeInTheDocument();
    expect(screen.getByText("Request id: req-abc")).toBeInTheDocument();
  });

  it("filters by the tenant switcher", async () => {
    server.use(listTenants(aTenant({ id: "a", name: "Alpha" }), aTenant({ id: "b", name: "Beta" })));

    renderPage(<TenantsPage />, { path: "/tenants", url: "/tenants?tenant=b" });

    expect(await screen.findByRole("link", { name: "Beta" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Alpha" })).not.toBeInTheDocument();
  });
});

describe("AddTenantDialog", () => {
  const fill = async (user: ReturnType<typeof renderPage>["user"], values: CreateTenantRequest) => {
    // Fluent's focus manager may hide the dialog from the accessibility tree for a moment while
    // it opens, so each lookup waits for the field to be accessible.
    const dialog = within(await screen.findByRole("dialog", { name: "Add customer tenant" }));
    await user.type(await dialog.findByRole("textbox", { name: /Name/ }), values.name);
    await user.type(await dialog.findByRole("textbox", { name: /Entra tenant id/ }), values.entraTenantId);
    await user.type(await dialog.findByRole("textbox", { name: /Primary domain/ }), values.primaryDomain);
  };
  const fabrikam: CreateTenantRequest = {
    name: "Fabrikam Manufacturing",
    entraTenantId: "2B8E6F4D-1C3A-4E7B-8F90-3D5A7C9E2B02",
    primaryDomain: "fabrikam.example",
  };

  it("creates a tenant and opens it", async () => {
    let sent: unknown;
    server.use(
      listTenants(),
      http.post(api("/api/v1/tenants"), async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(aTenant({ id: "new-id" }), { status: 201 });
      }),
    );
    const { user } = renderPage(<TenantsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Add customer tenant" }));
    await fill(user, fabrikam);
    await user.click(await screen.findByRole("button", { name: "Add tenant" }));

    expect(await screen.findByTestId("location")).toHaveTextContent("/tenants/new-id");
    expect(sent).toEqual({ ...fabrikam, entraTenantId: fabrikam.entraTenantId.toLowerCase() });
  });

  it("rejects an invalid GUID before sending", async () => {
    server.use(listTenants());
    const { user } = renderPage(<TenantsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Add customer tenant" }));
    await fill(user, { ...fabrikam, entraTenantId: "not-a-guid" });
    await user.click(await screen.findByRole("button", { name: "Add tenant" }));

    const input = await screen.findByRole("textbox", { name: /Entra tenant id/ });
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(/Enter the Entra tenant id as a GUID/);
  });

  it("shows the API's field errors", async () => {
    server.use(
      listTenants(),
      http.post(api("/api/v1/tenants"), () =>
        problem(422, "Invalid tenant", {
          errors: [{ field: "primaryDomain", message: "This domain belongs to another tenant." }],
        }),
      ),
    );
    const { user } = renderPage(<TenantsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Add customer tenant" }));
    await fill(user, fabrikam);
    await user.click(await screen.findByRole("button", { name: "Add tenant" }));

    const domain = await screen.findByRole("textbox", { name: /Primary domain/ });
    await expect.poll(() => domain.getAttribute("aria-invalid")).toBe("true");
    expect(domain).toHaveAccessibleDescription("This domain belongs to another tenant.");
    expect(screen.getByRole("dialog", { name: "Add customer tenant" })).toBeInTheDocument();
  });

  it("shows a conflict in a banner", async () => {
    server.use(
      listTenants(),
      http.post(api("/api/v1/tenants"), () =>
        problem(409, "Tenant already exists", { detail: "Fabrikam Manufacturing already uses this Entra tenant id." }),
      ),
    );
    const { user } = renderPage(<TenantsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Add customer tenant" }));
    await fill(user, fabrikam);
    await user.click(await screen.findByRole("button", { name: "Add tenant" }));

    expect(await screen.findByText("Tenant already exists")).toBeInTheDocument();
    expect(screen.getByText(/already uses this Entra tenant id/)).toBeInTheDocument();
  });
});
