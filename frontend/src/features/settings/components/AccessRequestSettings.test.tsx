import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { aSettingList } from "../../../test/access-request-fixtures";
import { aMe } from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { SettingsPage } from "./SettingsPage";

const route = { path: "/settings", url: "/settings" };

describe("AccessRequestSettings", () => {
  it("saves the changed keys with If-Match", async () => {
    let ifMatch: string | null = null;
    let body: unknown;
    server.use(
      http.get(api("/api/v1/settings"), () => HttpResponse.json(aSettingList())),
      http.patch(api("/api/v1/settings"), async ({ request }) => {
        ifMatch = request.headers.get("If-Match");
        body = await request.json();
        return HttpResponse.json(
          aSettingList({ "accessRequests.enabled": false, "accessRequests.contact": "the desk" }, '"5"'),
        );
      }),
    );
    const { user } = renderPage(<SettingsPage />, route);

    const enabled = await screen.findByRole("switch", { name: "Let people without access request it" });
    expect(enabled).toBeChecked();
    await user.click(enabled);
    await user.type(screen.getByRole("textbox", { name: /Contact for people without access/ }), "the desk");
    await user.click(screen.getByRole("combobox", { name: /Default grant expiry/ }));
    await user.click(await screen.findByRole("option", { name: "3 days" }));
    await user.type(screen.getByRole("textbox", { name: /Reason for the change/ }), "Holiday cover");
    await user.click(screen.getByRole("button", { name: "Save access request settings" }));

    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    expect(ifMatch).toBe('"4"');
    expect(body).toEqual({
      values: {
        "accessRequests.enabled": false,
        "accessRequests.contact": "the desk",
        "accessRequests.defaultGrantExpiry": "3d",
      },
      reason: "Holiday cover",
    });
    expect(screen.getByRole("switch", { name: "Let people without access request it" })).not.toBeChecked();
  });

  it("offers a reload after a concurrent change", async () => {
    let reads = 0;
    server.use(
      http.get(api("/api/v1/settings"), () => {
        reads += 1;
        return HttpResponse.json(aSettingList({}, `"${3 + reads}"`));
      }),
      http.patch(api("/api/v1/settings"), () => problem(412, "Settings changed since you read them")),
    );
    const { user } = renderPage(<SettingsPage />, route);

    await user.click(await screen.findByRole("switch", { name: "Let people without access request it" }));
    await user.click(screen.getByRole("button", { name: "Save access request settings" }));
    expect(await screen.findByText("The settings changed since you opened them")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Reload" }));

    await expect.poll(() => reads).toBe(2);
  });

  it("shows a rejected value on its field", async () => {
    server.use(
      http.get(api("/api/v1/settings"), () => HttpResponse.json(aSettingList())),
      http.patch(api("/api/v1/settings"), () =>
        problem(422, "Invalid settings", {
          errors: [
            { field: "values.accessRequests.pendingMaxAge", message: '"2y" is not a duration such as 36h or 14d' },
          ],
        }),
      ),
    );
    const { user } = renderPage(<SettingsPage />, route);

    const maxAge = await screen.findByRole("textbox", { name: /Expire pending requests after/ });
    await user.clear(maxAge);
    await user.type(maxAge, "2y");
    await user.click(screen.getByRole("button", { name: "Save access request settings" }));

    expect(await screen.findByText('"2y" is not a duration such as 36h or 14d')).toBeInTheDocument();
    expect(maxAge).toHaveAttribute("aria-invalid", "true");
  });

  it("is read-only without settings:manage", async () => {
    server.use(http.get(api("/api/v1/settings"), () => HttpResponse.json(aSettingList())));
    const me = aMe({ permissions: ["settings:read"], allTenants: ["settings:read"] });

    renderPage(<SettingsPage />, route, { me });

    expect(await screen.findByRole("switch", { name: "Let people without access request it" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Save access request settings" })).toHaveAccessibleDescription(
      /settings:manage/,
    );
  });
});
