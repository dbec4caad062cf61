// The access journey. An MSP administrator grants a Fabrikam person the Tenant Administrator
// role for their own tenant with an expiry. That person signs in in a second browser, where only
// Fabrikam is visible. The administrator disables them, and their next page load is refused.
// Screenshots of the users, roles, role assignments and API client screens are taken on the way.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { literal, openPage, screenshot, signInAcrossTenants, startJourney } from "./harness.mjs";

const fabrikam = {
  name: "Fabrikam Manufacturing",
  entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
  primaryDomain: "fabrikam.example",
};
const administrator = { name: "Megan Bowen", username: "megan.bowen@northwind-it.example" };
// A person of Fabrikam's demo directory who becomes Fabrikam's tenant administrator.
const tenantAdmin = { name: "Anan Ismail", username: "anan.ismail@fabrikam.example" };
// The application registered as an API client; any GUID will do, Roster only records it.
const scriptClientId = "0c4b2a6e-9d1f-4e3a-8b7c-5a6d7e8f9a01";

let journey;
let baseUrl;

before(async () => {
  journey = await startJourney("roster-access.log");
  baseUrl = journey.baseUrl;
});

after(async () => {
  await journey?.stop();
});

/** Returns the `yyyy-mm-dd` date days from now in the browser's (and this process's) time zone. */
function dayFromNow(days) {
  const date = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Signs in from the sign-in page as the demo person with username, and waits for the app. */
async function signIn(page, username, landing) {
  await page.goto(`${baseUrl}/`);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: literal(username) }).click();
  await page.getByRole("heading", { name: landing, level: 1 }).waitFor();
}

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

test("grant, scoped sign-in and disable", { timeout: 300_000 }, async (t) => {
  const admin = await openPage(journey.browser);
  const person = await openPage(journey.browser);
  await signInAcrossTenants(person.context);
  const page = admin.page;

  try {
    await t.test("administrator links and syncs Fabrikam", async () => {
      await signIn(page, administrator.username, "Tenants");
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

    await t.test("administrator tags the tenant", async () => {
      await page.getByRole("textbox", { name: "New tenant tag" }).fill("manufacturing");
      await page.getByRole("button", { name: "Add tag" }).click();
      await page.getByRole("button", { name: "Remove tag manufacturing" }).waitFor();
      await screenshot(page, "access-01-tenant-tags");
    });

    await t.test("administrator grants a Fabrikam person Tenant Administrator", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
      await page.getByRole("searchbox", { name: "Search" }).fill(tenantAdmin.name.split(" ")[0]);
      // The search is debounced; the list has narrowed once the first person alphabetically is gone.
      await page.getByRole("link", { name: "Adaeze Adebayo" }).waitFor({ state: "detached" });
      const select = page.getByRole("checkbox", { name: `Select ${tenantAdmin.name}` });
      await select.check();
      await screenshot(page, "access-02-people-selected");
      await page
        .getByRole("toolbar", { name: "Selected people" })
        .getByRole("button", { name: "Grant access" })
        .click();

      const dialog = page.getByRole("dialog", { name: `Grant access to ${tenantAdmin.name}` });
      const own = dialog.getByRole("radio", { name: `Own tenant (${fabrikam.name})` });
      await own.waitFor();
      assert.equal(await own.isChecked(), true);
      assert.equal(await dialog.getByRole("radio", { name: "All tenants" }).isDisabled(), true);
      assert.equal(await dialog.getByRole("checkbox", { name: "MSP Administrator" }).isDisabled(), true);
      await dialog.getByRole("checkbox", { name: "Tenant Administrator" }).check();
      await dialog.getByLabel("Access expires").fill(dayFromNow(5));
      await dialog.getByRole("textbox", { name: "Reason" }).fill("Runs Fabrikam's IT on site");
      await screenshot(page, "access-03-grant-dialog");
      await dialog.getByRole("button", { name: "Grant access" }).click();

      const selection = page.getByRole("toolbar", { name: "Selected people" });
      await selection.getByText("Access granted").waitFor();
      await selection.getByRole("link", { name: tenantAdmin.name }).click();
      await page.getByRole("heading", { name: tenantAdmin.name, level: 1 }).waitFor();
      await page
        .getByRole("table", { name: `Role assignments of ${tenantAdmin.name}` })
        .getByText("Tenant Administrator")
        .waitFor();
      await page.getByRole("table", { name: `Access in ${fabrikam.name}` }).waitFor();
      await screenshot(page, "access-04-user");
    });

    await t.test("administrator sees the users list with the expiring user", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
      // The switch drives the URL's filter, so its state settles after a render: click
      // and wait for the filtered row rather than asking Playwright to see it flip at once.
      await page.getByRole("switch", { name: "Expiring within 7 days" }).click();
      const row = page.getByRole("table", { name: "Users" }).getByRole("row", { name: literal(tenantAdmin.name) });
      await row.getByText("Expires soon").waitFor();
      await screenshot(page, "access-05-users");
    });

    await t.test("administrator reviews roles and assignments", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Roles" }).click();
      await page.getByRole("table", { name: "Roles" }).waitFor();
      await screenshot(page, "access-06-roles");

      await page.getByRole("link", { name: "Tenant Administrator" }).click();
      await page.getByText("Built-in roles cannot be changed or deleted").waitFor();
      await page.getByRole("table", { name: "Holders of Tenant Administrator" }).getByText(tenantAdmin.name).waitFor();
      await screenshot(page, "access-07-builtin-role");

      await page.getByRole("button", { name: "Clone" }).click();
      const clone = page.getByRole("dialog", { name: "Clone Tenant Administrator" });
      await clone.getByRole("textbox", { name: "Name of the copy" }).fill("Fabrikam helpdesk");
      await clone.getByRole("button", { name: "Clone role" }).click();
      await page.getByRole("heading", { name: "Fabrikam helpdesk", level: 1 }).waitFor();
      await page.getByRole("searchbox", { name: "Search permissions" }).fill("users");
      await page.getByRole("checkbox", { name: /Impersonate users/ }).check();
      await page.getByRole("button", { name: "Save role" }).click();
      await page.getByText("unsaved changes").waitFor({ state: "detached" });
      await screenshot(page, "access-08-custom-role");

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Role assignments" }).click();
      await page.getByRole("table", { name: "Role assignments" }).getByText(tenantAdmin.name).first().waitFor();
      await screenshot(page, "access-09-role-assignments");
    });

    await t.test("administrator registers an API client", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API clients" }).click();
      await page.getByRole("button", { name: "Register API client" }).click();
      const dialog = page.getByRole("dialog", { name: "Register API client" });
      await dialog.getByRole("textbox", { name: "Application (client) id" }).fill(scriptClientId);
      await dialog.getByRole("textbox", { name: "Display name" }).fill("Nightly export");
      await dialog.getByRole("textbox", { name: "Owner" }).fill("Data team");
      await dialog.getByRole("button", { name: "Register" }).click();

      await page.getByRole("heading", { name: "Nightly export", level: 1 }).waitFor();
      await page.getByRole("button", { name: "Add role assignment" }).click();
      const assign = page.getByRole("dialog", { name: "Add role assignment for Nightly export" });
      await assign.getByRole("radio", { name: "All tenants" }).check();
      await assign.getByRole("checkbox", { name: "Auditor" }).check();
      await assign.getByRole("button", { name: "Add assignment" }).click();
      await page.getByRole("table", { name: "Role assignments of Nightly export" }).getByText("Auditor").waitFor();
      await screenshot(page, "access-10-api-client");

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API clients" }).click();
      await page.getByRole("table", { name: "API clients" }).getByText(scriptClientId).waitFor();
      await screenshot(page, "access-11-api-clients");
    });

    await t.test("the tenant administrator sees only Fabrikam", async () => {
      await signIn(person.page, tenantAdmin.username, "Tenants");
      const nav = person.page.getByRole("navigation", { name: "Main" });
      // A Tenant Administrator reads its tenant's syncs, users, impersonation sessions and audit
      // trail, but manages no API clients, settings or discovery.
      assert.deepEqual(await nav.getByRole("link").allTextContents(), [
        "Tenants",
        "Sync health",
        "People",
        "Users",
        "Roles",
        "Role assignments",
        "Access requests",
        "Impersonation",
        "Audit trail",
      ]);
      const tenants = person.page.getByRole("table", { name: "Tenants" });
      assert.deepEqual(await columnTexts(tenants, "Name"), [fabrikam.name]);

      const switcher = person.page.getByRole("combobox", { name: "Tenant switcher" });
      assert.equal((await switcher.textContent())?.trim(), fabrikam.name);
      await switcher.click();
      assert.deepEqual(await person.page.getByRole("option").allTextContents(), [fabrikam.name]);
      await screenshot(person.page, "access-12-scoped-tenant-switcher");
      await person.page.keyboard.press("Escape");

      await nav.getByRole("link", { name: "People" }).click();
      const people = person.page.getByRole("table", { name: "People" });
      await people.waitFor();
      const tenantColumn = await columnTexts(people, "Tenant");
      assert.ok(tenantColumn.length > 0);
      assert.deepEqual([...new Set(tenantColumn)], [fabrikam.name]);
      await screenshot(person.page, "access-13-scoped-people");
    });

    await t.test("administrator disables the tenant administrator", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users" }).click();
      await page.getByRole("table", { name: "Users" }).getByRole("link", { name: tenantAdmin.name }).click();
      await page.getByRole("heading", { name: tenantAdmin.name, level: 1 }).waitFor();
      await page.getByRole("button", { name: "Disable" }).click();
      const dialog = page.getByRole("dialog", { name: `Disable ${tenantAdmin.name}` });
      await dialog.getByRole("textbox", { name: "Reason" }).fill("Left Fabrikam");
      await screenshot(page, "access-14-disable-dialog");
      await dialog.getByRole("button", { name: "Disable" }).click();
      await page.getByRole("dialog").waitFor({ state: "detached" });
      await page.getByRole("button", { name: "Enable" }).waitFor();
      await screenshot(page, "access-15-user-disabled");
    });

    await t.test("the disabled person's next page load is refused", async () => {
      await person.page.reload();
      await person.page.getByRole("heading", { name: "Your access to Roster is disabled", level: 1 }).waitFor();
      await person.page.getByText(/Left Fabrikam/).waitFor();
      assert.equal(await person.page.getByRole("navigation", { name: "Main" }).count(), 0);
      await screenshot(person.page, "access-16-refused");
    });

    await t.test("logs no browser errors", () => {
      const errors = [...admin.consoleErrors, ...person.consoleErrors];
      if (errors.length > 0) {
        throw new Error(`the browser console logged errors:\n${errors.join("\n")}`);
      }
    });
  } catch (error) {
    await screenshot(page, "access-failure").catch(() => undefined);
    await screenshot(person.page, "access-failure-person").catch(() => undefined);
    throw error;
  } finally {
    await admin.context.close();
    await person.context.close();
  }
});
