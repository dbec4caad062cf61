import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { impersonationSettingList } from "../../../test/audit-fixtures";
import { aMe, allPermissions } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { AuditSettings } from "./AuditSettings";
import { ImpersonationSettings } from "./ImpersonationSettings";
import { tidyDuration } from "./sectionParts";

const route = { path: "/settings", url: "/settings" };

function patchApi(reply = () => HttpResponse.json(impersonationSettingList({ "impersonation.enabled": true }, '"8"'))) {
  const requests: { ifMatch: string | null; body: unknown }[] = [];
  const handler = http.patch(api("/api/v1/settings"), async ({ request }) => {
    requests.push({ ifMatch: request.headers.get("If-Match"), body: await request.json() });
    return reply();
  });
  return { handler, requests };
}

describe("ImpersonationSettings", () => {
  it("saves only the changed settings with If-Match", async () => {
    const patch = patchApi();
    server.use(patch.handler);
    const { user } = renderPage(
      <ImpersonationSettings list={impersonationSettingList()} onReload={() => undefined} />,
      route,
    );
    const section = screen.getByRole("region", { name: "Impersonation" });

    expect(within(section).getByRole("radio", { name: /Read-only/ })).toBeChecked();
    await user.click(within(section).getByRole("switch", { name: "Allow impersonation" }));
    await user.click(within(section).getByRole("radio", { name: /Full/ }));
    const duration = within(section).getByRole("textbox", { name: "Maximum session length" });
    await user.clear(duration);
    await user.type(duration, "30m");
    await user.type(
      within(section).getByRole("textbox", { name: "Reason for changing impersonation" }),
      "Support needs it",
    );
    await user.click(within(section).getByRole("button", { name: "Save impersonation settings" }));

    await expect.poll(() => patch.requests.length).toBe(1);
    expect(patch.requests[0]).toEqual({
      ifMatch: '"7"',
      body: {
        values: { "impersonation.enabled": true, "impersonation.mode": "full", "impersonation.maxDuration": "30m" },
        reason: "Support needs it",
      },
    });
  });

  it("shows the API's field error", async () => {
    const patch = patchApi(() =>
      problem(422, "Invalid settings", {
        errors: [{ field: "values.impersonation.maxDuration", message: "must be at most 8h" }],
      }),
    );
    server.use(patch.handler);
    const { user } = renderPage(
      <ImpersonationSettings list={impersonationSettingList()} onReload={() => undefined} />,
      route,
    );

    const duration = screen.getByRole("textbox", { name: "Maximum session length" });
    await user.clear(duration);
    await user.type(duration, "9h");
    await user.click(screen.getByRole("button", { name: "Save impersonation settings" }));

    expect(await screen.findByText("must be at most 8h")).toBeInTheDocument();
  });

  it("offers reload after a concurrent change", async () => {
    const patch = patchApi(() => problem(412, "Settings changed since you read them"));
    server.use(patch.handler);
    let reloads = 0;
    const { user } = renderPage(
      <ImpersonationSettings list={impersonationSettingList()} onReload={() => (reloads += 1)} />,
      route,
    );

    await user.click(screen.getByRole("switch", { name: "Allow impersonation" }));
    await user.click(screen.getByRole("button", { name: "Save impersonation settings" }));
    await user.click(await screen.findByRole("button", { name: "Reload" }));

    expect(screen.getByText("The settings changed since you opened them")).toBeInTheDocument();
    expect(reloads).toBe(1);
  });

  it("is read-only without settings:manage", () => {
    const readOnly = aMe({
      permissions: allPermissions.filter((p) => p !== "settings:manage"),
      allTenants: allPermissions.filter((p) => p !== "settings:manage"),
    });
    renderPage(
      <ImpersonationSettings
        list={impersonationSettingList({ "impersonation.enabled": true })}
        onReload={() => undefined}
      />,
      route,
      { me: readOnly },
    );

    expect(screen.getByRole("switch", { name: "Allow impersonation" })).toBeDisabled();
    expect(screen.getByText(/Last changed by Megan Bowen/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Save impersonation settings" })).toHaveAccessibleDescription(
      /settings:manage/,
    );
  });
});

describe("AuditSettings", () => {
  it("saves the retention", async () => {
    const patch = patchApi();
    server.use(patch.handler);
    const { user } = renderPage(<AuditSettings list={impersonationSettingList()} onReload={() => undefined} />, route);

    const retention = screen.getByRole("textbox", { name: "Keep audit events for" });
    expect(retention).toHaveValue("never");
    await user.clear(retention);
    await user.type(retention, "365d");
    await user.click(screen.getByRole("button", { name: "Save retention" }));

    await expect.poll(() => patch.requests[0]?.body).toEqual({ values: { "audit.retention": "365d" } });
  });
});

describe("tidyDuration", () => {
  it.each([
    { duration: "8h0m0s", want: "8h" },
    { duration: "1m0s", want: "1m" },
    { duration: "1h30m0s", want: "1h30m" },
    { duration: "30d", want: "30d" },
    { duration: "90s", want: "90s" },
  ])("writes $duration as $want", ({ duration, want }) => {
    expect(tidyDuration(duration)).toBe(want);
  });
});
