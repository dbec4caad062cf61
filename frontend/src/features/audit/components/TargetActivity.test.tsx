import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { anAuditEvent } from "../../../test/audit-fixtures";
import { aTenantAdminMe, fabrikamId } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, server } from "../../../test/server";
import { TargetActivity } from "./TargetActivity";

const userId = "b2b2b2b2-0000-4000-8000-0000000000b2";
const route = { path: "/users/:userId", url: `/users/${userId}` };
const activity = <TargetActivity targetId={userId} targetName="Anan Ismail" tenantId={fabrikamId} />;

describe("TargetActivity", () => {
  it("lists the events of one target", async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(api("/api/v1/audit-events"), ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          items: [anAuditEvent(), anAuditEvent({ id: "e2", action: "user.granted", reason: "Runs IT" })],
          nextCursor: null,
        });
      }),
    );

    renderPage(activity, route);

    const table = await screen.findByRole("table", { name: "Activity of Anan Ismail" });
    expect(within(table).getAllByRole("row")).toHaveLength(3);
    expect(within(table).queryByRole("columnheader", { name: "Target" })).not.toBeInTheDocument();
    expect(queries[0]?.get("targetId")).toBe(userId);
    expect(queries[0]?.get("limit")).toBe("20");
    expect(screen.getByRole("link", { name: "Search and export these events in the audit trail" })).toHaveAttribute(
      "href",
      `/audit?targetId=${userId}&targetName=Anan+Ismail`,
    );
  });

  it("explains an empty activity", async () => {
    server.use(http.get(api("/api/v1/audit-events"), () => HttpResponse.json({ items: [], nextCursor: null })));

    renderPage(activity, route);

    expect(await screen.findByText("No activity recorded")).toBeInTheDocument();
  });

  it("needs audit:read in the tenant", () => {
    renderPage(activity, route, { me: aTenantAdminMe() });

    expect(screen.getByText(/You need the audit:read permission in this tenant/)).toBeInTheDocument();
  });
});
