// Fails when src/api/schema.d.ts differs from what `npm run gen:api` would write from
// ../openapi/openapi.yaml, so that the SPA never builds against stale API types.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const committed = join(root, "src/api/schema.d.ts");
const scratch = mkdtempSync(join(tmpdir(), "roster-api-"));
const generated = join(scratch, "schema.d.ts");

try {
  execFileSync(join(root, "node_modules/.bin/openapi-typescript"), ["../openapi/openapi.yaml", "--output", generated], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const expected = readFileSync(generated, "utf8");
  let actual = "";
  try {
    actual = readFileSync(committed, "utf8");
  } catch {
    console.error("src/api/schema.d.ts is missing: run `npm run gen:api` and commit it.");
    process.exit(1);
  }
  if (actual !== expected) {
    console.error("src/api/schema.d.ts is stale: run `npm run gen:api` and commit the result.");
    process.exit(1);
  }
  console.log("src/api/schema.d.ts matches openapi/openapi.yaml.");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
