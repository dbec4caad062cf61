import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { CustomerDiscovery } from "../../../api/types";
import { aTenant, fabrikamId, tailspinId } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, server } from "../../../test/server";
import { aCustomer, demoCustomers } from "../../../test/sync-fixtures";
import { CustomerDiscoveryPage } from "./CustomerDiscoveryPage";

const route = { path: "/tenants/discover", url: "/tenants/discover" };
const fabrikamEntra = "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02";
const tailspinEntra = "9c1d4e7f-2a5b-4c8d-b3e6-5f7a9c1d3e03";

function discoveryApi(...answers: CustomerDiscovery[]) {
  let calls = 0;
  return http.get(api("/api/v1/customer-discovery"), () => {
    const answer = answers[Math.min(calls, answers.length - 1)];
    calls += 1;
    return HttpResponse.json(answer);
  });
}

function linkApi() {
  const bodies: unknown[] = [];
  const handler = http.post(api("/api/v1/customer-discovery/link"), async ({ request }) => {
    bodies.push(await request.json());
    return HttpResponse.json({
      linked: [aTenant(), aTenant({ id: tailspinId, name: "Tailspin Toys" })],
      skipped: [],
    });
  });
  return { handler, bodies };
}

describe("CustomerDiscoveryPage", () => {
  it("links the selected customers", async () => {
    const link = linkApi();
    const linked = demoCustomers().map((customer) =>
      customer.entraTenantId === fabrikamEntra
        ? { ...customer, linked: true, tenant: { id: fabrikamId, name: customer.displayName } }
        : customer,
    );
    server.use(discoveryApi({ items: demoCustomers(), error: null }, { items: linked, error: null }), link.handler);
    const { user } = renderPage(<CustomerDiscoveryPage />, route);

    const table = await screen.findByRole("table", { name: "Customers" });
    expect(within(table).getAllByRole("row")).toHaveLength(4);
    expect(within(table).getByText("Contract")).toBeInTheDocument();
    await user.click(screen.getByRole("checkbox", { name: "Select Fabrikam Manufacturing" }));
    await user.click(screen.getByRole("checkbox", { name: "Select Tailspin Toys" }));
    await user.click(screen.getByRole("button", { name: "Link 2 selected" }));

    expect(await screen.findByText("Linked 2 customers")).toBeInTheDocument();
    expect(link.bodies).toEqual([{ all: false, tenantIds: [fabrikamEntra, tailspinEntra] }]);
    expect(await within(table).findByRole("link", { name: "Fabrikam Manufacturing" })).toHaveAttribute(
      "href",
      `/tenants/${fabrikamId}`,
    );
    expect(screen.getByRole("link", { name: "Sync health" })).toHaveAttribute("href", "/sync-health");
  });

  it.each([
    {
      name: "one",
      button: "Link Litware Legal",
      body: { all: false, tenantIds: ["5a7c9e1b-3d5f-4b7a-9c1e-3b5d7f9a1c05"] },
    },
    { name: "all", button: "Link all 3 not linked", body: { all: true, tenantIds: [] } },
  ])("links $name", async ({ button, body }) => {
    const link = linkApi();
    server.use(discoveryApi({ items: demoCustomers(), error: null }), link.handler);
    const { user } = renderPage(<CustomerDiscoveryPage />, route);

    await user.click(await screen.findByRole("button", { name: button }));

    await expect.poll(() => link.bodies).toEqual([body]);
  });

  it("shows skipped customers with the reason", async () => {
    server.use(
      discoveryApi({ items: [aCustomer()], error: null }),
      http.post(api("/api/v1/customer-discovery/link"), () =>
        HttpResponse.json({
          linked: [],
          skipped: [{ entraTenantId: fabrikamEntra, reason: 'already linked to tenant "Fabrikam Manufacturing"' }],
        }),
      ),
    );
    const { user } = renderPage(<CustomerDiscoveryPage />, route);

    await user.click(await screen.findByRole("button", { name: "Link Fabrikam Manufacturing" }));

    expect(await screen.findByText("Linked 0 customers")).toBeInTheDocument();
    expect(screen.getByText(/already linked to tenant "Fabrikam Manufacturing"/)).toBeInTheDocument();
  });

  it("warns about a failed answer and changes nothing", async () => {
    server.use(
      discoveryApi({
        items: [],
        warning: "Microsoft Graph listed no customers; nothing was changed.",
        error: {
          kind: "consent_missing",
          message: "the application lacks DelegatedAdminRelationship.Read.All",
          hint: "Grant admin consent for Roster's application in the home tenant.",
          httpStatus: 403,
        },
      }),
    );

    renderPage(<CustomerDiscoveryPage />, route);

    expect(await screen.findByText("No customers could be listed")).toBeInTheDocument();
    expect(screen.getByText(/Microsoft Graph listed no customers/)).toBeInTheDocument();
    expect(screen.getByText(/lacks DelegatedAdminRelationship.Read.All/)).toBeInTheDocument();
    expect(screen.getByText(/Nothing was linked or unlinked/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Link/ })).not.toBeInTheDocument();
  });
});
