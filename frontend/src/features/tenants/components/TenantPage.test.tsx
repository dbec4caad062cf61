import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { SyncRun } from "../../../api/types";
import { aMe, aSyncRun, aTenant, aTenantAdminMe, fabrikamId } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { TenantPage } from "./TenantPage";

const route = { path: "/tenants/:tenantId", url: `/tenants/${fabrikamId}` };
const runId = "7a7a7a7a-0000-4000-8000-000000000001";

/** Serves GET /sync-runs/{id} from a list of states, repeating the last one. */
function runStates(states: SyncRun[]) {
  let calls = 0;
  return http.get(api("/api/v1/sync-runs/:id"), () => {
    const state = states[Math.min(calls, states.length - 1)];
    calls += 1;
    return HttpResponse.json(state);
  });
}

function tenantAndHistory(history: SyncRun[] = []) {
  return [
    http.get(api("/api/v1/tenants/:id"), () => HttpResponse.json(aTenant())),
    http.get(api("/api/v1/tenants/:id/sync-runs"), () => HttpResponse.json({ items: history, nextCursor: null })),
  ];
}

describe("TenantPage", () => {
  it("shows the Azure tab", async () => {
    server.use(...tenantAndHistory([aSyncRun({ trigger: "schedule" })]));

    renderPage(<TenantPage />, route);

    expect(await screen.findByRole("heading", { name: "Fabrikam Manufacturing" })).toBeInTheDocument();
    expect(screen.getByRole("tab", { name: "Azure" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getByText("2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02")).toBeInTheDocument();
    const history = await screen.findByRole("table", { name: "Sync history" });
    expect(within(history).getByText("Scheduled (full)")).toBeInTheDocument();
    expect(within(history).getByText("40 created, 2 updated")).toBeInTheDocument();
  });

  it("syncs and follows the run to success", async () => {
    let posted = 0;
    const queued = aSyncRun({
      id: runId,
      status: "queued",
      startedAt: null,
      finishedAt: null,
      pagesRead: 0,
      peopleWritten: 0,
    });
    server.use(
      ...tenantAndHistory(),
      http.post(api("/api/v1/tenants/:id/sync"), () => {
        posted += 1;
        return HttpResponse.json(queued, { status: 202 });
      }),
      runStates([
        { ...queued, status: "running", pagesRead: 1, peopleWritten: 20 },
        aSyncRun({ id: runId, pagesRead: 3, peopleWritten: 42 }),
      ]),
    );
    const { user } = renderPage(<TenantPage />, route);

    await user.click(await screen.findByRole("button", { name: "Sync Azure Details" }));

    const progress = await screen.findByRole("region", { name: "Sync progress" });
    expect(await within(progress).findByText("Running")).toBeInTheDocument();
    expect(within(progress).getByRole("progressbar", { name: "Sync running" })).toBeInTheDocument();
    expect(await within(progress).findByText("Sync finished", {}, { timeout: 4000 })).toBeInTheDocument();
    expect(within(progress).getByText("42")).toBeInTheDocument();
    expect(within(progress).queryByRole("progressbar")).not.toBeInTheDocument();
    expect(posted).toBe(1);
  });

  it("shows a failed run's error and hint", async () => {
    server.use(
      ...tenantAndHistory(),
      http.post(api("/api/v1/tenants/:id/sync"), () =>
        HttpResponse.json(aSyncRun({ id: runId, status: "queued", finishedAt: null }), { status: 202 }),
      ),
      runStates([
        aSyncRun({
          id: runId,
          status: "failed",
          peopleWritten: 0,
          error: {
            kind: "consent",
            message: "The Roster application has no admin consent in this tenant.",
            hint: "Ask a Global Administrator of the customer to grant admin consent.",
            httpStatus: 403,
          },
        }),
      ]),
    );
    const { user } = renderPage(<TenantPage />, route);

    await user.click(await screen.findByRole("button", { name: "Sync Azure Details" }));

    expect(await screen.findByText("Sync failed")).toBeInTheDocument();
    expect(screen.getByText(/The Roster application has no admin consent in this tenant\./)).toBeInTheDocument();
    expect(screen.getByText(/Ask a Global Administrator/)).toBeInTheDocument();
  });

  it("follows a run already in progress", async () => {
    const running = aSyncRun({ id: runId, status: "running", finishedAt: null, pagesRead: 2, peopleWritten: 10 });
    server.use(
      http.get(api("/api/v1/tenants/:id"), () => HttpResponse.json(aTenant({ lastSync: running }))),
      http.get(api("/api/v1/tenants/:id/sync-runs"), () => HttpResponse.json({ items: [running], nextCursor: null })),
      runStates([running]),
    );

    renderPage(<TenantPage />, route);

    const progress = await screen.findByRole("region", { name: "Sync progress" });
    expect(within(progress).getByText("Sync in progress")).toBeInTheDocument();
    expect(within(progress).getByText("10")).toBeInTheDocument();
  });

  it.each([
    { status: 404, heading: "Not found" },
    { status: 403, heading: "You don't have access" },
  ])("shows the $status page", async ({ status, heading }) => {
    server.use(http.get(api("/api/v1/tenants/:id"), () => problem(status, "Problem", { requestId: `req-${status}` })));

    renderPage(<TenantPage />, route);

    expect(await screen.findByRole("heading", { name: heading })).toBeInTheDocument();
    expect(screen.getByText(`Request id: req-${status}`)).toBeInTheDocument();
  });

  it("adds and removes tenant tags", async () => {
    const sent: unknown[] = [];
    let tags = ["gold"];
    server.use(
      http.get(api("/api/v1/tenants/:id"), () => HttpResponse.json(aTenant({ tags }))),
      http.get(api("/api/v1/tenants/:id/sync-runs"), () => HttpResponse.json({ items: [], nextCursor: null })),
      http.patch(api("/api/v1/tenants/:id"), async ({ request }) => {
        const body = (await request.json()) as { tags: string[] };
        sent.push(body);
        tags = body.tags;
        return HttpResponse.json(aTenant({ tags }));
      }),
      // Tags decide tag-scoped access, so a change reloads the tenant list and /me.
      http.get(api("/api/v1/tenants"), () => HttpResponse.json({ items: [aTenant({ tags })], nextCursor: null })),
      http.get(api("/api/v1/me"), () => HttpResponse.json(aMe())),
    );
    const { user } = renderPage(<TenantPage />, route);

    await user.type(await screen.findByRole("textbox", { name: "New tenant tag" }), "managed-print");
    await user.click(screen.getByRole("button", { name: "Add tag" }));
    await user.click(await screen.findByRole("button", { name: "Remove tag gold" }));

    await expect.poll(() => sent).toEqual([{ tags: ["gold", "managed-print"] }, { tags: ["managed-print"] }]);
    expect(await screen.findByRole("button", { name: "Remove tag managed-print" })).toBeInTheDocument();
  });

  it("rejects a duplicate tenant tag", async () => {
    server.use(
      http.get(api("/api/v1/tenants/:id"), () => HttpResponse.json(aTenant({ tags: ["gold"] }))),
      http.get(api("/api/v1/tenants/:id/sync-runs"), () => HttpResponse.json({ items: [], nextCursor: null })),
    );
    const { user } = renderPage(<TenantPage />, route);

    await user.type(await screen.findByRole("textbox", { name: "New tenant tag" }), "GOLD");
    await user.click(screen.getByRole("button", { name: "Add tag" }));

    expect(await screen.findByText('This tenant already has the tag "GOLD".')).toBeInTheDocument();
  });

  it("shows tags read-only without tenants:update", async () => {
    server.use(
      http.get(api("/api/v1/tenants/:id"), () => HttpResponse.json(aTenant({ tags: ["gold"] }))),
      http.get(api("/api/v1/tenants/:id/sync-runs"), () => HttpResponse.json({ items: [], nextCursor: null })),
    );

    renderPage(<TenantPage />, route, { me: aTenantAdminMe() });

    const tags = await screen.findByRole("list", { name: "Tenant tags" });
    expect(within(tags).getByText("gold")).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: "New tenant tag" })).not.toBeInTheDocument();
    expect(screen.getByText(/You need the tenants:update permission/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Sync Azure Details" })).toHaveAccessibleDescription(/sync:run/);
  });
});
