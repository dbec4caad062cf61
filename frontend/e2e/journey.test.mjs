// The browser journey: a real `roster serve --dev` (ROSTER_BIN, default ../bin/roster, built by
// `make build`) on a free port with a fresh data directory, driven by Debian's Chromium through
// playwright-core. Screenshots of every screen go to e2e/artifacts/.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

const frontendDir = new URL("..", import.meta.url).pathname;
const rosterBin = resolve(frontendDir, process.env.ROSTER_BIN ?? "../bin/roster");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const artifacts = join(frontendDir, "e2e/artifacts");

const fabrikam = {
  name: "Fabrikam Manufacturing",
  entraTenantId: "2b8e6f4d-1c3a-4e7b-8f90-3d5a7c9e2b02",
  primaryDomain: "fabrikam.example",
};
const administrator = "megan.bowen@northwind-it.example";
// A person of Fabrikam's demo directory.
const knownPerson = "Kaveh Tehrani";

let server;
let dataDir;
let browser;
let baseUrl;

/** Returns a TCP port that was free a moment ago on 127.0.0.1. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Resolves with the status of GET url, accepting the server's self-signed certificate. */
function statusOf(url) {
  return new Promise((resolveStatus) => {
    const request = httpsRequest(url, { rejectUnauthorized: false, timeout: 2000 }, (response) => {
      response.resume();
      resolveStatus(response.statusCode);
    });
    request.on("error", () => resolveStatus(0));
    request.on("timeout", () => request.destroy());
    request.end();
  });
}

async function waitForReady(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`roster exited with code ${server.exitCode}; see e2e/artifacts/roster.log`);
    }
    if ((await statusOf(url)) === 200) {
      return;
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`${url} was not ready after ${timeoutMs / 1000} s; see e2e/artifacts/roster.log`);
}

before(async () => {
  if (!existsSync(rosterBin)) {
    throw new Error(`${rosterBin} is missing: run \`make build\` in the repository root, or set ROSTER_BIN`);
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run \`apt-get install -y chromium\`, or set CHROMIUM_PATH`);
  }
  mkdirSync(artifacts, { recursive: true });

  const port = await freePort();
  baseUrl = `https://127.0.0.1:${port}`;
  dataDir = mkdtempSync(join(tmpdir(), "roster-e2e-"));
  const log = createWriteStream(join(artifacts, "roster.log"));
  server = spawn(rosterBin, ["serve", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, "--dev"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  await waitForReady(`${baseUrl}/readyz`, 60_000);

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((done) => server.once("exit", done));
    server.kill("SIGTERM");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
    if (server.exitCode === null) {
      server.kill("SIGKILL");
    }
  }
  if (dataDir) {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

async function screenshot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

test("administrator journey", { timeout: 180_000 }, async (t) => {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      consoleErrors.push(message.text());
    }
  });

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
