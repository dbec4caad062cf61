// The access request journey: a Fabrikam person without access signs in and asks for it; the
// MSP administrator, whose page is already open, sees the pending badge appear without a reload,
// grants the Tenant User role in the requester's own tenant for one day, and the requester
// reloads into Roster, seeing only Fabrikam. A second request is denied, and its requester reads
// the reason. Screenshots of every access request screen go to e2e/artifacts/.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { literal, openPage, screenshot, signInAcrossTenants, startJourney } from "./harness.mjs";

const fabrikam = {
  name: "Fabrikam Manufacturing",
  entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
  primaryDomain: "fabrikam.example",
};
const administrator = "megan.bowen@northwind-it.example";
// People of Fabrikam's demo directory who have no access. Their names carry diacritics.
const requester = { name: "Linh Vũ", username: "linh.vu@fabrikam.example" };
const deniedRequester = { name: "Inês Ribeiro", username: "ines.ribeiro@fabrikam.example" };
const justification = "I joined the Fabrikam service desk and need to look up callers.";
const denialReason = "Please ask through your line manager first.";
// Reviewers should see a new request within a few seconds of it being made, without a reload.
const badgeTimeoutMs = 5_000;

let journey;
let baseUrl;

before(async () => {
  journey = await startJourney("roster-access-requests.log");
  baseUrl = journey.baseUrl;
});

after(async () => {
  await journey?.stop();
});

/** Signs in from the sign-in page as the demo person with username, and waits for landing. */
async function signIn(page, username, landing) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: literal(username) }).click();
  await page.getByRole("heading", { name: landing, level: 1 }).waitFor();
}

/** Waits until the animations of locator's element, such as a dialog fading in, have finished. */
async function settledAnimations(locator) {
  await locator.evaluate((element) =>
    Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished)),
  );
}

/** Asks for access from the request page with reason, and waits for the pending request. */
async function requestAccess(page, reason) {
  await page.getByRole("textbox", { name: "Justification" }).fill(reason);
  await page.getByRole("button", { name: "Request access" }).click();
  await page.getByText("Your request is waiting for a reviewer").waitFor();
}

test("request, live badge, grant and deny", { timeout: 300_000 }, async (t) => {
  const admin = await openPage(journey.browser);
  const person = await openPage(journey.browser);
  const other = await openPage(journey.browser);
  await signInAcrossTenants(person.context);
  await signInAcrossTenants(other.context);
  const page = admin.page;
  // A failed subtest does not throw here, so each step saves screenshots of its own failure.
  const step = (name, run) =>
    t.test(name, async () => {
      try {
        await run();
      } catch (error) {
        await screenshot(page, "requests-failure-admin").catch(() => undefined);
        await screenshot(person.page, "requests-failure-requester").catch(() => undefined);
        await screenshot(other.page, "requests-failure-denied").catch(() => undefined);
        throw error;
      }
    });

  try {
    await step("administrator links and syncs Fabrikam", async () => {
      await signIn(page, administrator, "Tenants");
      await page.getByRole("button", { name: "Add customer tenant" }).click();
      const dialog = page.getByRole("dialog", { name: "Add customer tenant" });
      await dialog.getByRole("textbox", { name: "Name" }).fill(fabrikam.name);
      await dialog.getByRole("textbox", { name: "Entra tenant id" }).fill(fabrikam.entraTenantId);
      await dialog.getByRole("textbox", { name: "Primary domain" }).fill(fabrikam.primaryDomain);
      await dialog.getByRole("button", { name: "Add tenant" }).click();

      await page.getByRole("heading", { name: fabrikam.name, level: 1 }).waitFor();
      await page.getByRole("button", { name: "Sync Azure Details" }).click();
      await page.getByRole("region", { name: "Sync progress" }).getByText("Sync finished").waitFor({ timeout: 90_000 });
      await page.getByRole("button", { name: "Access requests, none pending" }).waitFor();
    });

    await step("administrator reviews the access request settings", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
      const enabled = page.getByRole("switch", { name: "Let people without access request it" });
      await enabled.waitFor();
      assert.equal(await enabled.isChecked(), true);
      const section = page.getByRole("region", { name: "Access requests" });
      await section
        .getByRole("textbox", { name: "Contact for people without access" })
        .fill("the Northwind service desk");
      await section.getByRole("button", { name: "Save access request settings" }).click();
      await section.getByText("Saved.").waitFor();
      await screenshot(page, "requests-01-settings");
    });

    await step("administrator waits on the tenants page", async () => {
      // NOTE: the server decides which events a stream receives from the caller's permissions as
      // resolved when the stream opened, and re-resolves them only every 15 s. A tenant linked
      // after that, like Fabrikam above, gets no events on the stream for up to 15 s, so the
      // administrator loads the page afresh here, before the request, rather than waiting.
      await page.goto(`${baseUrl}/tenants`);
      await page.getByRole("table", { name: "Tenants" }).waitFor();
      await page.getByRole("button", { name: "Access requests, none pending" }).waitFor();
    });

    await step("a person without access asks for it", async () => {
      await signIn(person.page, requester.username, "Request access to Roster");
      await person.page.getByText(literal(fabrikam.name)).first().waitFor();
      await person.page.getByRole("button", { name: "Switch account" }).waitFor();
      await screenshot(person.page, "requests-02-request-page");

      await requestAccess(person.page, justification);
      await screenshot(person.page, "requests-03-request-pending");
    });

    await step("the badge appears without a reload", async () => {
      const navigations = [];
      page.on("framenavigated", (frame) => frame === page.mainFrame() && navigations.push(frame.url()));

      const badge = page.getByRole("button", { name: "Access requests, 1 pending" });
      await badge.waitFor({ timeout: badgeTimeoutMs });
      assert.deepEqual(navigations, []);
      await screenshot(page, "requests-04-badge");
      await badge.click();
    });

    await step("administrator grants Tenant User for one day", async () => {
      const queue = page.getByRole("table", { name: "Access requests" });
      const row = queue.getByRole("row", { name: literal(requester.username) });
      await row.getByText(justification).waitFor();
      await screenshot(page, "requests-05-queue");

      await row.getByRole("link", { name: requester.name }).click();
      await page.getByRole("heading", { name: `Access request from ${requester.name}`, level: 1 }).waitFor();
      const own = page.getByRole("radio", { name: `Own tenant (${fabrikam.name})` });
      await own.waitFor();
      assert.equal(await own.isChecked(), true);
      assert.equal(await page.getByRole("radio", { name: "All tenants" }).isDisabled(), true);
      await page.getByRole("checkbox", { name: "Tenant User" }).check();
      await page.getByRole("radio", { name: "1 day" }).check();
      await page.getByRole("textbox", { name: "Note" }).fill("Welcome to the service desk");
      await screenshot(page, "requests-06-review");

      await page.getByRole("button", { name: "Grant access" }).click();
      await page.getByText("This request is no longer pending").waitFor();
      await page.getByText(/Granted by Megan Bowen on .*, until/).waitFor();
      await page.getByRole("button", { name: "Access requests, none pending" }).waitFor();
      await screenshot(page, "requests-07-granted");
    });

    await step("the requester reloads and sees only Fabrikam", async () => {
      await person.page.reload();
      await person.page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
      const nav = person.page.getByRole("navigation", { name: "Main" });
      assert.deepEqual(await nav.getByRole("link").allTextContents(), ["Tenants", "People"]);
      const names = await person.page
        .getByRole("table", { name: "Tenants" })
        .locator("tbody tr td:first-child")
        .allTextContents();
      assert.deepEqual(
        names.map((name) => name.trim()),
        [fabrikam.name],
      );
      const switcher = person.page.getByRole("combobox", { name: "Tenant switcher" });
      assert.equal((await switcher.textContent())?.trim(), fabrikam.name);
      await screenshot(person.page, "requests-08-requester-in");
    });

    await step("a denied requester reads the reason", async () => {
      await signIn(other.page, deniedRequester.username, "Request access to Roster");
      await requestAccess(other.page, "Curious about Roster");

      await page.getByRole("button", { name: "Access requests, 1 pending" }).click({ timeout: badgeTimeoutMs });
      await page.getByRole("button", { name: `Deny the request from ${deniedRequester.name}` }).click();
      const dialog = page.getByRole("dialog", { name: `Deny the request from ${deniedRequester.name}` });
      await dialog.getByRole("textbox", { name: "Reason" }).fill(denialReason);
      await settledAnimations(dialog);
      await screenshot(page, "requests-09-deny-dialog");
      await dialog.getByRole("button", { name: "Deny request" }).click();
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await page.getByText("No pending requests").waitFor();

      await other.page.getByText("Your request was denied").waitFor();
      await other.page.getByText(literal(denialReason)).first().waitFor();
      await screenshot(other.page, "requests-10-denied");

      await page.getByRole("combobox", { name: "Status" }).click();
      await page.getByRole("option", { name: "Any status" }).click();
      const queue = page.getByRole("table", { name: "Access requests" });
      await queue
        .getByRole("row", { name: literal(deniedRequester.username) })
        .getByText(/^Denied by/)
        .waitFor();
      await queue
        .getByRole("row", { name: literal(requester.username) })
        .getByText(/^Granted by/)
        .waitFor();
      await screenshot(page, "requests-11-queue-all");
    });

    await step("logs no browser errors", () => {
      const errors = [...admin.consoleErrors, ...person.consoleErrors, ...other.consoleErrors];
      if (errors.length > 0) {
        throw new Error(`the browser console logged errors:\n${errors.join("\n")}`);
      }
    });
  } finally {
    await admin.context.close();
    await person.context.close();
    await other.context.close();
  }
});
