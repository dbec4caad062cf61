import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { anImpersonationSession, sessionId } from "../../../test/audit-fixtures";
import { aTenantAdminMe } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, server } from "../../../test/server";
import { ImpersonationSessionsPage } from "./ImpersonationSessionsPage";

const route = { path: "/impersonation-sessions", url: "/impersonation-sessions" };

describe("ImpersonationSessionsPage", () => {
  it("lists who, whom, why, when and how long", async () => {
    server.use(
      http.get(api("/api/v1/impersonation-sessions"), () =>
        HttpResponse.json({
          items: [
            anImpersonationSession(),
            anImpersonationSession({
              id: "5e5e5e5e-0000-4000-8000-0000000000e6",
              active: false,
              endedAt: "2026-03-02T09:10:00Z",
              endReason: "stopped by the impersonator",
              durationSeconds: 3900,
              mode: "full",
            }),
          ],
          nextCursor: null,
        }),
      ),
    );

    renderPage(<ImpersonationSessionsPage />, route);

    const table = await screen.findByRole("table", { name: "Impersonation sessions" });
    const [, active, ended] = within(table).getAllByRole("row");
    expect(active).toHaveTextContent("Megan Bowen");
    expect(within(active!).getByRole("link", { name: "Adele Vance" })).toHaveAttribute(
      "href",
      "/users/b3b3b3b3-0000-4000-8000-0000000000b3",
    );
    expect(active).toHaveTextContent("Ticket 4711: cannot see her team");
    expect(active).toHaveTextContent("12 min");
    expect(active).toHaveTextContent("Read-only");
    expect(active).toHaveTextContent(/Active until/);
    expect(within(active!).getByRole("link", { name: "Requests" })).toHaveAttribute(
      "href",
      `/audit?sessionId=${sessionId}`,
    );
    expect(ended).toHaveTextContent("1 h 5 min");
    expect(ended).toHaveTextContent("Full");
    expect(ended).toHaveTextContent(/Ended .*: stopped by the impersonator/);
  });

  it("hides the audit link without audit:read", async () => {
    server.use(
      http.get(api("/api/v1/impersonation-sessions"), () =>
        HttpResponse.json({ items: [anImpersonationSession()], nextCursor: null }),
      ),
    );

    renderPage(<ImpersonationSessionsPage />, route, { me: aTenantAdminMe() });

    await screen.findByRole("table", { name: "Impersonation sessions" });
    expect(screen.queryByRole("link", { name: "Requests" })).not.toBeInTheDocument();
  });

  it("explains an empty list", async () => {
    server.use(
      http.get(api("/api/v1/impersonation-sessions"), () => HttpResponse.json({ items: [], nextCursor: null })),
    );

    renderPage(<ImpersonationSessionsPage />, route);

    expect(await screen.findByText("No impersonation sessions yet")).toBeInTheDocument();
  });
});
