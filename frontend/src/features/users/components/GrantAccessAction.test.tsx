import { screen, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import type { GrantRequest } from "../../../api/types";
import { localDay } from "../../../lib/expiry";
import {
  aHomeTenant,
  aPerson,
  aTenant,
  aTenantAdminMe,
  aUser,
  builtinRoles,
  fabrikamId,
  permissionCatalogue,
  roleIds,
  tailspinId,
} from "../../../test/fixtures";
import { renderPage } from "../../../test/render";
import { api, problem, server } from "../../../test/server";
import { GrantAccessAction } from "./GrantAccessAction";

const route = { path: "/people", url: "/people" };
const adele = aPerson();
const kaveh = aPerson({ id: "p2", displayName: "Kaveh Tehrani" });
const tailspinPerson = aPerson({
  id: "p3",
  displayName: "Tia Toys",
  tenantId: tailspinId,
  tenantName: "Tailspin Toys",
});

const optionHandlers = [
  http.get(api("/api/v1/tenants"), () =>
    HttpResponse.json({
      items: [aHomeTenant(), aTenant(), aTenant({ id: tailspinId, name: "Tailspin Toys" })],
      nextCursor: null,
    }),
  ),
  http.get(api("/api/v1/roles"), () => HttpResponse.json({ items: builtinRoles() })),
  http.get(api("/api/v1/permissions"), () => HttpResponse.json({ items: permissionCatalogue })),
];

/** Accepts a grant and records its body. */
function grantApi() {
  const sent: GrantRequest[] = [];
  const handler = http.post(api("/api/v1/users"), async ({ request }) => {
    sent.push((await request.json()) as GrantRequest);
    return HttpResponse.json(
      {
        items: [aUser({ displayName: "Adele Vance" }), aUser({ id: "u2", displayName: "Kaveh Tehrani" })],
        nextCursor: null,
      },
      { status: 201 },
    );
  });
  return { handler, sent };
}

describe("GrantAccessAction", () => {
  it("needs a selection first", async () => {
    renderPage(<GrantAccessAction people={[]} onGranted={() => undefined} />, route);

    const button = await screen.findByRole("button", { name: "Grant access" });
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toHaveAccessibleDescription("Select the people to grant access to.");
  });

  it("grants the selected people a role in their tenant with an expiry", async () => {
    const grant = grantApi();
    server.use(...optionHandlers, grant.handler);
    const onGranted = vi.fn();
    const { user } = renderPage(<GrantAccessAction people={[adele, kaveh]} onGranted={onGranted} />, route);

    await user.click(await screen.findByRole("button", { name: "Grant access" }));
    const dialog = await screen.findByRole("dialog", { name: "Grant access to 2 people" });
    expect(await within(dialog).findByRole("radio", { name: "Own tenant (Fabrikam Manufacturing)" })).toBeChecked();
    expect(within(dialog).getByRole("radio", { name: "All tenants" })).toBeDisabled();
    expect(within(dialog).getByRole("checkbox", { name: "MSP Administrator" })).toBeDisabled();
    expect(within(dialog).getByRole("checkbox", { name: "MSP Administrator" })).toHaveAccessibleDescription(
      /only users of the MSP's own tenant/,
    );
    await user.click(within(dialog).getByRole("radio", { name: "One tenant" }));
    await user.click(within(dialog).getByRole("checkbox", { name: "Tenant Administrator" }));
    await user.type(within(dialog).getByLabelText(/Access expires/), "2099-12-31");
    await user.type(within(dialog).getByRole("textbox", { name: /Reason/ }), "Runs the plant's IT");
    await user.click(within(dialog).getByRole("button", { name: "Grant access" }));

    await expect.poll(() => grant.sent.length).toBe(1);
    const request = grant.sent[0];
    expect(request?.personIds).toEqual([adele.id, kaveh.id]);
    expect(request?.assignments).toEqual([
      { roleId: roleIds.tenantAdministrator, scope: { type: "tenant", tenantId: fabrikamId }, effect: "allow" },
    ]);
    expect(request?.reason).toBe("Runs the plant's IT");
    expect(localDay(request?.expiresAt ?? "")).toBe("2099-12-31");
    expect(await screen.findByText("Access granted to 2 people")).toBeInTheDocument();
    expect(await screen.findByRole("link", { name: "Kaveh Tehrani" })).toHaveAttribute("href", "/users/u2");
    expect(onGranted).toHaveBeenCalledTimes(1);
  });

  it("asks for a role before sending", async () => {
    const grant = grantApi();
    server.use(...optionHandlers, grant.handler);
    const { user } = renderPage(<GrantAccessAction people={[adele]} onGranted={() => undefined} />, route);

    await user.click(await screen.findByRole("button", { name: "Grant access" }));
    const dialog = await screen.findByRole("dialog", { name: "Grant access to Adele Vance" });
    await within(dialog).findByRole("checkbox", { name: "Tenant User" });
    await user.click(within(dialog).getByRole("button", { name: "Grant access" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent("Choose at least one role.");
    expect(grant.sent).toEqual([]);
  });

  it("shows the API's refusal", async () => {
    server.use(
      ...optionHandlers,
      http.post(api("/api/v1/users"), () =>
        problem(409, "Already a user", { detail: "person p1 is already user u1; change that user instead." }),
      ),
    );
    const { user } = renderPage(<GrantAccessAction people={[adele]} onGranted={() => undefined} />, route);

    await user.click(await screen.findByRole("button", { name: "Grant access" }));
    const dialog = await screen.findByRole("dialog", { name: "Grant access to Adele Vance" });
    await user.click(await within(dialog).findByRole("checkbox", { name: "Tenant User" }));
    await user.click(within(dialog).getByRole("button", { name: "Grant access" }));

    expect(await within(dialog).findByText("Already a user")).toBeInTheDocument();
    expect(within(dialog).getByText(/already user u1/)).toBeInTheDocument();
  });

  it("refuses people outside the caller's tenants", async () => {
    renderPage(<GrantAccessAction people={[adele, tailspinPerson]} onGranted={() => undefined} />, route, {
      me: aTenantAdminMe(),
    });

    const button = await screen.findByRole("button", { name: "Grant access" });
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toHaveAccessibleDescription(/users:grant permission in Tailspin Toys/);
  });

  it("offers a tenant administrator only roles they hold", async () => {
    server.use(...optionHandlers);
    const { user } = renderPage(<GrantAccessAction people={[adele]} onGranted={() => undefined} />, route, {
      me: aTenantAdminMe(),
    });

    await user.click(await screen.findByRole("button", { name: "Grant access" }));
    const dialog = await screen.findByRole("dialog", { name: "Grant access to Adele Vance" });
    expect(await within(dialog).findByRole("checkbox", { name: "Tenant Administrator" })).toBeEnabled();
    expect(within(dialog).getByRole("checkbox", { name: "Auditor" })).toBeDisabled();
    expect(within(dialog).getByRole("radio", { name: "Tenants with a tag" })).toBeDisabled();
  });
});
