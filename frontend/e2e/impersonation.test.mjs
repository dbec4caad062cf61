// The impersonation journey: the MSP administrator turns impersonation on, grants a Fabrikam
// person the Tenant User role, impersonates them with a reason, sees the banner and only
// Fabrikam's people, has a change refused because the session is read-only, stops, and finds the
// session and the impersonated requests in the sessions list and the audit trail.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { literal, openPage, screenshot, startJourney } from "./harness.mjs";

const fabrikam = {
  name: "Fabrikam Manufacturing",
  entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
  primaryDomain: "fabrikam.example",
};
const administrator = { name: "Megan Bowen", username: "megan.bowen@northwind-it.example" };
// A person of Fabrikam's demo directory who becomes a Tenant User.
const target = { name: "Hayoon Kim", username: "hayoon.kim@fabrikam.example" };
// A Tenant User may only read, so the UI offers them no change to try. The journey also gives
// the target a copy of Tenant User that may tag people, so that a change is offered and refused.
const taggingRole = "Tenant User with tagging";
const reason = "Ticket 4711: cannot find a colleague";

let journey;
let baseUrl;

before(async () => {
  journey = await startJourney("roster-impersonation.log");
  baseUrl = journey.baseUrl;
});

after(async () => {
  await journey?.stop();
});

/** Returns the texts of the cells in the column of table whose header is header. */
async function columnTexts(table, header) {
  const headers = (await table.locator("thead th").allTextContents()).map((text) => text.trim());
  const index = headers.indexOf(header);
  assert.notEqual(index, -1, `no column ${header} in ${headers.join(", ")}`);
  return table
    .locator("tbody tr")
    .evaluateAll(
      (rows, column) => rows.map((row) => row.querySelectorAll("td")[column]?.textContent?.trim() ?? ""),
      index,
    );
}

test("impersonate a Tenant User read-only", { timeout: 300_000 }, async (t) => {
  const admin = await openPage(journey.browser);
  const page = admin.page;
  const nav = page.getByRole("navigation", { name: "Main" });
  // Each step needs the ones before it, so the first failure skips the rest and is photographed.
  let failed = false;
  const step = (name, run) =>
    t.test(name, async (st) => {
      if (failed) {
        st.skip("an earlier step failed");
        return;
      }
      try {
        await run();
      } catch (error) {
        failed = true;
        await screenshot(page, "imp-failure").catch(() => undefined);
        throw error;
      }
    });

  try {
    await step("administrator links and syncs Fabrikam", async () => {
      await page.goto(`${baseUrl}/`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: literal(administrator.username) }).click();
      await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();

      await page.getByRole("button", { name: "Add customer tenant" }).click();
      const dialog = page.getByRole("dialog", { name: "Add customer tenant" });
      await dialog.getByRole("textbox", { name: "Name" }).fill(fabrikam.name);
      await dialog.getByRole("textbox", { name: "Entra tenant id" }).fill(fabrikam.entraTenantId);
      await dialog.getByRole("textbox", { name: "Primary domain" }).fill(fabrikam.primaryDomain);
      await dialog.getByRole("button", { name: "Add tenant" }).click();
      await page.getByRole("heading", { name: fabrikam.name, level: 1 }).waitFor();
      await page.getByRole("button", { name: "Sync Azure Details" }).click();
      await page.getByRole("region", { name: "Sync progress" }).getByText("Sync finished").waitFor({ timeout: 90_000 });
    });

    await step("administrator turns impersonation on", async () => {
      await nav.getByRole("link", { name: "Settings" }).click();
      const section = page.getByRole("region", { name: "Impersonation" });
      await section.getByRole("switch", { name: "Allow impersonation" }).check();
      assert.equal(await section.getByRole("radio", { name: /Read-only/ }).isChecked(), true);
      await section.getByRole("textbox", { name: "Reason for changing impersonation" }).fill("Support desk rollout");
      await section.getByRole("button", { name: "Save impersonation settings" }).click();
      await section.getByRole("status").getByText("Saved.").waitFor();
      await screenshot(page, "imp-01-settings");
    });

    await step("administrator makes a tagging copy of Tenant User", async () => {
      await nav.getByRole("link", { name: "Roles" }).click();
      await page.getByRole("table", { name: "Roles" }).getByRole("link", { name: "Tenant User", exact: true }).click();
      await page.getByRole("heading", { name: "Tenant User", level: 1 }).waitFor();
      await page.getByRole("button", { name: "Clone" }).click();
      const clone = page.getByRole("dialog", { name: "Clone Tenant User" });
      await clone.getByRole("textbox", { name: "Name of the copy" }).fill(taggingRole);
      await clone.getByRole("button", { name: "Clone role" }).click();
      await page.getByRole("heading", { name: taggingRole, level: 1 }).waitFor();
      await page.getByRole("searchbox", { name: "Search permissions" }).fill("tag");
      await page.getByRole("checkbox", { name: /Tag people/ }).check();
      await page.getByRole("button", { name: "Save role" }).click();
      await page.getByText("unsaved changes").waitFor({ state: "detached" });
    });

    await step("administrator grants the Fabrikam person Tenant User", async () => {
      await nav.getByRole("link", { name: "People" }).click();
      await page.getByRole("searchbox", { name: "Search" }).fill(target.name.split(" ")[0]);
      await page.getByRole("checkbox", { name: `Select ${target.name}` }).check();
      await page
        .getByRole("toolbar", { name: "Selected people" })
        .getByRole("button", { name: "Grant access" })
        .click();

      const dialog = page.getByRole("dialog", { name: `Grant access to ${target.name}` });
      await dialog.getByRole("radio", { name: `Own tenant (${fabrikam.name})` }).waitFor();
      await dialog.getByRole("checkbox", { name: "Tenant User", exact: true }).check();
      await dialog.getByRole("checkbox", { name: taggingRole }).check();
      await dialog.getByRole("textbox", { name: "Reason" }).fill("Front desk of the Fabrikam plant");
      await dialog.getByRole("button", { name: "Grant access" }).click();

      const selection = page.getByRole("toolbar", { name: "Selected people" });
      await selection.getByText("Access granted").waitFor();
      await selection.getByRole("link", { name: target.name }).click();
      await page.getByRole("heading", { name: target.name, level: 1 }).waitFor();
    });

    await step("administrator impersonates them with a reason", async () => {
      await page.getByRole("button", { name: "Impersonate" }).click();
      const dialog = page.getByRole("dialog", { name: `Impersonate ${target.name}` });
      assert.equal(await dialog.getByRole("spinbutton", { name: "Length in minutes" }).inputValue(), "60");
      await dialog.getByRole("textbox", { name: "Reason" }).fill(reason);
      // The dialog fades in; a screenshot taken meanwhile shows it half transparent.
      await dialog.evaluate((element) =>
        Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)),
      );
      await screenshot(page, "imp-02-impersonate-dialog");
      await dialog.getByRole("button", { name: "Start impersonating" }).click();

      const banner = page.getByRole("region", { name: "Impersonation" });
      await banner.waitFor();
      assert.match(await banner.innerText(), new RegExp(`Viewing as ${target.name} — ends at .+ —`));
      await page.getByRole("button", { name: `Account: ${target.name}` }).waitFor();
      assert.deepEqual(await nav.getByRole("link").allTextContents(), ["Tenants", "People"]);
    });

    await step("the impersonated view shows only Fabrikam's people", async () => {
      await nav.getByRole("link", { name: "People" }).click();
      const people = page.getByRole("table", { name: "People" });
      await people.waitFor();
      const tenants = await columnTexts(people, "Tenant");
      assert.ok(tenants.length > 0);
      assert.deepEqual([...new Set(tenants)], [fabrikam.name]);
      await screenshot(page, "imp-03-impersonated-people");
    });

    await step("a change is refused in read-only mode", async () => {
      await page.getByRole("searchbox", { name: "Search" }).fill("Femke");
      await page.getByRole("table", { name: "People" }).getByRole("link", { name: "Femke Jansen" }).click();
      await page.getByRole("heading", { name: "Femke Jansen", level: 1 }).waitFor();
      await page.getByRole("textbox", { name: "New tag" }).fill("front-desk");
      await page.getByRole("button", { name: "Add tag" }).click();
      await page.getByText("Read-only impersonation").waitFor();
      await page.getByText(/only GET requests are allowed/).waitFor();
      await screenshot(page, "imp-04-read-only-refusal");
    });

    await step("administrator stops and is themselves again", async () => {
      await page.getByRole("region", { name: "Impersonation" }).getByRole("button", { name: "Stop" }).click();
      await page.getByRole("button", { name: `Account: ${administrator.name}` }).waitFor();
      await page.getByRole("heading", { name: target.name, level: 1 }).waitFor();
      assert.equal(await page.getByRole("region", { name: "Impersonation" }).count(), 0);
    });

    await step("the session is listed with its requests", async () => {
      await nav.getByRole("link", { name: "Impersonation" }).click();
      const sessions = page.getByRole("table", { name: "Impersonation sessions" });
      const row = sessions.getByRole("row", { name: literal(reason) });
      await row.waitFor();
      assert.match(await row.innerText(), new RegExp(`${administrator.name}[\\s\\S]*${target.name}`));
      assert.match(await row.innerText(), /stopped by the impersonator/);
      await screenshot(page, "imp-05-sessions");

      await row.getByRole("link", { name: "Requests" }).click();
      const events = page.getByRole("table", { name: "Audit events" });
      await events.waitFor();
      // The action cell also shows the request, such as "GET /api/v1/people → 200".
      const cells = await columnTexts(events, "Action");
      const actions = cells.map((cell) => cell.replace(/(GET|POST|PATCH|PUT|DELETE) .*$/, ""));
      // The refused tag change is recorded as a refusal inside the session.
      assert.deepEqual([...new Set(actions)].sort(), ["access.refused", "impersonation.request"]);
      assert.ok(cells.includes("impersonation.requestPATCH /api/v1/people/:id → 403"), cells.join("\n"));
      assert.ok(cells.includes("impersonation.requestGET /api/v1/people → 200"), cells.join("\n"));
      // Only the change was refused: the SPA asked nothing of the API that the target may not see.
      const refused = cells.filter((cell) => cell.startsWith("impersonation.request") && cell.endsWith("→ 403"));
      assert.deepEqual(refused, ["impersonation.requestPATCH /api/v1/people/:id → 403"]);
      const actors = await columnTexts(events, "Actor");
      for (const actor of actors) {
        assert.match(actor, new RegExp(`${target.name}.*Impersonated by ${administrator.name}`));
      }

      await page
        .getByRole("button", { name: /^Details of access\.refused/ })
        .first()
        .click();
      const refusal = page.getByRole("table", { name: "Changes of access.refused" });
      await refusal.getByText("urn:roster:problem:impersonation-read-only").waitFor();
      await refusal.getByText("403", { exact: true }).waitFor();
      await screenshot(page, "imp-06-session-requests");
    });

    await step("the audit trail shows the session from start to end", async () => {
      await page.goto(`${baseUrl}/audit?action=impersonation.`);
      const events = page.getByRole("table", { name: "Audit events" });
      await events.waitFor();
      const actions = (await columnTexts(events, "Action")).map((cell) =>
        cell.replace(/(GET|POST|PATCH|PUT|DELETE) .*$/, ""),
      );
      assert.equal(actions.at(0), "impersonation.ended");
      assert.equal(actions.at(-1), "impersonation.started");
      assert.ok(actions.includes("impersonation.request"));
      await events
        .getByRole("row", { name: /impersonation\.started/ })
        .getByText(reason)
        .waitFor();
      await screenshot(page, "imp-07-audit");
    });

    await t.test("logs no browser errors but the refusal", () => {
      // The browser logs every failed response; the read-only refusal is the one expected.
      const errors = admin.consoleErrors.filter((text) => !text.includes("403"));
      if (errors.length > 0) {
        throw new Error(`the browser console logged errors:\n${errors.join("\n")}`);
      }
    });
  } finally {
    await admin.context.close();
  }
});
