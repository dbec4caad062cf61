import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { AccessRequest } from "../../../api/types";
import { anAccessRequest } from "../../../test/access-request-fixtures";
import { aMe, aTenant, builtinRoles, permissionCatalogue, tailspinId } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { AccessRequestsPage } from "./AccessRequestsPage";

const route = { path: "/access-requests", url: "/access-requests" };

/** Records the query of every list request and serves the page keyed by its cursor. */
function requestsApi(pages: Record<string, { items: AccessRequest[]; nextCursor: string | null }>) {
  const queries: URLSearchParams[] = [];
  const handler = http.get(api("/api/v1/access-requests"), ({ request }) => {
    const query = new URL(request.url).searchParams;
    queries.push(query);
    return HttpResponse.json(pages[query.get("cursor") ?? ""] ?? { items: [], nextCursor: null });
  });
  return { handler, queries };
}

const tenantList = http.get(api("/api/v1/tenants"), () =>
  HttpResponse.json({ items: [aTenant(), aTenant({ id: tailspinId, name: "Tailspin Toys" })], nextCursor: null }),
);
const grantOptions = [
  tenantList,
  http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() })),
  http.get(api("/api/v1/permissions"), () => HttpResponse.json({ items: permissionCatalogue })),
  http.get(api("/api/v1/settings"), () => HttpResponse.json({ items: [], etag: '"1"' })),
];

const bianca = anAccessRequest({
  id: "b1b1b1b1-0000-4000-8000-0000000000b1",
  displayName: "Bianca Pisani",
  userPrincipalName: "bianca.pisani@fabrikam.example",
  justification: "",
});

describe("AccessRequestsPage", () => {
  it("lists pending requests oldest first", async () => {
    const requests = requestsApi({ "": { items: [anAccessRequest(), bianca], nextCursor: null } });
    server.use(requests.handler, tenantList);

    renderPage(<AccessRequestsPage />, route);

    const table = await screen.findByRole("table", { name: "Access requests" });
    const adele = within(table).getByRole("row", { name: /Adele Vance/ });
    expect(within(adele).getByText("Pending")).toBeInTheDocument();
    expect(within(adele).getByText(/I joined the service desk/)).toBeInTheDocument();
    expect(within(adele).getByRole("link", { name: "Adele Vance" })).toHaveAttribute(
      "href",
      `/access-requests/${anAccessRequest().id}`,
    );
    expect(within(table).getByRole("row", { name: /Bianca Pisani/ })).toHaveTextContent("None given");
    expect(requests.queries[0]?.toString()).toBe("limit=50&status=pending&sort=createdAt");
  });

  it("filters by status, tenant, age and order", async () => {
    const requests = requestsApi({ "": { items: [anAccessRequest()], nextCursor: null } });
    server.use(requests.handler, tenantList);
    const { user } = renderPage(<AccessRequestsPage />, route);
    await screen.findByRole("table", { name: "Access requests" });

    await user.click(screen.getByRole("combobox", { name: "Status" }));
    await user.click(await screen.findByRole("option", { name: "Denied" }));
    await user.click(screen.getByRole("combobox", { name: "Tenant" }));
    await user.click(await screen.findByRole("option", { name: "Tailspin Toys" }));
    await user.click(screen.getByRole("combobox", { name: "Age" }));
    await user.click(await screen.findByRole("option", { name: "Waiting over 7 days" }));
    await user.click(screen.getByRole("combobox", { name: "Order" }));
    await user.click(await screen.findByRole("option", { name: "Newest first" }));

    await expect
      .poll(() => requests.queries.at(-1)?.toString())
      .toBe(`limit=50&status=denied&tenantId=${tailspinId}&olderThan=7d&sort=-createdAt`);
    expect(screen.getByTestId("location").textContent).toBe(
      `/access-requests?status=denied&tenant=${tailspinId}&age=old-7d&order=newest`,
    );
  });

  it("lists every status on request", async () => {
    const requests = requestsApi({});
    server.use(requests.handler, tenantList);

    renderPage(<AccessRequestsPage />, { path: "/access-requests", url: "/access-requests?status=any" });

    expect(await screen.findByText("No access requests found")).toBeInTheDocument();
    expect(requests.queries[0]?.toString()).toBe("limit=50&sort=createdAt");
  });

  it("says when nobody is waiting", async () => {
    server.use(requestsApi({}).handler, tenantList);

    renderPage(<AccessRequestsPage />, route);

    expect(await screen.findByText("No pending requests")).toBeInTheDocument();
  });

  it("pages forward with cursors", async () => {
    const requests = requestsApi({
      "": { items: [anAccessRequest()], nextCursor: "c2" },
      c2: { items: [bianca], nextCursor: null },
    });
    server.use(requests.handler, tenantList);
    const { user } = renderPage(<AccessRequestsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Next" }));

    expect(await screen.findByText("Bianca Pisani")).toBeInTheDocument();
    expect(screen.getByText("Page 2")).toBeInTheDocument();
    expect(requests.queries.map((query) => query.get("cursor"))).toEqual([null, "c2"]);
  });

  it("moves between rows and opens one with the keyboard", async () => {
    server.use(requestsApi({ "": { items: [anAccessRequest(), bianca], nextCursor: null } }).handler, tenantList);
    const { user } = renderPage(<AccessRequestsPage />, route);
    const table = await screen.findByRole("table", { name: "Access requests" });
    const [adele, second] = [
      within(table).getByRole("row", { name: /Adele Vance/ }),
      within(table).getByRole("row", { name: /Bianca Pisani/ }),
    ];

    adele.focus();
    await user.keyboard("{ArrowDown}");
    expect(second).toHaveFocus();
    await user.keyboard("{ArrowUp}");
    expect(adele).toHaveFocus();
    await user.keyboard("{ArrowDown}{Enter}");

    await expect.poll(() => screen.getByTestId("location").textContent).toBe(`/access-requests/${bianca.id}`);
  });

  it("denies a request with a reason", async () => {
    let body: unknown;
    let decided = false;
    server.use(
      http.get(api("/api/v1/access-requests"), () =>
        HttpResponse.json({
          items: [decided ? anAccessRequest({ status: "denied", decidedByName: "Megan Bowen" }) : anAccessRequest()],
          nextCursor: null,
        }),
      ),
      tenantList,
      http.post(api("/api/v1/access-requests/:id/deny"), async ({ request }) => {
        body = await request.json();
        decided = true;
        return HttpResponse.json(anAccessRequest({ status: "denied" }));
      }),
    );
    const { user } = renderPage(<AccessRequestsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Deny the request from Adele Vance" }));
    const dialog = await screen.findByRole("dialog", { name: "Deny the request from Adele Vance" });
    await user.click(within(dialog).getByRole("button", { name: "Deny request" }));
    expect(within(dialog).getByText(/Enter a reason/)).toBeInTheDocument();
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Ask your manager");
    await user.click(within(dialog).getByRole("button", { name: "Deny request" }));

    await expect.poll(() => screen.queryByRole("dialog")).toBeNull();
    expect(body).toEqual({ reason: "Ask your manager" });
    expect(await screen.findByText(/Denied by Megan Bowen/)).toBeInTheDocument();
  });

  it("shows who decided first on a conflict", async () => {
    server.use(
      requestsApi({ "": { items: [anAccessRequest()], nextCursor: null } }).handler,
      tenantList,
      http.post(api("/api/v1/access-requests/:id/deny"), () =>
        problem(409, "Access request already decided", {
          type: "urn:roster:problem:access-request-decided",
          detail: "access request a7a7 is granted by Tomasz Mazur at 2026-03-01T10:00:00Z; reload it.",
        }),
      ),
    );
    const { user } = renderPage(<AccessRequestsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Deny the request from Adele Vance" }));
    const dialog = await screen.findByRole("dialog");
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Duplicate");
    await user.click(within(dialog).getByRole("button", { name: "Deny request" }));

    expect(await within(dialog).findByText(/granted by Tomasz Mazur/)).toBeInTheDocument();
  });

  it("grants from the queue", async () => {
    let body: unknown;
    server.use(
      requestsApi({ "": { items: [anAccessRequest()], nextCursor: null } }).handler,
      ...grantOptions,
      http.post(api("/api/v1/access-requests/:id/grant"), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(anAccessRequest({ status: "granted" }));
      }),
    );
    const { user } = renderPage(<AccessRequestsPage />, route);

    await user.click(await screen.findByRole("button", { name: "Grant access to Adele Vance" }));
    const dialog = await screen.findByRole("dialog", { name: "Grant access to Adele Vance" });
    await user.click(await within(dialog).findByRole("checkbox", { name: "Tenant User" }));
    await user.click(within(dialog).getByRole("radio", { name: "1 day" }));
    await user.click(within(dialog).getByRole("button", { name: "Grant access" }));

    await expect.poll(() => screen.queryByRole("dialog")).toBeNull();
    expect(body).toMatchObject({ assignments: [{ scope: { type: "own" } }], expiresIn: "1d" });
  });

  it("disables deciding without the permission", async () => {
    server.use(requestsApi({ "": { items: [anAccessRequest()], nextCursor: null } }).handler, tenantList);
    const me = aMe({ permissions: ["access-requests:read"], allTenants: ["access-requests:read"] });

    renderPage(<AccessRequestsPage />, route, { me });

    const grant = await screen.findByRole("button", { name: "Grant access to Adele Vance" });
    expect(grant).toHaveAttribute("aria-disabled", "true");
    expect(grant).toHaveAccessibleDescription(/access-requests:decide/);
  });
});
