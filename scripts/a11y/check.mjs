// Accessibility check: every HTML page under the given build folders is loaded
// in headless Chromium (Debian's /usr/bin/chromium) and audited by axe-core
// against WCAG 2.1 A and AA. Then the same page is laid out as a phone (390 px)
// and as a desktop (1280 px) shows it: the page must not scroll sideways (a
// wide table scrolls inside its own region) and chart text must be at least
// 12 px as drawn. Any violation fails the run (exit 1).
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
// Layout measured as a reader sees it (no script needed by the page itself:
// the measurement runs from outside, like the audit).
const layouts = [
  { name: "390px", context: await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }) },
  { name: "1280px", context: await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 } }) },
];
const MIN_CHART_TEXT_PX = 12;
let layoutProblems = 0;
async function checkLayout(file, layout) {
  const page = await layout.context.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  const found = await page.evaluate((minText) => {
    const problems = [];
    const viewport = document.documentElement.clientWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > viewport) {
      // Name the widest elements that stick out, outside scroll regions.
      const culprits = [];
      for (const el of document.body.querySelectorAll("*")) {
        if (el.closest(".table-wrap") && !el.classList.contains("table-wrap")) continue;
        const r = el.getBoundingClientRect();
        if (r.right > viewport + 1) culprits.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} (${Math.round(r.right)} px)`);
      }
      problems.push(`scrolls sideways: ${scrollWidth} px in ${viewport} px; ${culprits.slice(-3).join(", ")}`);
    }
    for (const t of document.querySelectorAll("svg text")) {
      const ctm = t.getScreenCTM();
      const size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
      if (size < minText) {
        problems.push(`chart text ${size.toFixed(1)} px < ${minText} px: "${t.textContent.slice(0, 40)}"`);
        break;
      }
    }
    return problems;
  }, MIN_CHART_TEXT_PX);
  for (const p of found) {
    layoutProblems += 1;
    console.log(`${file} at ${layout.name}: ${p}`);
  }
  await page.close();
}
let checked = 0;
let violations = 0;
const requests = [];
for (const dir of dirs) {
  // A build folder (its html/ pages), or one page (compare's index.html).
  const files = dir.endsWith(".html") ? [resolve(dir)] : pages(resolve(dir, "html"));
  for (const file of files) {
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
    for (const layout of layouts) await checkLayout(file, layout);
  }
}
await browser.close();
for (const r of requests) console.log(`network request at view time: ${r}`);
console.log(`axe-core ${JSON.parse(readFileSync(require.resolve("axe-core/package.json"), "utf8")).version}: ${checked} pages, ${violations} violations, ${requests.length} network requests`);
console.log(`layout at 390 px and 1280 px: ${checked} pages, ${layoutProblems} problems (sideways scroll, chart text under ${MIN_CHART_TEXT_PX} px)`);
if (checked === 0 || violations > 0 || requests.length > 0 || layoutProblems > 0) process.exit(1);
