import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Me, User } from "../../../api/types";
import { impersonationHeader } from "../../../api/client";
import { impersonationSessionId } from "../../../lib/impersonation";
import {
  anImpersonatingMe,
  anImpersonationSession,
  impersonationSettingList,
  sessionId,
} from "../../../test/audit-fixtures";
import { aMe, aTenantAdminMe, aUser, meganUserId, tailspinId } from "../../../test/fixtures";
import { renderRoutes } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { ImpersonateAction } from "./ImpersonateAction";

const adele = aUser({
  id: "b3b3b3b3-0000-4000-8000-0000000000b3",
  displayName: "Adele Vance",
  userPrincipalName: "adele.vance@fabrikam.example",
});

const settingsOn = http.get(api("/api/v1/settings"), () =>
  HttpResponse.json(impersonationSettingList({ "impersonation.enabled": true, "impersonation.maxDuration": "90m" })),
);

/** A Fabrikam administrator who may impersonate there but cannot read the settings. */
const fabrikamImpersonator = aTenantAdminMe({
  tenants: [{ tenantId: adele.tenantId, permissions: ["users:read", "users:impersonate"] }],
});

function renderAction(user: User = adele, me: Me = aMe()) {
  return renderRoutes(
    [
      { path: "/users/:userId", element: <ImpersonateAction user={user} /> },
      { path: "/", element: <p>Home page</p> },
    ],
    `/users/${user.id}`,
    undefined,
    me,
  );
}

describe("ImpersonateAction", () => {
  it("starts a session and acts as the user", async () => {
    const started: unknown[] = [];
    const meHeaders: (string | null)[] = [];
    server.use(
      settingsOn,
      http.post(api("/api/v1/impersonation-sessions"), async ({ request }) => {
        started.push(await request.json());
        return HttpResponse.json(anImpersonationSession(), { status: 201 });
      }),
      http.get(api("/api/v1/me"), ({ request }) => {
        meHeaders.push(request.headers.get(impersonationHeader));
        return HttpResponse.json(anImpersonatingMe());
      }),
    );
    const { user } = renderAction();

    await user.click(await screen.findByRole("button", { name: "Impersonate" }));
    const dialog = screen.getByRole("dialog", { name: "Impersonate Adele Vance" });
    expect(screen.getByRole("spinbutton", { name: "Length in minutes" })).toHaveValue(90);
    expect(dialog).toHaveTextContent("read-only");
    await user.click(screen.getByRole("button", { name: "Start impersonating" }));
    expect(screen.getByText("Enter a reason; the audit trail records it.")).toBeInTheDocument();
    await user.type(screen.getByRole("textbox", { name: "Reason" }), "Ticket 4711");
    await user.clear(screen.getByRole("spinbutton", { name: "Length in minutes" }));
    await user.type(screen.getByRole("spinbutton", { name: "Length in minutes" }), "30");
    await user.click(screen.getByRole("button", { name: "Start impersonating" }));

    expect(await screen.findByText("Home page")).toBeInTheDocument();
    expect(started).toEqual([{ targetUserId: adele.id, reason: "Ticket 4711", durationMinutes: 30 }]);
    expect(impersonationSessionId()).toBe(sessionId);
    await expect.poll(() => meHeaders).toContain(sessionId);
  });

  it("rejects a length above the maximum", async () => {
    server.use(settingsOn);
    const { user } = renderAction();

    await user.click(await screen.findByRole("button", { name: "Impersonate" }));
    await user.type(screen.getByRole("textbox", { name: "Reason" }), "Ticket 4711");
    await user.clear(screen.getByRole("spinbutton", { name: "Length in minutes" }));
    await user.type(screen.getByRole("spinbutton", { name: "Length in minutes" }), "120");
    await user.click(screen.getByRole("button", { name: "Start impersonating" }));

    expect(screen.getByText("Enter whole minutes from 1 to 90.")).toBeInTheDocument();
  });

  it("shows the API's refusal", async () => {
    server.use(
      settingsOn,
      http.post(api("/api/v1/impersonation-sessions"), () =>
        problem(403, "Target has more rights than you", {
          type: "urn:roster:problem:impersonation-wider-target",
          detail: "the target holds permissions you do not hold (users:grant in Fabrikam)",
        }),
      ),
    );
    const { user } = renderAction();

    await user.click(await screen.findByRole("button", { name: "Impersonate" }));
    await user.type(screen.getByRole("textbox", { name: "Reason" }), "Ticket 4711");
    await user.click(screen.getByRole("button", { name: "Start impersonating" }));

    expect(await screen.findByText("Target has more rights than you")).toBeInTheDocument();
    expect(impersonationSessionId()).toBeNull();
  });

  it.each([
    { name: "setting off", settings: impersonationSettingList(), user: adele, me: aMe(), reads: 1 },
    {
      name: "other tenant",
      settings: impersonationSettingList({ "impersonation.enabled": true }),
      user: aUser({ ...adele, tenantId: tailspinId }),
      me: fabrikamImpersonator,
      reads: 0,
    },
    {
      name: "self",
      settings: impersonationSettingList({ "impersonation.enabled": true }),
      user: aUser({ ...adele, id: meganUserId }),
      me: aMe(),
      reads: 1,
    },
    {
      name: "inside a session",
      settings: impersonationSettingList({ "impersonation.enabled": true }),
      user: adele,
      me: aMe({ impersonation: anImpersonatingMe().impersonation }),
      reads: 1,
    },
  ])("is hidden for $name", async ({ settings, user, me, reads }) => {
    let settingsRead = 0;
    server.use(
      http.get(api("/api/v1/settings"), () => {
        settingsRead += 1;
        return HttpResponse.json(settings);
      }),
    );

    renderAction(user, me);

    await expect.poll(() => settingsRead).toBe(reads);
    expect(screen.queryByRole("button", { name: "Impersonate" })).not.toBeInTheDocument();
  });

  it("shows without settings:read", () => {
    renderAction(adele, fabrikamImpersonator);

    expect(screen.getByRole("button", { name: "Impersonate" })).toBeEnabled();
  });

  it("explains an inactive user", async () => {
    server.use(settingsOn);

    renderAction(aUser({ ...adele, status: "disabled" }));

    expect(await screen.findByRole("button", { name: "Impersonate" })).toHaveAccessibleDescription(
      "Only active users can be impersonated.",
    );
  });
});
