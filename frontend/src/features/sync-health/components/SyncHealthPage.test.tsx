import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { SyncHealthList } from "../../../api/types";
import { aSyncRun, aTenantAdminMe, tailspinId } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, server } from "../../../test/server";
import { aSyncHealth, aSyncHealthList } from "../../../test/sync-fixtures";
import { SyncHealthPage } from "./SyncHealthPage";

const route = { path: "/sync-health", url: "/sync-health" };
const woodgroveId = "0b9a5a4e-2f0e-4a63-9a55-7d1f1e3c2b04";

const running = aSyncRun({ status: "running", finishedAt: null, pagesRead: 2, peopleWritten: 120 });

/** Serves the health list from states, one per call, repeating the last. */
function healthApi(...states: SyncHealthList[]) {
  let calls = 0;
  return http.get(api("/api/v1/sync-health"), () => {
    const state = states[Math.min(calls, states.length - 1)];
    calls += 1;
    return HttpResponse.json(state);
  });
}

describe("SyncHealthPage", () => {
  it("shows every state with what to do", async () => {
    server.use(
      healthApi(
        aSyncHealthList([
          aSyncHealth({
            state: "needs_confirmation",
            lastRun: aSyncRun({ status: "needs_confirmation", pending: { disable: 0, remove: 100, people: 120 } }),
          }),
          aSyncHealth({
            tenantId: tailspinId,
            tenantName: "Tailspin Toys",
            state: "failing",
            consecutiveFailures: 3,
            lastRun: aSyncRun({
              status: "failed",
              error: {
                kind: "consent_missing",
                message: "Roster's application has no permission to read users",
                hint: "Grant admin consent for Roster's application, then sync again.",
                httpStatus: 403,
              },
            }),
          }),
          aSyncHealth({ tenantId: woodgroveId, tenantName: "Woodgrove Clinic", state: "ok" }),
          aSyncHealth({
            tenantId: "0b9a5a4e-2f0e-4a63-9a55-7d1f1e3c2b05",
            tenantName: "Litware Legal",
            state: "stale",
            lastRun: null,
            lastSuccessAt: null,
          }),
        ]),
      ),
    );

    renderPage(<SyncHealthPage />, route);

    const table = await screen.findByRole("table", { name: "Sync health" });
    const [, held, failing, ok, stale] = within(table).getAllByRole("row");
    expect(held).toHaveTextContent("Needs confirmation");
    expect(held).toHaveTextContent("Would remove 100 and disable 0 of 120 people");
    expect(within(held!).getByRole("link", { name: "Review who would go" })).toHaveAttribute(
      "href",
      "/tenants/0b9a5a4e-2f0e-4a63-9a55-7d1f1e3c2b01",
    );
    expect(failing).toHaveTextContent("Roster's application has no permission to read users");
    expect(failing).toHaveTextContent("Grant admin consent");
    expect(failing).toHaveTextContent("3 failures in a row");
    expect(ok).toHaveTextContent("OK");
    expect(ok).toHaveTextContent("3 pages read, 42 people written");
    expect(stale).toHaveTextContent("Never synced. Open the tenant and sync it.");
    expect(screen.getByRole("group", { name: "Tenants by state" })).toHaveTextContent("Failing: 1");
    expect(screen.getByText(/more than 20% and more than 10 of a tenant's people/)).toBeInTheDocument();
  });

  it("syncs all and shows live progress", async () => {
    let started = 0;
    server.use(
      healthApi(
        aSyncHealthList([aSyncHealth()]),
        aSyncHealthList([aSyncHealth({ state: "running", lastRun: running })]),
        aSyncHealthList([aSyncHealth({ state: "ok", lastRun: aSyncRun({ peopleWritten: 240, pagesRead: 3 }) })]),
      ),
      http.post(api("/api/v1/sync"), () => {
        started += 1;
        return HttpResponse.json({ items: [running] }, { status: 202 });
      }),
    );
    const { user } = renderPage(<SyncHealthPage />, route);

    await screen.findByRole("table", { name: "Sync health" });
    await user.click(screen.getByRole("button", { name: "Sync all now" }));

    expect(await screen.findByText("1 tenant is syncing or waiting for a decision.")).toBeInTheDocument();
    expect(await screen.findByText("2 pages read, 120 people written")).toBeInTheDocument();
    expect(screen.getByRole("progressbar", { name: "Sync progress" })).toBeInTheDocument();
    expect(await screen.findByText("3 pages read, 240 people written", {}, { timeout: 5000 })).toBeInTheDocument();
    expect(started).toBe(1);
  });

  it("explains missing sync:run", async () => {
    server.use(healthApi(aSyncHealthList([aSyncHealth()])));

    renderPage(<SyncHealthPage />, route, {
      me: aTenantAdminMe({ permissions: ["sync:read"], tenants: [], allTenants: ["sync:read"] }),
    });

    expect(await screen.findByRole("button", { name: "Sync all now" })).toHaveAccessibleDescription(/sync:run/);
  });

  it("explains no linked tenants", async () => {
    server.use(healthApi(aSyncHealthList([])));

    renderPage(<SyncHealthPage />, route);

    expect(await screen.findByText("No linked tenants")).toBeInTheDocument();
  });
});
