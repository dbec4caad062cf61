// The harness of the browser journeys: a real `roster serve --dev` (ROSTER_BIN, default
// ../bin/roster, built by `make build`) on a free port with a fresh data directory, and Debian's
// Chromium driven through playwright-core. Screenshots go to e2e/artifacts/.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";

const frontendDir = new URL("..", import.meta.url).pathname;
const rosterBin = resolve(frontendDir, process.env.ROSTER_BIN ?? "../bin/roster");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const artifacts = join(frontendDir, "e2e/artifacts");

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

async function waitForReady(server, url, logName, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`roster exited with code ${server.exitCode}; see e2e/artifacts/${logName}`);
    }
    if ((await statusOf(url)) === 200) {
      return;
    }
    await new Promise((wake) => setTimeout(wake, 250));
  }
  throw new Error(`${url} was not ready after ${timeoutMs / 1000} s; see e2e/artifacts/${logName}`);
}

/**
 * Starts `roster serve --dev` and Chromium. The server's output goes to e2e/artifacts/logName.
 * Returns the server's origin, the browser, and stop(), which ends both and removes the data.
 */
export async function startJourney(logName) {
  if (!existsSync(rosterBin)) {
    throw new Error(`${rosterBin} is missing: run \`make build\` in the repository root, or set ROSTER_BIN`);
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: run \`apt-get install -y chromium\`, or set CHROMIUM_PATH`);
  }
  mkdirSync(artifacts, { recursive: true });

  const port = await freePort();
  const baseUrl = `https://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "roster-e2e-"));
  const log = createWriteStream(join(artifacts, logName));
  const server = spawn(rosterBin, ["serve", "--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, "--dev"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);

  let browser;
  const stop = async () => {
    await browser?.close();
    if (server.exitCode === null) {
      const exited = new Promise((done) => server.once("exit", done));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((done) => setTimeout(done, 10_000))]);
      if (server.exitCode === null) {
        server.kill("SIGKILL");
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(server, `${baseUrl}/readyz`, logName, 60_000);
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
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, browser, stop };
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Opens a browser context that accepts the server's certificate and collects console errors. */
export async function openPage(browser) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      consoleErrors.push(message.text());
    }
  });
  return { context, page, consoleErrors };
}

/** Returns a regular expression that matches text literally, such as a user principal name. */
export function literal(text) {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
}

/**
 * Makes the SPA in context sign in through the "organizations" authority, so that people of
 * customer tenants can pick themselves on the sign-in page. The server's /config.json names that
 * authority already; the override keeps the journeys independent of that setting.
 */
export async function signInAcrossTenants(context) {
  await context.route("**/config.json", async (route) => {
    const response = await route.fetch();
    const config = await response.json();
    const authority = config.authority.replace(/\/[^/]+$/, "/organizations");
    await route.fulfill({ response, json: { ...config, authority } });
  });
}
