// Screenshots of a build's pages at a phone's width (390 px) and a desktop's
// (1280 px), for the README: docs/img/<name>-<width>.png.
//
// Usage: node screenshots.mjs BUILD_DIR OUT_DIR page.html[=name] ...
//   (page paths are relative to BUILD_DIR/html)
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [dir, outDir, ...pages] = process.argv.slice(2);
if (!dir || !outDir || pages.length === 0) {
  console.error("usage: node screenshots.mjs BUILD_DIR OUT_DIR page.html[=name] ...");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--font-render-hinting=none"],
});
for (const width of [390, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 }, isMobile: width === 390 });
  for (const spec of pages) {
    const [page_path, name = page_path.replace(/\.html$/, "").replace(/\//g, "-")] = spec.split("=");
    const page = await context.newPage();
    await page.goto(pathToFileURL(resolve(dir, "html", page_path)).href, { waitUntil: "load" });
    const file = join(outDir, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: false });
    console.log(file);
    await page.close();
  }
  await context.close();
}
await browser.close();
