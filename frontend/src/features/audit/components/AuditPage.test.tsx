import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { anAuditEvent, sessionId } from "../../../test/audit-fixtures";
import { aTenant, fabrikamId } from "../../../test/fixtures";
import { renderPage, testToken } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { AuditPage } from "./AuditPage";

const route = (search = "") => ({ path: "/audit", url: `/audit${search}` });
const tenantList = http.get(api("/api/v1/tenants"), () => HttpResponse.json({ items: [aTenant()], nextCursor: null }));

const expiryChange = anAuditEvent({
  before: { expiresAt: null } as never,
  after: { expiresAt: "2026-06-30T17:00:00Z" } as never,
});
const impersonatedRequest = anAuditEvent({
  id: "ae000000-0000-4000-8000-000000000002",
  seq: 41,
  action: "impersonation.request",
  actorId: "c0ffee00-0000-4000-8000-00000000c001",
  actorName: "Adele Vance",
  impersonatorId: "a1b2c3d4-0000-4000-8000-000000000001",
  impersonatorName: "Megan Bowen",
  impersonationSessionId: sessionId,
  targetType: "impersonation_session",
  targetId: sessionId,
  targetName: "Adele Vance",
  reason: "",
  after: { method: "PATCH", route: "/api/v1/people/:id", status: 403 } as never,
});

/** Serves the audit list and records the query of every request. */
function auditApi(items = [expiryChange, impersonatedRequest]) {
  const queries: URLSearchParams[] = [];
  const handler = http.get(api("/api/v1/audit-events"), ({ request }) => {
    queries.push(new URL(request.url).searchParams);
    return HttpResponse.json({ items, nextCursor: null });
  });
  return { handler, queries };
}

describe("AuditPage", () => {
  it("shows events with both identities and a link to the target", async () => {
    const audit = auditApi();
    server.use(audit.handler, tenantList);

    renderPage(<AuditPage />, route());

    const table = await screen.findByRole("table", { name: "Audit events" });
    const [, change, impersonated] = within(table).getAllByRole("row");
    expect(change).toHaveTextContent("user.expiry.changed");
    expect(within(change!).getByRole("link", { name: "Anan Ismail" })).toHaveAttribute(
      "href",
      "/users/b2b2b2b2-0000-4000-8000-0000000000b2",
    );
    expect(change).toHaveTextContent("Fabrikam Manufacturing");
    expect(change).toHaveTextContent("Contract ends in June");
    expect(impersonated).toHaveTextContent("Adele Vance");
    expect(impersonated).toHaveTextContent("Impersonated by Megan Bowen");
    expect(impersonated).toHaveTextContent("PATCH /api/v1/people/:id → 403");
  });

  it("opens a readable diff", async () => {
    server.use(auditApi().handler, tenantList);
    const { user } = renderPage(<AuditPage />, route());

    await user.click(await screen.findByRole("button", { name: /^Details of user\.expiry\.changed/ }));

    const changes = screen.getByRole("table", { name: "Changes of user.expiry.changed" });
    const [, row] = within(changes).getAllByRole("row");
    expect(
      within(row!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["expiresAt", "none", "2026-06-30T17:00:00Z"]);
    expect(screen.getByText("req-audit-1")).toBeInTheDocument();
    expect(screen.getByText("203.0.113.7")).toBeInTheDocument();
  });

  it("sends filters from the address and the form", async () => {
    const audit = auditApi();
    server.use(audit.handler, tenantList);
    const { user } = renderPage(<AuditPage />, route(`?sessionId=${sessionId}&tenant=${fabrikamId}&from=2026-03-01`));

    await screen.findByRole("table", { name: "Audit events" });
    expect(audit.queries[0]?.get("sessionId")).toBe(sessionId);
    expect(audit.queries[0]?.get("tenantId")).toBe(fabrikamId);
    expect(audit.queries[0]?.get("from")).toBe(new Date(2026, 2, 1).toISOString());
    expect(screen.getByRole("toolbar", { name: "Active filters" })).toHaveTextContent(
      `Impersonation session: ${sessionId}`,
    );

    await user.type(screen.getByRole("combobox", { name: /Action/ }), "impersonation.");
    await expect.poll(() => audit.queries.at(-1)?.get("action")).toBe("impersonation.");
    await user.type(screen.getByRole("searchbox", { name: "Search" }), "Adele");
    await expect.poll(() => audit.queries.at(-1)?.get("q")).toBe("Adele");
  });

  it("filters by an actor from the table", async () => {
    const audit = auditApi();
    server.use(audit.handler, tenantList);
    const { user } = renderPage(<AuditPage />, route());

    await user.click(await screen.findByRole("button", { name: "Only events impersonated by Megan Bowen" }));

    await expect.poll(() => audit.queries.at(-1)?.get("impersonatorId")).toBe("a1b2c3d4-0000-4000-8000-000000000001");
    expect(screen.getByRole("toolbar", { name: "Active filters" })).toHaveTextContent("Impersonated by: Megan Bowen");
    await user.click(screen.getByRole("button", { name: "Remove filter Impersonated by: Megan Bowen" }));
    expect(screen.queryByRole("toolbar", { name: "Active filters" })).not.toBeInTheDocument();
    expect(screen.getByTestId("location").textContent).toBe("/audit");
  });

  it("explains an empty result", async () => {
    server.use(auditApi([]).handler, tenantList);

    renderPage(<AuditPage />, route("?action=role."));

    expect(await screen.findByText("No audit events match")).toBeInTheDocument();
  });

  describe("export", () => {
    let saved: { href: string; download: string }[];
    beforeEach(() => {
      saved = [];
      URL.createObjectURL = vi.fn(() => "blob:roster-export");
      URL.revokeObjectURL = vi.fn();
      vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
        saved.push({ href: this.href, download: this.download });
      });
    });
    afterEach(() => {
      vi.restoreAllMocks();
    });

    it.each([
      { format: "csv", button: "Export CSV" },
      { format: "ndjson", button: "Export NDJSON" },
    ])("downloads $format with the bearer token", async ({ format, button }) => {
      const requests: { authorization: string | null; query: URLSearchParams }[] = [];
      server.use(
        auditApi().handler,
        tenantList,
        http.get(api("/api/v1/audit-events/export"), ({ request }) => {
          requests.push({
            authorization: request.headers.get("Authorization"),
            query: new URL(request.url).searchParams,
          });
          return new HttpResponse("seq,action\n42,user.expiry.changed\n", {
            headers: {
              "Content-Type": "text/csv",
              "Content-Disposition": `attachment; filename="roster-audit-20260303T090000Z.${format}"`,
            },
          });
        }),
      );
      const { user } = renderPage(<AuditPage />, route("?targetType=user"));

      await screen.findByRole("table", { name: "Audit events" });
      await user.click(screen.getByRole("button", { name: button }));

      await expect
        .poll(() => saved)
        .toEqual([{ href: "blob:roster-export", download: `roster-audit-20260303T090000Z.${format}` }]);
      expect(requests[0]?.authorization).toBe(`Bearer ${testToken}`);
      expect(requests[0]?.query.get("format")).toBe(format);
      expect(requests[0]?.query.get("targetType")).toBe("user");
    });

    it("shows a failed export", async () => {
      server.use(
        auditApi().handler,
        tenantList,
        http.get(api("/api/v1/audit-events/export"), () =>
          problem(403, "Forbidden", { detail: "You need audit:read." }),
        ),
      );
      const { user } = renderPage(<AuditPage />, route());

      await user.click(await screen.findByRole("button", { name: "Export CSV" }));

      expect(await screen.findByText("You need audit:read.")).toBeInTheDocument();
      expect(saved).toEqual([]);
    });
  });
});
