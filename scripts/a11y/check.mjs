// Accessibility check: every HTML page under the given build folders is loaded
// in headless Chromium (Debian's /usr/bin/chromium) and audited by axe-core
// against WCAG 2.1 A and AA. Any violation fails the run (exit 1).
//
// Usage: node check.mjs BUILD_DIR [BUILD_DIR...]
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

function pages(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...pages(path));
    else if (name.endsWith(".html")) out.push(path);
  }
  return out;
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error("usage: node check.mjs BUILD_DIR [BUILD_DIR...]");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
// The pages forbid scripts (CSP); the audit itself is injected around it.
const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
let checked = 0;
let violations = 0;
const requests = [];
for (const dir of dirs) {
  for (const file of pages(resolve(dir, "html"))) {
    const page = await context.newPage();
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) requests.push(`${file}: ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
    );
    checked += 1;
    for (const v of result.violations) {
      violations += 1;
      console.log(`${file}: ${v.id} (${v.impact}) — ${v.help}`);
      for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.replace(/\n/g, " ")}`);
    }
    await page.close();
  }
}
await browser.close();
for (const r of requests) console.log(`network request at view time: ${r}`);
console.log(`axe-core ${JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf8")).version}: ${checked} pages, ${violations} violations, ${requests.length} network requests`);
if (checked === 0 || violations > 0 || requests.length > 0) process.exit(1);
