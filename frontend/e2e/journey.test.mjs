// The administrator's browser journey: sign in, add and sync a tenant, find and tag a person.
// See harness.mjs for the server and browser it runs against.
import { after, before, test } from "node:test";
import { openPage, screenshot, startJourney } from "./harness.mjs";

const fabrikam = {
  name: "Fabrikam Manufacturing",
  entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
  primaryDomain: "fabrikam.example",
};
const administrator = "megan.bowen@northwind-it.example";
// A person of Fabrikam's demo directory.
const knownPerson = "Kaveh Tehrani";

let journey;
let baseUrl;

before(async () => {
  journey = await startJourney("roster.log");
  baseUrl = journey.baseUrl;
});

after(async () => {
  await journey?.stop();
});

test("administrator journey", { timeout: 180_000 }, async (t) => {
  const { context, page, consoleErrors } = await openPage(journey.browser);

  try {
    await t.test("signs in through the redirect", async () => {
      await page.goto(`${baseUrl}/tenants`);
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await screenshot(page, "01-sign-in");
      await page.getByRole("button", { name: "Sign in" }).click();

      const pick = page.getByRole("button", { name: new RegExp(administrator.replaceAll(".", "\\.")) });
      await pick.waitFor();
      await screenshot(page, "02-identity-provider");
      await pick.click();

      await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
      await page.waitForURL(`${baseUrl}/tenants`);
      await page.getByRole("button", { name: "Account: Megan Bowen" }).waitFor();
      await screenshot(page, "03-tenants");
    });

    await t.test("adds a customer tenant", async () => {
      await page.getByRole("button", { name: "Add customer tenant" }).click();
      const dialog = page.getByRole("dialog", { name: "Add customer tenant" });
      await dialog.getByRole("textbox", { name: "Name" }).fill(fabrikam.name);
      await dialog.getByRole("textbox", { name: "Entra tenant id" }).fill(fabrikam.entraTenantId);
      await dialog.getByRole("textbox", { name: "Primary domain" }).fill(fabrikam.primaryDomain);
      await screenshot(page, "04-add-tenant");
      await dialog.getByRole("button", { name: "Add tenant" }).click();

      await page.getByRole("heading", { name: fabrikam.name, level: 1 }).waitFor();
      await page.getByRole("tab", { name: "Azure" }).waitFor();
    });

    await t.test("syncs the tenant", async () => {
      await page.getByRole("button", { name: "Sync Azure Details" }).click();
      const progress = page.getByRole("region", { name: "Sync progress" });
      await progress.waitFor();
      await progress.getByText("Sync finished").waitFor({ timeout: 90_000 });
      await page.getByRole("table", { name: "Sync history" }).getByText("Succeeded").waitFor();
      await screenshot(page, "05-tenant-synced");
    });

    await t.test("finds and tags a person", async () => {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" }).click();
      await page.getByRole("table", { name: "People" }).waitFor();
      await screenshot(page, "06-people");
      await page.getByRole("searchbox", { name: "Search" }).fill(knownPerson.split(" ")[0]);
      const link = page.getByRole("table", { name: "People" }).getByRole("link", { name: knownPerson });
      await link.waitFor();
      await screenshot(page, "07-people-search");
      await link.click();

      await page.getByRole("heading", { name: knownPerson, level: 1 }).waitFor();
      await page.getByRole("textbox", { name: "New tag" }).fill("e2e-vip");
      await page.getByRole("button", { name: "Add tag" }).click();
      await page.getByRole("button", { name: "Remove tag e2e-vip" }).waitFor();
      await screenshot(page, "08-person-tagged");
    });

    await t.test("keeps the tag after reload", async () => {
      await page.reload();
      await page.getByRole("heading", { name: knownPerson, level: 1 }).waitFor();
      await page.getByRole("button", { name: "Remove tag e2e-vip" }).waitFor();
      await screenshot(page, "09-person-reloaded");
    });

    await t.test("shows not found for an unknown page", async () => {
      await page.goto(`${baseUrl}/no/such/page`);
      await page.getByRole("heading", { name: "Not found", level: 1 }).waitFor();
      await screenshot(page, "10-not-found");
    });

    await t.test("signs out", async () => {
      await page.getByRole("button", { name: "Account: Megan Bowen" }).click();
      await page.getByRole("menuitem", { name: "Sign out" }).click();
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      await screenshot(page, "11-signed-out");
    });

    await t.test("logs no browser errors", () => {
      if (consoleErrors.length > 0) {
        throw new Error(`the browser console logged errors:\n${consoleErrors.join("\n")}`);
      }
    });
  } catch (error) {
    await screenshot(page, "failure").catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
});
