import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { MyAccessRequests } from "../../../api/types";
import { LiveEventsProvider } from "../../../lib/live-events";
import { useMe } from "../../../lib/me";
import { aRequesterMe, anAccessRequest, myAccessRequests } from "../../../test/access-request-fixtures";
import { eventsApi } from "../../../test/live-events";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { RequestAccessPage, mayRequestAccess } from "./RequestAccessPage";

const route = { path: "/", url: "/" };
const inHours = (hours: number) => new Date(Date.now() + hours * 60 * 60 * 1000).toISOString();

/** Serves /mine from states, one per call, repeating the last. */
function mineApi(...states: MyAccessRequests[]) {
  let calls = 0;
  return http.get(api("/api/v1/access-requests/mine"), () => {
    const state = states[Math.min(calls, states.length - 1)];
    calls += 1;
    return HttpResponse.json(state);
  });
}

/** Observes /me as the app's access gate does, so that invalidating it refetches. */
function MeObserver() {
  useMe();
  return null;
}

function renderRequestPage(me = aRequesterMe()) {
  return renderPage(<RequestAccessPage me={me} />, route, { me });
}

describe("RequestAccessPage", () => {
  it("sends a request with a justification", async () => {
    const pending = anAccessRequest({ justification: "Service desk shifts" });
    let body: unknown;
    server.use(
      mineApi(myAccessRequests(), myAccessRequests({ items: [pending], canRequest: false })),
      http.post(api("/api/v1/access-requests"), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(pending, { status: 201 });
      }),
    );
    const { user } = renderRequestPage();

    expect(screen.getByRole("heading", { name: "Request access to Roster" })).toBeInTheDocument();
    expect(screen.getAllByText("adele.vance@fabrikam.example").length).toBeGreaterThan(0);
    await user.type(await screen.findByRole("textbox", { name: /Justification/ }), "Service desk shifts");
    await user.click(screen.getByRole("button", { name: "Request access" }));

    expect(await screen.findByText("Your request is waiting for a reviewer")).toBeInTheDocument();
    expect(body).toEqual({ justification: "Service desk shifts" });
    expect(screen.getByText("Your justification: Service desk shifts")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Request access" })).not.toBeInTheDocument();
  });

  it("sends a request without a justification", async () => {
    let body: unknown;
    server.use(
      mineApi(myAccessRequests()),
      http.post(api("/api/v1/access-requests"), async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(anAccessRequest({ justification: "" }), { status: 201 });
      }),
    );
    const { user } = renderRequestPage();

    await user.click(await screen.findByRole("button", { name: "Request access" }));

    await expect.poll(() => body).toEqual({});
  });

  it("withdraws the pending request", async () => {
    const pending = anAccessRequest();
    let withdrawn = "";
    server.use(
      mineApi(
        myAccessRequests({ items: [pending], canRequest: false }),
        myAccessRequests({ items: [{ ...pending, status: "withdrawn", decidedAt: "2026-03-01T10:00:00Z" }] }),
      ),
      http.post(api("/api/v1/access-requests/:id/withdraw"), ({ params }) => {
        withdrawn = String(params.id);
        return HttpResponse.json({ ...pending, status: "withdrawn" });
      }),
    );
    const { user } = renderRequestPage();

    await user.click(await screen.findByRole("button", { name: "Withdraw request" }));

    expect(await screen.findByRole("button", { name: "Request access" })).toBeInTheDocument();
    expect(withdrawn).toBe(pending.id);
    const history = screen.getByRole("list", { name: "Earlier requests" });
    expect(within(history).getByText("Withdrawn")).toBeInTheDocument();
  });

  it("shows the reviewer's reason for a denial", async () => {
    const denied = anAccessRequest({
      status: "denied",
      decidedAt: "2026-03-02T09:00:00Z",
      decidedByName: "Megan Bowen",
      decisionReason: "Please ask through your manager.",
    });
    server.use(mineApi(myAccessRequests({ items: [denied], requestsLeft: 2 })));

    renderRequestPage();

    expect(await screen.findByText("Your request was denied")).toBeInTheDocument();
    expect(screen.getAllByText(/Denied by Megan Bowen/).length).toBeGreaterThan(0);
    expect(screen.getByText(/Reason: Please ask through your manager\./, { selector: "div" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Request access" })).toBeInTheDocument();
  });

  it("shows the contact when requests are off", async () => {
    server.use(
      mineApi(
        myAccessRequests({
          requestsEnabled: false,
          canRequest: false,
          contact: "the Northwind service desk, +1 555 0100",
        }),
      ),
    );

    renderRequestPage();

    expect(await screen.findByText("Requesting access is switched off")).toBeInTheDocument();
    expect(screen.getByText("Contact the Northwind service desk, +1 555 0100.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Request access" })).not.toBeInTheDocument();
  });

  it("names the contact beside the form", async () => {
    server.use(mineApi(myAccessRequests({ contact: "the Northwind service desk" })));

    renderRequestPage();

    expect(await screen.findByText("Questions about access? Contact the Northwind service desk.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Request access" })).toBeInTheDocument();
  });

  it("shows when the caller may ask again", async () => {
    server.use(mineApi(myAccessRequests({ canRequest: false, requestsLeft: 0, nextRequestAt: inHours(3) })));

    renderRequestPage();

    expect(await screen.findByText(/You can ask again in 3 hours/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Request access" })).not.toBeInTheDocument();
  });

  it("reloads its state after a rate limit", async () => {
    server.use(
      mineApi(myAccessRequests(), myAccessRequests({ canRequest: false, requestsLeft: 0, nextRequestAt: inHours(2) })),
      http.post(api("/api/v1/access-requests"), () =>
        problem(429, "Too many access requests", { type: "urn:roster:problem:access-requests-rate-limited" }),
      ),
    );
    const { user } = renderRequestPage();

    await user.click(await screen.findByRole("button", { name: "Request access" }));

    expect(await screen.findByText(/You can ask again in 2 hours/)).toBeInTheDocument();
    expect(screen.queryByText("Too many access requests")).not.toBeInTheDocument();
  });

  it("shows an unexpected failure with its request id", async () => {
    server.use(
      mineApi(myAccessRequests()),
      http.post(api("/api/v1/access-requests"), () => problem(500, "Internal error", { requestId: "req-ask" })),
    );
    const { user } = renderRequestPage();

    await user.click(await screen.findByRole("button", { name: "Request access" }));

    expect(await screen.findByText("Request id: req-ask")).toBeInTheDocument();
  });

  it("explains expired access", async () => {
    server.use(mineApi(myAccessRequests()));

    renderRequestPage(
      aRequesterMe({ isUser: true, access: { status: "user-expired", expiresAt: "2026-03-01T17:00:00Z" } }),
    );

    expect(screen.getByRole("heading", { name: "Your access to Roster has expired" })).toBeInTheDocument();
    expect(screen.getByText(/Your access ended on .*2026/)).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "Request access" })).toBeInTheDocument();
  });

  it("signs out and switches account", async () => {
    server.use(mineApi(myAccessRequests()));
    const { user, auth } = renderRequestPage();

    await user.click(screen.getByRole("button", { name: "Switch account" }));
    await user.click(screen.getByRole("button", { name: "Sign out" }));

    expect(auth.signIn).toHaveBeenCalledWith(window.location.href, { selectAccount: true });
    expect(auth.signOut).toHaveBeenCalledTimes(1);
  });

  it("reloads me when the request is granted", async () => {
    const pending = anAccessRequest();
    const events = eventsApi();
    let meCalls = 0;
    server.use(
      events.handler,
      mineApi(myAccessRequests({ items: [pending], canRequest: false })),
      http.get(api("/api/v1/me"), () => {
        meCalls += 1;
        return HttpResponse.json(aRequesterMe());
      }),
    );
    const me = aRequesterMe();
    renderPage(
      <LiveEventsProvider enabled>
        <MeObserver />
        <RequestAccessPage me={me} />
      </LiveEventsProvider>,
      route,
      { me },
    );
    await screen.findByText("Your request is waiting for a reviewer");
    await expect.poll(() => events.authorizations.length).toBe(1);

    events.sendAccessRequestEvent("access-request.decided", {
      id: pending.id,
      tenantId: pending.tenantId,
      status: "granted",
    });

    await expect.poll(() => meCalls).toBe(1);
  });
});

describe("mayRequestAccess", () => {
  it.each([
    { status: "none", kind: "user", may: true },
    { status: "user-expired", kind: "user", may: true },
    { status: "user-disabled", kind: "user", may: false },
    { status: "user-suspended", kind: "user", may: false },
    { status: "active", kind: "user", may: false },
    { status: "none", kind: "app", may: false },
  ] as const)("is $may for $kind with status $status", ({ status, kind, may }) => {
    expect(mayRequestAccess(aRequesterMe({ kind, access: { status } }))).toBe(may);
  });
});
