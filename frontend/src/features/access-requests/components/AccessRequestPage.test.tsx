import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { AccessRequestDetail } from "../../../api/types";
import { endOfLocalDay, localDay } from "../../../lib/expiry";
import { aSettingList, anAccessRequest, anAccessRequestDetail } from "../../../test/access-request-fixtures";
import {
  aHomeTenant,
  aMe,
  aTenant,
  aTenantAdminMe,
  aUser,
  builtinRoles,
  permissionCatalogue,
  roleIds,
  tailspinId,
} from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { AccessRequestPage } from "./AccessRequestPage";

const request = anAccessRequest();
const route = { path: "/access-requests/:requestId", url: `/access-requests/${request.id}` };

/** Serves the request's detail from a value the test can replace. */
function detailApi(initial: AccessRequestDetail) {
  const state = { detail: initial };
  const handler = http.get(api("/api/v1/access-requests/:id"), () => HttpResponse.json(state.detail));
  return { handler, state };
}

const grantOptions = [
  http.get(api("/api/v1/tenants"), () =>
    HttpResponse.json({
      items: [aHomeTenant(), aTenant(), aTenant({ id: tailspinId, name: "Tailspin Toys" })],
      nextCursor: null,
    }),
  ),
  http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() })),
  http.get(api("/api/v1/permissions"), () => HttpResponse.json({ items: permissionCatalogue })),
  http.get(api("/api/v1/settings"), () => HttpResponse.json(aSettingList())),
];

/** Records the body of each grant and responds with the granted request. */
function grantApi() {
  const bodies: unknown[] = [];
  const handler = http.post(api("/api/v1/access-requests/:id/grant"), async ({ request: sent }) => {
    bodies.push(await sent.json());
    return HttpResponse.json(anAccessRequest({ status: "granted" }));
  });
  return { handler, bodies };
}

describe("AccessRequestPage", () => {
  it("shows the request and what Roster records", async () => {
    const earlier = anAccessRequest({
      id: "e0e0e0e0-0000-4000-8000-0000000000e0",
      status: "denied",
      createdAt: "2026-01-10T09:00:00Z",
      decidedAt: "2026-01-11T09:00:00Z",
      decidedByName: "Megan Bowen",
      decisionReason: "Not on the service desk yet",
    });
    const detail = anAccessRequestDetail({
      user: aUser({ displayName: "Adele Vance", status: "expired", expiresAt: "2026-02-01T00:00:00Z" }),
      earlierRequests: [earlier],
      removals: [
        {
          userId: "u0",
          removedAt: "2025-12-01T09:00:00Z",
          removedBy: "x",
          removedByName: "Tomasz Mazur",
          reason: "Left the team",
        },
      ],
    });
    server.use(detailApi(detail).handler, ...grantOptions);

    renderPage(<AccessRequestPage />, route);

    expect(await screen.findByRole("heading", { name: "Access request from Adele Vance" })).toBeInTheDocument();
    expect(screen.getByText("I joined the service desk and need to look up callers.")).toBeInTheDocument();
    expect(screen.getByText("Retail Manager")).toBeInTheDocument();
    const links = screen.getAllByRole("link", { name: "Adele Vance" }).map((link) => link.getAttribute("href"));
    expect(links).toEqual([`/people/${detail.person?.id}`, `/users/${detail.user?.id}`]);
    expect(screen.getByText("Expired")).toBeInTheDocument();
    expect(screen.getByRole("list", { name: "Earlier removals" })).toHaveTextContent(
      /Removed by Tomasz Mazur .*: Left the team/,
    );
    const history = screen.getByRole("table", { name: "Earlier requests" });
    expect(within(history).getByText(/Not on the service desk yet/)).toBeInTheDocument();
  });

  it("grants a role in the requester's tenant for a preset", async () => {
    const grant = grantApi();
    server.use(detailApi(anAccessRequestDetail()).handler, ...grantOptions, grant.handler);
    const { user } = renderPage(<AccessRequestPage />, route);

    const own = await screen.findByRole("radio", { name: "Own tenant (Fabrikam Manufacturing)" });
    expect(own).toBeChecked();
    expect(screen.getByRole("radio", { name: "All tenants" })).toBeDisabled();
    expect(screen.getByRole("checkbox", { name: "MSP Administrator" })).toBeDisabled();
    expect(await screen.findByRole("radio", { name: "30 days" })).toBeChecked();
    await user.click(screen.getByRole("checkbox", { name: "Tenant User" }));
    await user.click(screen.getByRole("radio", { name: "1 day" }));
    await user.type(screen.getByRole("textbox", { name: /Note/ }), "Welcome aboard");
    await user.click(screen.getByRole("button", { name: "Grant access" }));

    await expect.poll(() => grant.bodies.length).toBe(1);
    expect(grant.bodies[0]).toEqual({
      assignments: [{ roleId: roleIds.tenantUser, scope: { type: "own" }, effect: "allow" }],
      expiresIn: "1d",
      note: "Welcome aboard",
    });
  });

  it("grants until a chosen day", async () => {
    const grant = grantApi();
    server.use(detailApi(anAccessRequestDetail()).handler, ...grantOptions, grant.handler);
    const { user } = renderPage(<AccessRequestPage />, route);
    const day = localDay(new Date(Date.now() + 10 * 24 * 60 * 60 * 1000));

    await user.click(await screen.findByRole("checkbox", { name: "Tenant User" }));
    await user.click(screen.getByRole("radio", { name: "On a date" }));
    await user.click(screen.getByRole("button", { name: "Grant access" }));
    expect(await screen.findByText("Choose the last day of access.")).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Last day of access/), day);
    await user.click(screen.getByRole("button", { name: "Grant access" }));

    await expect.poll(() => grant.bodies.length).toBe(1);
    expect(grant.bodies[0]).toMatchObject({ expiresAt: endOfLocalDay(day) });
    expect(grant.bodies[0]).not.toHaveProperty("expiresIn");
  });

  it("needs a role before granting", async () => {
    const grant = grantApi();
    server.use(detailApi(anAccessRequestDetail()).handler, ...grantOptions, grant.handler);
    const { user } = renderPage(<AccessRequestPage />, route);

    await user.click(await screen.findByRole("button", { name: "Grant access" }));

    expect(await screen.findByText("Choose at least one role.")).toBeInTheDocument();
    expect(grant.bodies).toEqual([]);
  });

  it("leaves the expiry to the server without settings:read", async () => {
    const grant = grantApi();
    server.use(detailApi(anAccessRequestDetail()).handler, ...grantOptions.slice(0, 3), grant.handler);
    const me = aTenantAdminMe();
    const { user } = renderPage(<AccessRequestPage />, route, { me });

    expect(await screen.findByRole("radio", { name: "Default" })).toBeChecked();
    await user.click(await screen.findByRole("checkbox", { name: "Tenant User" }));
    await user.click(screen.getByRole("button", { name: "Grant access" }));

    await expect.poll(() => grant.bodies.length).toBe(1);
    expect(grant.bodies[0]).not.toHaveProperty("expiresIn");
    expect(grant.bodies[0]).not.toHaveProperty("expiresAt");
  });

  it("denies with a reason", async () => {
    let body: unknown;
    const detail = detailApi(anAccessRequestDetail());
    server.use(
      detail.handler,
      ...grantOptions,
      http.post(api("/api/v1/access-requests/:id/deny"), async ({ request: sent }) => {
        body = await sent.json();
        detail.state.detail = anAccessRequestDetail({
          request: anAccessRequest({
            status: "denied",
            decidedAt: "2026-03-01T10:00:00Z",
            decidedByName: "Megan Bowen",
            decisionReason: "Ask your manager",
          }),
        });
        return HttpResponse.json(detail.state.detail.request);
      }),
    );
    const { user } = renderPage(<AccessRequestPage />, route);

    await user.click(await screen.findByRole("button", { name: "Deny…" }));
    const dialog = await screen.findByRole("dialog", { name: "Deny the request from Adele Vance" });
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Ask your manager");
    await user.click(within(dialog).getByRole("button", { name: "Deny request" }));

    expect(await screen.findByText("This request is no longer pending")).toBeInTheDocument();
    expect(screen.getByText(/Denied by Megan Bowen .* Reason: Ask your manager/)).toBeInTheDocument();
    expect(body).toEqual({ reason: "Ask your manager" });
  });

  it("shows who decided first on a conflict", async () => {
    const detail = detailApi(anAccessRequestDetail());
    server.use(
      detail.handler,
      ...grantOptions,
      http.post(api("/api/v1/access-requests/:id/grant"), () => {
        detail.state.detail = anAccessRequestDetail({
          request: anAccessRequest({
            status: "granted",
            decidedAt: "2026-03-01T10:00:00Z",
            decidedByName: "Tomasz Mazur",
            grantExpiresAt: "2026-03-31T10:00:00Z",
          }),
        });
        return problem(409, "Access request already decided", {
          type: "urn:roster:problem:access-request-decided",
          detail: "access request a7a7 is granted by Tomasz Mazur at 2026-03-01T10:00:00Z; reload it.",
        });
      }),
    );
    const { user } = renderPage(<AccessRequestPage />, route);

    await user.click(await screen.findByRole("checkbox", { name: "Tenant User" }));
    await user.click(screen.getByRole("button", { name: "Grant access" }));

    expect(await screen.findByText("Access request already decided")).toBeInTheDocument();
    expect(screen.getByText("This request is no longer pending")).toBeInTheDocument();
    expect(screen.getByText(/Granted by Tomasz Mazur on .*, until/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Grant access" })).not.toBeInTheDocument();
  });

  it("lets a reader look but not decide", async () => {
    server.use(detailApi(anAccessRequestDetail()).handler);
    const readOnly = ["access-requests:read", "people:read", "users:read"];
    const me = aMe({ permissions: readOnly, allTenants: readOnly });

    renderPage(<AccessRequestPage />, route, { me });

    expect(await screen.findByText("You can read this request but not decide it")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Grant access" })).not.toBeInTheDocument();
  });

  it("explains a requester sync has not brought", async () => {
    server.use(detailApi(anAccessRequestDetail({ person: null })).handler, ...grantOptions);

    renderPage(<AccessRequestPage />, route);

    expect(await screen.findByText(/Sync has not brought this person yet/)).toBeInTheDocument();
    expect(screen.getByText("No current access: granting creates a new user.")).toBeInTheDocument();
    expect(screen.getByText("This is their first request.")).toBeInTheDocument();
  });

  it("shows not found", async () => {
    server.use(
      http.get(api("/api/v1/access-requests/:id"), () =>
        problem(404, "Access request not found", { detail: "No access request with this id exists." }),
      ),
    );

    renderPage(<AccessRequestPage />, route);

    expect(await screen.findByRole("heading", { name: "Not found" })).toBeInTheDocument();
  });
});
