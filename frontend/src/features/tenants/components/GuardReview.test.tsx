import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { SyncRun } from "../../../api/types";
import { aMe, aSyncRun, aTenant, allPermissions, fabrikamId } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { aPendingChange } from "../../../test/sync-fixtures";
import { TenantPage } from "./TenantPage";

const route = { path: "/tenants/:tenantId", url: `/tenants/${fabrikamId}` };
const confirmer = aMe({
  permissions: [...allPermissions, "sync:confirm"],
  allTenants: [...allPermissions, "sync:confirm"],
});
const heldRun = aSyncRun({
  id: "7a7a7a7a-0000-4000-8000-000000000009",
  status: "needs_confirmation",
  pending: { disable: 2, remove: 98, people: 120 },
});

/** Serves the tenant with lastSync from runs, one per call, repeating the last, and its history. */
function tenantApi(...runs: SyncRun[]) {
  let calls = 0;
  return [
    http.get(api("/api/v1/tenants/:id"), () => {
      const lastSync = runs[Math.min(calls, runs.length - 1)] ?? null;
      calls += 1;
      return HttpResponse.json(aTenant({ lastSync }));
    }),
    http.get(api("/api/v1/tenants/:id/sync-runs"), () => HttpResponse.json({ items: runs, nextCursor: null })),
  ];
}

/** Serves 100 pending changes, 50 per page. */
function pendingApi() {
  const cursors: (string | null)[] = [];
  const handler = http.get(api("/api/v1/sync-runs/:id/pending-changes"), ({ request }) => {
    const cursor = new URL(request.url).searchParams.get("cursor");
    cursors.push(cursor);
    const first = cursor ? 51 : 1;
    const items = Array.from({ length: 50 }, (_, index) =>
      aPendingChange(first + index, index === 0 && !cursor ? { change: "disable" } : {}),
    );
    return HttpResponse.json({ items, nextCursor: cursor ? null : "page-2" });
  });
  return { handler, cursors };
}

describe("GuardReview", () => {
  it("lists who would go, page by page", async () => {
    const pending = pendingApi();
    server.use(...tenantApi(heldRun), pending.handler);
    const { user } = renderPage(<TenantPage />, route, { me: confirmer });

    const review = await screen.findByRole("region", { name: "Sync awaiting confirmation" });
    expect(review).toHaveTextContent("This sync would remove 98 and disable 2 of the tenant's 120 people");
    const table = await within(review).findByRole("table", { name: "Who would go" });
    const [, first] = within(table).getAllByRole("row");
    expect(first).toHaveTextContent("Disable");
    expect(within(first!).getByRole("link", { name: "Person 001" })).toHaveAttribute(
      "href",
      "/people/9d8c7b6a-0000-4000-8000-000000000001",
    );

    await user.click(within(review).getByRole("button", { name: "Next" }));

    expect(await within(review).findByRole("link", { name: "Person 051" })).toBeInTheDocument();
    expect(pending.cursors).toEqual([null, "page-2"]);
  });

  it("discards without a second question", async () => {
    let discarded = 0;
    const decided = { ...heldRun, status: "discarded" as const, decidedByName: "Megan Bowen" };
    server.use(
      ...tenantApi(heldRun, decided),
      pendingApi().handler,
      http.post(api("/api/v1/sync-runs/:id/discard"), () => {
        discarded += 1;
        return HttpResponse.json(decided);
      }),
    );
    const { user } = renderPage(<TenantPage />, route, { me: confirmer });

    const review = await screen.findByRole("region", { name: "Sync awaiting confirmation" });
    await user.click(within(review).getByRole("button", { name: "Discard" }));

    expect(await screen.findByText("Sync discarded")).toBeInTheDocument();
    expect(discarded).toBe(1);
    await expect
      .poll(() => screen.queryByRole("region", { name: "Sync awaiting confirmation" }))
      .not.toBeInTheDocument();
  });

  it("confirms after a second question", async () => {
    let confirmed = 0;
    server.use(
      ...tenantApi(heldRun, { ...heldRun, status: "succeeded" }),
      pendingApi().handler,
      http.post(api("/api/v1/sync-runs/:id/confirm"), () => {
        confirmed += 1;
        return HttpResponse.json({ ...heldRun, status: "succeeded" });
      }),
    );
    const { user } = renderPage(<TenantPage />, route, { me: confirmer });

    const review = await screen.findByRole("region", { name: "Sync awaiting confirmation" });
    await user.click(within(review).getByRole("button", { name: "Confirm and apply" }));
    const dialog = screen.getByRole("dialog", { name: "Apply these changes?" });
    expect(dialog).toHaveTextContent("98 people will be marked as removed and 2 people disabled");
    expect(confirmed).toBe(0);
    await user.click(within(dialog).getByRole("button", { name: "Apply changes" }));

    expect(await screen.findByText("Changes applied")).toBeInTheDocument();
    expect(confirmed).toBe(1);
  });

  it("shows a decision made meanwhile", async () => {
    server.use(
      ...tenantApi(heldRun),
      pendingApi().handler,
      http.post(api("/api/v1/sync-runs/:id/discard"), () =>
        problem(409, "Sync run is not awaiting confirmation", { detail: "Run 7a7a is discarded." }),
      ),
    );
    const { user } = renderPage(<TenantPage />, route, { me: confirmer });

    const review = await screen.findByRole("region", { name: "Sync awaiting confirmation" });
    await user.click(within(review).getByRole("button", { name: "Discard" }));

    expect(await screen.findByText("Sync run is not awaiting confirmation")).toBeInTheDocument();
  });

  it("needs sync:confirm to decide", async () => {
    server.use(...tenantApi(heldRun), pendingApi().handler);

    renderPage(<TenantPage />, route);

    const review = await screen.findByRole("region", { name: "Sync awaiting confirmation" });
    expect(within(review).getByRole("button", { name: "Discard" })).toHaveAccessibleDescription(/sync:confirm/);
  });
});

describe("ConsentCheck", () => {
  it.each([
    {
      name: "consent in place",
      answer: { ok: true, error: null },
      title: "Consent is in place",
      text: /Roster can read this tenant's directory/,
    },
    {
      name: "missing app",
      answer: {
        ok: false,
        error: {
          kind: "app_not_in_tenant",
          message: "application 3a9f5c1e was not found in the tenant",
          hint: "An administrator of the tenant must consent to it before it can be synced.",
          httpStatus: 400,
        },
      },
      title: "Roster's application is not in this tenant",
      text: /must consent to it before it can be synced/,
    },
  ])("reports $name", async ({ answer, title, text }) => {
    server.use(
      ...tenantApi(aSyncRun()),
      http.post(api("/api/v1/tenants/:id/check-consent"), () =>
        HttpResponse.json({
          tenantId: fabrikamId,
          entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
          checkedAt: "2026-03-03T09:00:00Z",
          ...answer,
        }),
      ),
    );
    const { user } = renderPage(<TenantPage />, route);

    await user.click(await screen.findByRole("button", { name: "Check consent" }));

    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.getByText(text)).toBeInTheDocument();
  });
});
