// The directory sync journey. The MSP administrator links two demo customers from customer
// discovery, syncs them all and watches a sync's progress to success. A third customer, whose
// directory lacks Roster's application, has its consent checked before and after the application
// is added. Then deleting most of a tenant's users in the demo directory trips the guard, and the
// administrator reviews who would go and discards the run.
import assert from "node:assert/strict";
import { request as httpsRequest } from "node:https";
import { after, before, test } from "node:test";
import { literal, openPage, screenshot, startJourney } from "./harness.mjs";

const administrator = { name: "Megan Bowen", username: "megan.bowen@northwind-it.example" };
const fabrikam = { name: "Fabrikam Manufacturing", entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02" };
const tailspin = { name: "Tailspin Toys", entraTenantId: "9c1d4e7f-2a5b-4c8d-b3e6-5f7a9c1d3e03" };
const woodgrove = { name: "Woodgrove Clinic", entraTenantId: "4e6a8c0b-3d5f-4a7c-9e1b-7c9e1a3c5f04" };
// Roster's Graph application in the demo directory; removing it from a tenant withdraws consent.
const graphAppId = "3a9f5c1e-7b2d-4e8a-9c6f-0b2d4f6a8c12";
// Fabrikam's demo directory has 120 people; deleting 100 is far beyond the guard's 20 %.
const deletedCount = 100;

let journey;
let baseUrl;

before(async () => {
  journey = await startJourney("roster-sync.log");
  baseUrl = journey.baseUrl;
});

after(async () => {
  await journey?.stop();
});

/**
 * Calls the development directory's control API on the server's own origin and returns the
 * parsed JSON body, or null for an empty one. It fails on any status of 300 or more.
 */
function devControl(method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = httpsRequest(
      `${baseUrl}/_dev/directory${path}`,
      {
        method,
        rejectUnauthorized: false,
        headers: payload ? { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } : {},
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => {
          if (response.statusCode >= 300) {
            reject(new Error(`${method} ${path} returned ${response.statusCode}: ${text}`));
            return;
          }
          resolve(text ? JSON.parse(text) : null);
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
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

test("link, sync, check consent and discard a guarded run", { timeout: 300_000 }, async (t) => {
  const admin = await openPage(journey.browser);
  const page = admin.page;
  const nav = page.getByRole("navigation", { name: "Main" });
  let deletedName;
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
        await screenshot(page, "sync-failure").catch(() => undefined);
        throw error;
      }
    });

  /** Opens the tenant page of name from the tenant list. */
  const openTenant = async (name) => {
    await nav.getByRole("link", { name: "Tenants" }).click();
    await page.getByRole("table", { name: "Tenants" }).getByRole("link", { name }).click();
    await page.getByRole("heading", { name, level: 1 }).waitFor();
  };

  try {
    await step("administrator discovers the customers", async () => {
      await page.goto(`${baseUrl}/`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: literal(administrator.username) }).click();
      await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();

      await page.getByRole("button", { name: "Discover customers" }).click();
      await page.getByRole("heading", { name: "Customer discovery", level: 1 }).waitFor();
      const customers = page.getByRole("table", { name: "Customers" });
      await customers.waitFor();
      const names = await columnTexts(customers, "Customer");
      for (const name of [fabrikam.name, tailspin.name]) {
        assert.ok(names.includes(name), `${name} is not among the customers ${names.join(", ")}`);
      }
      await screenshot(page, "sync-01-discovery");
    });

    await step("administrator links Fabrikam and Tailspin Toys", async () => {
      await page.getByRole("checkbox", { name: `Select ${fabrikam.name}` }).check();
      await page.getByRole("checkbox", { name: `Select ${tailspin.name}` }).check();
      await page.getByRole("button", { name: "Link 2 selected" }).click();
      await page.getByText("Linked 2 customers").waitFor();
      const customers = page.getByRole("table", { name: "Customers" });
      await customers.getByRole("link", { name: fabrikam.name }).waitFor();
      await customers.getByRole("link", { name: tailspin.name }).waitFor();
      await screenshot(page, "sync-02-linked");
    });

    await step("administrator syncs all and every tenant becomes healthy", async () => {
      await nav.getByRole("link", { name: "Sync health" }).click();
      await page.getByRole("button", { name: "Sync all now" }).click();
      await page.getByText(/tenants? (is|are) syncing or waiting for a decision/).waitFor();
      await screenshot(page, "sync-03-sync-all");

      const health = page.getByRole("table", { name: "Sync health" });
      for (const name of [fabrikam.name, tailspin.name]) {
        await health
          .getByRole("row", { name: literal(name) })
          .getByText("Succeeded")
          .waitFor({ timeout: 90_000 });
      }
      await screenshot(page, "sync-04-health");
    });

    await step("a sync's progress is followed to success", async () => {
      await openTenant(fabrikam.name);
      await page.getByRole("button", { name: "Sync Azure Details" }).click();
      const progress = page.getByRole("region", { name: "Sync progress" });
      await progress.waitFor();
      await progress.getByText("Sync finished").waitFor({ timeout: 90_000 });
      assert.match(await progress.innerText(), /People written: \d+/);
      await screenshot(page, "sync-05-progress");
    });

    await step("a consent check explains a missing application", async () => {
      // Woodgrove has no token cached yet, so the check requests a new one from the directory.
      await devControl("DELETE", `/tenants/${woodgrove.entraTenantId}/apps/${graphAppId}`);
      await nav.getByRole("link", { name: "Tenants" }).click();
      await page.getByRole("button", { name: "Discover customers" }).click();
      await page.getByRole("button", { name: `Link ${woodgrove.name}` }).click();
      await page.getByText("Linked 1 customer").waitFor();
      await openTenant(woodgrove.name);
      await page.getByRole("button", { name: "Check consent" }).click();
      await page.getByText("What to do:").waitFor({ timeout: 30_000 });
      await screenshot(page, "sync-06-consent-missing");

      await devControl("PUT", `/tenants/${woodgrove.entraTenantId}/apps/${graphAppId}`, { roles: ["User.Read.All"] });
      await page.getByRole("button", { name: "Check consent" }).click();
      await page.getByText("Consent is in place").waitFor({ timeout: 30_000 });
    });

    await step("emptying Fabrikam's directory trips the guard", async () => {
      const { value: users } = await devControl("GET", `/tenants/${fabrikam.entraTenantId}/users`);
      assert.ok(users.length > deletedCount, `Fabrikam has only ${users.length} users`);
      const doomed = users.slice(0, deletedCount);
      deletedName = doomed[0].displayName;
      for (const user of doomed) {
        await devControl("DELETE", `/tenants/${fabrikam.entraTenantId}/users/${user.id}`);
      }

      await openTenant(fabrikam.name);
      await page.getByRole("button", { name: "Sync Azure Details" }).click();
      const review = page.getByRole("region", { name: "Sync awaiting confirmation" });
      await review.waitFor({ timeout: 90_000 });
      assert.match(await review.innerText(), new RegExp(`would remove ${deletedCount} and disable \\d+ of`));
    });

    await step("administrator reviews who would go, page by page", async () => {
      const review = page.getByRole("region", { name: "Sync awaiting confirmation" });
      const gone = review.getByRole("table", { name: "Who would go" });
      await gone.waitFor();
      const firstPage = await columnTexts(gone, "Name");
      assert.equal(firstPage.length, 50);
      assert.ok(new Set(await columnTexts(gone, "Change")).has("Remove"));
      await screenshot(page, "sync-07-guard");

      await review.getByRole("button", { name: "Next" }).click();
      await review.getByText("Page 2").waitFor();
      await gone.locator("tbody tr").first().waitFor();
      const secondPage = await columnTexts(gone, "Name");
      assert.equal(secondPage.length, 50);
      assert.notDeepEqual(secondPage, firstPage);
    });

    await step("sync health shows the tenant waiting for a decision", async () => {
      await nav.getByRole("link", { name: "Sync health" }).click();
      const row = page.getByRole("table", { name: "Sync health" }).getByRole("row", { name: literal(fabrikam.name) });
      await row.getByText("Needs confirmation").waitFor();
      await row.getByText(`Would remove ${deletedCount}`, { exact: false }).waitFor();
      await screenshot(page, "sync-08-health-held");
      await row.getByRole("link", { name: "Review who would go" }).click();
      await page.getByRole("heading", { name: fabrikam.name, level: 1 }).waitFor();
    });

    await step("administrator discards and nobody leaves", async () => {
      const review = page.getByRole("region", { name: "Sync awaiting confirmation" });
      await review.getByRole("button", { name: "Discard" }).click();
      await page.getByText("Sync discarded").waitFor();
      await review.waitFor({ state: "detached" });
      await page.getByRole("table", { name: "Sync history" }).getByText("Discarded").first().waitFor();
      await screenshot(page, "sync-09-discarded");

      await nav.getByRole("link", { name: "People" }).click();
      await page.getByRole("searchbox", { name: "Search" }).fill(deletedName);
      const row = page.getByRole("table", { name: "People" }).getByRole("row", { name: literal(deletedName) });
      await row.getByText("Enabled").waitFor();
    });

    await step("logs no browser errors", () => {
      if (admin.consoleErrors.length > 0) {
        throw new Error(`the browser console logged errors:\n${admin.consoleErrors.join("\n")}`);
      }
    });
  } finally {
    await admin.context.close();
  }
});
