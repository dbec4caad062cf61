import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { anAuditEvent, impersonationSettingList } from "../test/audit-fixtures";
import { aMe, aPerson, aTenant, aUser, builtinRoles, permissionCatalogue } from "../test/fixtures";
import { eventsApi } from "../test/live-events";
import { renderRoutes } from "../test/render";
import { api, server } from "../test/server";
import { routes } from "./routes";

const anan = aUser();

/** What the shell and the user and person pages load for Megan Bowen. */
const shellAndPages = () => [
  http.get(api("/api/v1/me"), () => HttpResponse.json(aMe())),
  http.get(api("/api/v1/tenants"), () => HttpResponse.json({ items: [aTenant()], nextCursor: null })),
  http.get(api("/api/v1/access-requests/pending-count"), () => HttpResponse.json({ count: 0 })),
  http.get(api("/api/v1/users/:id"), () => HttpResponse.json(anan, { headers: { ETag: anan.etag } })),
  http.get(api("/api/v1/users/:id/access"), () =>
    HttpResponse.json({ userId: anan.id, tenantId: anan.tenantId, status: "active", permissions: [] }),
  ),
  http.get(api("/api/v1/people/:id"), () => HttpResponse.json(aPerson(), { headers: { ETag: '"1"' } })),
  http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() })),
  http.get(api("/api/v1/permissions"), () => HttpResponse.json({ items: permissionCatalogue })),
  http.get(api("/api/v1/settings"), () =>
    HttpResponse.json(impersonationSettingList({ "impersonation.enabled": true })),
  ),
  http.get(api("/api/v1/audit-events"), () =>
    HttpResponse.json({ items: [anAuditEvent({ targetName: "Activity event" })], nextCursor: null }),
  ),
  eventsApi().handler,
];

describe("page composition", () => {
  it("gives the user page Impersonate and an Activity tab", async () => {
    server.use(...shellAndPages());
    const { user } = renderRoutes(routes, `/users/${anan.id}`);

    expect(await screen.findByRole("button", { name: "Impersonate" })).toBeInTheDocument();
    await user.click(screen.getByRole("tab", { name: "Activity" }));

    const panel = screen.getByRole("tabpanel", { name: "Activity" });
    expect(await within(panel).findByRole("table", { name: "Activity of Anan Ismail" })).toBeInTheDocument();
    expect(screen.getByTestId("location").textContent).toBe(`/users/${anan.id}?tab=activity`);
  });

  it("gives the person page an Activity tab", async () => {
    server.use(...shellAndPages());

    renderRoutes(routes, `/people/${aPerson().id}?tab=activity`);

    expect(await screen.findByRole("table", { name: "Activity of Adele Vance" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Activity" })).toHaveAttribute("aria-selected", "true");
  });
});
