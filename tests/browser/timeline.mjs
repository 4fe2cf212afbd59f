// The timeline as a reader meets it, in a real browser: Debian's Chromium, headless,
// driven by playwright-core (run it with ../../scripts/browser-test). It builds the
// repository's own site into a temporary folder and opens it from disk (file://), as the
// site is meant to work:
//   1. the key to the marks is visible and names each shape, and each shape's colour has
//      a contrast of 3:1 or more with the chart's background, light and dark;
//   2. "Skip past the chart" appears when focused, and Enter then Tab takes the focus to
//      the first link after the chart, none of the chart's links between;
//   3. with JavaScript off, a filter link opens its view, which marks itself current and
//      lists and charts only its events;
//   4. at 375 px the chart's scroller opens on the latest years: the last year's label is
//      inside its visible part, the first year's is not, and the page itself does not
//      scroll sideways;
//   5. screenshots of the top 1200 px of timeline/index.html at 375 and 1280 px, light
//      and dark, written to tests/browser/screenshots/timeline-<width>[-dark].png for a
//      person to look at.

import { buildRepoSite, check, launchBrowser, run, screenshots, scrollerEnds, WAIT } from "./harness.mjs";

// The contrast ratio of two CSS colours `rgb(r, g, b)`, as WCAG computes it.
function contrast(a, b) {
  const lum = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function keyAndColours(browser, url) {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    await page.goto(url("timeline/index.html"));
    const key = page.locator(".mark-key li");
    const items = await key.allTextContents();
    if (colorScheme === "light") {
      check("the key to the marks is visible", await page.locator(".mark-key").isVisible());
      check("the key names four types, each with its shape", items.length === 4 &&
        ["circle", "square", "triangle", "diamond"].every((s, i) => items[i].includes(`(${s})`)), items.join(" | "));
    }
    const shapes = await page.$$eval(".mark-key .mark", (marks) => marks.map((m) => [m.tagName, getComputedStyle(m).fill]));
    const background = await page.$eval(".timeline-svg .year-band", (r) => getComputedStyle(r).fill);
    const odd = await page.$eval(".timeline-svg .year-band.odd", (r) => getComputedStyle(r).fill);
    const ratios = shapes.map(([, fill]) => Math.min(contrast(fill, background), contrast(fill, odd)));
    check(`${colorScheme}: each mark's colour has 3:1 or more on the chart`, ratios.every((r) => r >= 3),
      ratios.map((r) => r.toFixed(2)).join(", "));
    check(`${colorScheme}: the four types have four colours`, new Set(shapes.map(([, f]) => f)).size === 4, JSON.stringify(shapes));
    await context.close();
  }
}

async function skipLink(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url("timeline/index.html"));
  const skip = page.locator(".skip-chart");
  check("the skip link is hidden until focused", !(await skip.evaluate((a) => {
    const r = a.getBoundingClientRect();
    return r.right > 0 && r.left < window.innerWidth;
  })));
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.classList.contains("skip-chart"));
  }
  check("Tab reaches the skip link before the chart", reached);
  const box = await skip.boundingBox();
  check("focused, the skip link is in view", box && box.x >= 0 && box.x + box.width <= 1280 && box.width > 0, JSON.stringify(box));
  check("the skip link targets an element of the page", await page.evaluate(() => !!document.getElementById("after-chart")));
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  const after = await page.evaluate(() => {
    const el = document.activeElement;
    const first = document.querySelector("#after-chart a");
    return { inSvg: !!el.closest("svg"), first: el === first, href: el.getAttribute("href") };
  });
  check("Enter then Tab focuses the first link after the chart", !after.inSvg && after.first, JSON.stringify(after));
  await context.close();
}

async function filterWithoutScript(browser, url) {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url("timeline/index.html"));
  check("the whole timeline's link is current", (await page.locator(".filter-links a[aria-current=page]").textContent()).startsWith("All events"));
  const link = page.locator(".filter-links a", { hasText: "Report" });
  const count = parseInt(await link.locator(".count").textContent(), 10);
  await Promise.all([page.waitForURL(/timeline\/type\/report\/index\.html$/), link.click()]);
  const current = await page.locator(".filter-links a[aria-current=page]").allTextContents();
  check("without JavaScript the filter opens its view, marked current", current.length === 1 && current[0].includes("Report"), current.join(" | "));
  const listed = await page.locator("#after-chart .years ul a").count();
  const marks = await page.$$eval(".timeline-svg .mark", (ms) => ms.map((m) => m.getAttribute("class")));
  check(`the view lists its ${count} events, and only those`, listed === count, `${listed} listed`);
  check("the view charts only marks of its type", marks.length === count && marks.every((c) => c.includes("type-report")), marks.join(" | "));
  const first = await page.locator("#after-chart .years ul a").first().getAttribute("href");
  await page.goto(new URL(first, page.url()).href);
  check("a listed event opens from the view", (await page.locator("h1").count()) === 1);
  await context.close();
}

async function phone(browser, url) {
  const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(url("timeline/index.html"));
  const seen = await scrollerEnds(page, ".timeline-scroll", ".timeline-svg .year-label");
  check(`at 375 px the chart opens on the last year (${seen.lastText})`, seen.last && !seen.first, JSON.stringify(seen));
  check("at 375 px the page itself does not scroll sideways", seen.overflow <= 0, `${seen.overflow}px`);
  await context.close();
}

async function main() {
  const url = buildRepoSite();
  const browser = await launchBrowser();
  await keyAndColours(browser, url);
  await skipLink(browser, url);
  await filterWithoutScript(browser, url);
  await phone(browser, url);
  // The first 1200 px: the views, the key and the chart (the lists below are the theme's
  // usual lists).
  await screenshots(browser, url, [["timeline", "timeline/index.html"]], ["light", "dark"]);
}

await run("timeline", main);
