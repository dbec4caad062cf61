// Prints the gzip size of the JavaScript that dist/index.html loads before any lazy route:
// its module scripts and the chunks it preloads. Fails when the total passes the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const budgetBytes = 300 * 1000;
const dist = new URL("../dist/", import.meta.url).pathname;

const html = readFileSync(join(dist, "index.html"), "utf8");
const scripts = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((match) => match[1]);
const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((match) => match[1]);
const files = [...new Set([...scripts, ...preloads])];
if (files.length === 0) {
  console.error("dist/index.html loads no JavaScript: run `npm run build` first");
  process.exit(1);
}

let total = 0;
for (const file of files) {
  const bytes = gzipSync(readFileSync(join(dist, file.replace(/^\//, "")))).length;
  total += bytes;
  console.log(`${(bytes / 1000).toFixed(1).padStart(8)} kB  ${file}`);
}
console.log(`${(total / 1000).toFixed(1).padStart(8)} kB  initial JavaScript, gzip (budget ${budgetBytes / 1000} kB)`);
if (total > budgetBytes) {
  console.error("The initial JavaScript is over budget: split more code into lazy routes.");
  process.exit(1);
}
