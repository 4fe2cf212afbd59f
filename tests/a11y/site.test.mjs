// The reader's site checked as a reader would, in Debian's headless Chromium:
//   - axe-core (WCAG 2.1 A and AA) on every HTML page, light and dark, with the page
//     metadata (one h1, a unique title, a description, lang) and the policy of the theme
//     (no inline script or style, no request outside the site, no console error);
//   - a link check of the whole output: every internal link and anchor resolves;
//   - keyboard-only use of the header, the search and the timeline SVG;
//   - screenshots at 375 px and 1280 px of five pages, for a person to look at;
//   - Lighthouse on the same five pages: 95 or more in each of four categories.
// Run by ../../scripts/a11y-test, which builds the site and passes SITE_DIR; the site is
// served here, on a free loopback port, with a Content-Security-Policy without
// 'unsafe-inline', as a host would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const SITE_DIR = path.resolve(process.env.SITE_DIR || path.join(here, "../../output"));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const SHOTS = path.join(here, "screenshots");
const CHROME_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; " +
  "form-action 'self'; frame-ancestors 'none'";
// The five pages of the screenshots and of Lighthouse.
const PAGES = [
  ["home", ""],
  ["year", "timeline/2019/"],
  ["norm", "norms/e/"],
  ["region", "regions/osce/"],
  ["report", "reports/cyber-stability-2021/"],
];
const LIGHTHOUSE_MIN = 0.95;

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

let server;
let base;
let browser;

/** Every file of the output, relative to its root, with forward slashes. */
function walk(dir, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) out.push(...walk(path.join(dir, entry.name), rel + "/"));
    else out.push(rel);
  }
  return out.sort();
}
const files = walk(SITE_DIR);
const htmlPages = files.filter((f) => f.endsWith(".html"));

/** The URL path of an HTML file as a host shows it: `norms/e/` for `norms/e/index.html`. */
const pretty = (file) => file.replace(/(^|\/)index\.html$/, "$1");

function serve(req, res) {
  let url = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = path.join(SITE_DIR, url);
  if (!file.startsWith(SITE_DIR)) file = SITE_DIR + "/404.html";
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
  let status = 200;
  if (!fs.existsSync(file)) {
    status = 404;
    file = path.join(SITE_DIR, "404.html");
  }
  res.writeHead(status, {
    "Content-Type": TYPES[path.extname(file)] || "application/octet-stream",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
  });
  res.end(fs.readFileSync(file));
}

before(async () => {
  assert.ok(fs.existsSync(path.join(SITE_DIR, "index.html")), `no site in ${SITE_DIR}`);
  server = http.createServer(serve);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROME_FLAGS });
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

/** A browser context that records what a page should never do. */
async function watchedContext(options = {}) {
  const context = await browser.newContext(options);
  const problems = [];
  context.on("console", (msg) => {
    // The 404 page is expected to answer 404, and Chromium logs that.
    if (msg.type() === "error" && !msg.location().url.endsWith("/does-not-exist"))
      problems.push(`console error: ${msg.text()} (${msg.location().url})`);
  });
  context.on("weberror", (err) => problems.push(`script error: ${err.error().message}`));
  context.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/does-not-exist"))
      problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await context.route(/.*/, (route) => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    problems.push(`request outside the site: ${url}`);
    return route.abort();
  });
  return { context, problems };
}

// ---------------------------------------------------------------------------------------
// Static checks of the files: cheap, and they name the file.

test("no inline script, inline style or external resource in any page; CSS under 40 KB", (t) => {
  const problems = [];
  for (const file of htmlPages) {
    const html = fs.readFileSync(path.join(SITE_DIR, file), "utf8");
    for (const m of html.matchAll(/<script\b([^>]*)>/gi))
      if (!/\bsrc=/.test(m[1])) problems.push(`${file}: inline <script>`);
    if (/<style\b/i.test(html)) problems.push(`${file}: <style> element`);
    if (/\sstyle=/i.test(html)) problems.push(`${file}: style attribute`);
    if (/\son[a-z]+=/i.test(html.replace(/<(pre|code)[\s\S]*?<\/\1>/gi, "")))
      problems.push(`${file}: event handler attribute`);
    for (const m of html.matchAll(/<(?:link|script|img|source|iframe)\b[^>]*(?:href|src)="(https?:)?\/\//gi))
      if (!/rel="(?:canonical|alternate)"/.test(m[0])) problems.push(`${file}: external resource ${m[0]}`);
  }
  const css = files.filter((f) => f.endsWith(".css"));
  const cssBytes = css.reduce((n, f) => n + fs.statSync(path.join(SITE_DIR, f)).size, 0);
  t.diagnostic(`${htmlPages.length} HTML pages; CSS ${cssBytes} bytes`);
  if (cssBytes >= 40 * 1024) problems.push(`CSS is ${cssBytes} bytes, over 40 KB`);
  assert.deepEqual(problems, []);
});

test("every internal link and anchor of the output resolves", (t) => {
  const ids = new Map();
  for (const file of htmlPages) {
    const html = fs.readFileSync(path.join(SITE_DIR, file), "utf8");
    ids.set(file, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
  }
  const known = new Set(files);
  const problems = [];
  let checked = 0;
  for (const file of htmlPages) {
    const html = fs.readFileSync(path.join(SITE_DIR, file), "utf8");
    for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      const raw = m[1].replace(/&amp;/g, "&");
      if (/^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith("//")) continue;
      checked++;
      const [target, anchor] = raw.split("#");
      let resolved = target
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), target.split("?")[0]))
        : file;
      if (resolved.endsWith("/") || resolved === ".") resolved = (resolved === "." ? "" : resolved) + "index.html";
      if (!known.has(resolved)) {
        problems.push(`${file}: broken link ${raw}`);
        continue;
      }
      if (anchor && ids.has(resolved) && !ids.get(resolved).has(decodeURIComponent(anchor)))
        problems.push(`${file}: missing anchor ${raw}`);
    }
  }
  t.diagnostic(`${checked} internal links checked`);
  assert.deepEqual(problems, []);
});

test("the Atom feed is well-formed Atom; robots.txt; open data linked from the about page; search index size", async (t) => {
  const xml = fs.readFileSync(path.join(SITE_DIR, "atom.xml"), "utf8");
  const context = await browser.newContext();
  const page = await context.newPage();
  const feed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    const error = doc.querySelector("parsererror");
    if (error) return { error: error.textContent };
    const root = doc.documentElement;
    const child = (el, name) => [...el.children].find((c) => c.localName === name);
    const entries = [...root.children].filter((c) => c.localName === "entry");
    const incomplete = entries.filter((e) => !["title", "id", "updated", "link"].every((n) => child(e, n))).length;
    return {
      ns: root.namespaceURI,
      name: root.localName,
      head: ["title", "id", "updated"].every((n) => child(root, n)),
      entries: entries.length,
      incomplete,
      ids: new Set(entries.map((e) => child(e, "id")?.textContent)).size,
    };
  }, xml);
  await context.close();
  assert.equal(feed.error, undefined, `atom.xml is not well-formed: ${feed.error}`);
  assert.equal(feed.ns, "http://www.w3.org/2005/Atom");
  assert.equal(feed.name, "feed");
  assert.ok(feed.head, "the feed lacks its title, id or updated");
  assert.ok(feed.entries > 0);
  assert.equal(feed.incomplete, 0, "an entry lacks its title, id, updated or link");
  assert.equal(feed.ids, feed.entries, "two entries share an id");
  t.diagnostic(`atom.xml: ${feed.entries} entries`);

  assert.match(fs.readFileSync(path.join(SITE_DIR, "robots.txt"), "utf8"), /User-agent: \*/);
  const about = fs.readFileSync(path.join(SITE_DIR, "about/index.html"), "utf8");
  assert.match(about, /href="\.\.\/data\/index\.html"/, "the about page does not link to the open data");
  for (const table of ["timeline", "norms", "regions", "documents", "people"])
    for (const ext of ["json", "csv"]) assert.ok(files.includes(`data/${table}.${ext}`), `no data/${table}.${ext}`);
  JSON.parse(fs.readFileSync(path.join(SITE_DIR, "data/timeline.json"), "utf8"));

  const index = fs.readFileSync(path.join(SITE_DIR, "search-index.js"));
  const gzipped = zlib.gzipSync(index, { level: 9 }).length;
  t.diagnostic(`search-index.js: ${index.length} bytes, ${gzipped} gzipped`);
  assert.ok(gzipped < 300 * 1024, `the search index is ${gzipped} bytes gzipped, over 300 KB`);
});

// ---------------------------------------------------------------------------------------
// axe-core on every page, in both colour schemes.

const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function axeCrawl(colorScheme, viewport, onlyContrast) {
  const { context, problems } = await watchedContext({ colorScheme, viewport });
  // An init script is not subject to the page's CSP, unlike an injected <script>.
  await context.addInitScript({ content: axeSource });
  const violations = [];
  const titles = new Map();
  const queue = [...htmlPages];
  async function worker() {
    const page = await context.newPage();
    for (let file; (file = queue.shift()); ) {
      const url = base + (file === "404.html" ? "does-not-exist" : pretty(file));
      await page.goto(url, { waitUntil: "load" });
      const result = await page.evaluate(
        async ([tags, only]) => {
          const options = only
            ? { runOnly: { type: "rule", values: ["color-contrast"] } }
            : { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] };
          const r = await window.axe.run(document, options);
          return {
            violations: r.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")} — ${n.failureSummary.split("\n").slice(1, 2).join("")}`),
              count: v.nodes.length,
            })),
            title: document.title,
            h1: document.querySelectorAll("h1").length,
            lang: document.documentElement.lang,
            description: document.querySelector('meta[name="description"]')?.content || "",
            og: ["og:title", "og:description", "og:type"].every((p) => document.querySelector(`meta[property="${p}"]`)?.content),
            overflow: document.documentElement.scrollWidth - window.innerWidth,
          };
        },
        [WCAG_TAGS, onlyContrast],
      );
      for (const v of result.violations) violations.push(`${file}: ${v.id} (${v.impact}, ${v.count}×) ${v.help}\n    ${v.nodes.join("\n    ")}`);
      if (result.overflow > 0) violations.push(`${file}: the page scrolls sideways by ${result.overflow}px at ${viewport.width}px`);
      if (!onlyContrast) {
        if (result.h1 !== 1) violations.push(`${file}: ${result.h1} h1 elements`);
        if (!result.lang) violations.push(`${file}: no lang`);
        if (!result.description) violations.push(`${file}: no meta description`);
        if (!result.og) violations.push(`${file}: no Open Graph title, description or type`);
        if (titles.has(result.title)) violations.push(`${file}: the title "${result.title}" is also ${titles.get(result.title)}'s`);
        titles.set(result.title, file);
      }
    }
    await page.close();
  }
  await Promise.all([worker(), worker()]);
  await context.close();
  return [...violations, ...problems];
}

test(`axe-core (${WCAG_TAGS.join(", ")}) on every page, light scheme at 1280 px: zero violations`, async (t) => {
  const problems = await axeCrawl("light", { width: 1280, height: 900 }, false);
  t.diagnostic(`axe: ${htmlPages.length} pages, light, 1280 px: ${problems.length} problems`);
  assert.deepEqual(problems, []);
});

test("axe-core colour contrast on every page, dark scheme at 375 px; no sideways scroll", async (t) => {
  const problems = await axeCrawl("dark", { width: 375, height: 800 }, true);
  t.diagnostic(`axe: ${htmlPages.length} pages, dark, 375 px: ${problems.length} problems`);
  assert.deepEqual(problems, []);
});

// ---------------------------------------------------------------------------------------
// The keyboard alone.

/** What has the focus, and whether a sighted reader can see it. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const visible = (node) => {
      const s = getComputedStyle(node);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
      const ring = s.boxShadow && s.boxShadow !== "none";
      const stroke = node instanceof SVGElement && s.stroke !== "none" && parseFloat(s.strokeWidth) >= 2;
      return outline || ring || stroke;
    };
    const shapes = el.closest("svg") ? [...el.querySelectorAll("rect, circle, path")] : [];
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 80),
      href: el.getAttribute("href"),
      inSvg: !!el.closest("svg"),
      inNav: !!el.closest("header nav"),
      visibleFocus: visible(el) || shapes.some(visible),
      onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.left < window.innerWidth,
    };
  });
}

for (const width of [1280, 375]) {
  test(`keyboard: Tab reaches the skip link and every header link with a visible focus at ${width} px`, async () => {
    const { context, problems } = await watchedContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(base);
    const navLinks = await page.$$eval("header nav a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(navLinks.length >= 8, `only ${navLinks.length} links in the header navigation`);
    await page.keyboard.press("Tab");
    const skip = await focused(page);
    assert.match(skip.text, /skip/i, "the first Tab does not reach the skip link");
    assert.ok(skip.visibleFocus && skip.onScreen, "the skip link is not visible when focused");
    const reached = [];
    for (let i = 0; i < 30 && reached.length < navLinks.length; i++) {
      await page.keyboard.press("Tab");
      const f = await focused(page);
      if (!f?.inNav) continue;
      assert.ok(f.visibleFocus, `no visible focus on the header link "${f.text}"`);
      assert.ok(f.onScreen, `the header link "${f.text}" is focused off screen`);
      reached.push(f.href);
    }
    assert.deepEqual(reached, navLinks, "Tab does not reach every header link in order");
    // Enter follows the focused link.
    await page.keyboard.press("Enter");
    await page.waitForURL(new URL(navLinks.at(-1), base).href);
    await context.close();
    assert.deepEqual(problems, []);
  });
}

test("search: whole words and labels rank first: \"norm e\" finds norm (e), \"poa\" the Programme of Action", async () => {
  const { context, problems } = await watchedContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const first = async (query) => {
    await page.goto(base + "search/?q=" + encodeURIComponent(query));
    await page.waitForSelector("#search-results li a");
    return page.$eval("#search-results li a", (a) => ({ href: a.getAttribute("href"), text: a.textContent }));
  };
  // "e" is in nearly every page; only norm (e) has it as a word (in its label).
  assert.equal((await first("norm e")).href, "../norms/e/index.html");
  assert.equal((await first("gcsc norm 3")).href, "../norms/gcsc-3/index.html");
  assert.equal((await first("osce")).href, "../regions/osce/index.html");
  // A short name is a label too: the Programme of Action is "PoA".
  assert.match((await first("poa")).href, /^\.\.\/processes\//);
  assert.match((await first("A/RES/70/237")).text, /70\/237/);
  await context.close();
  assert.deepEqual(problems, []);
});

test("keyboard: search by typing, Tab to a result, Enter follows it", async () => {
  const { context, problems } = await watchedContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(base + "search/");
  let f;
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press("Tab");
    f = await focused(page);
    if (f?.tag === "input") break;
  }
  assert.equal(f?.tag, "input", "Tab does not reach the search field");
  assert.ok(f.visibleFocus, "no visible focus on the search field");
  await page.keyboard.type("osce", { delay: 20 });
  await page.waitForSelector("#search-results li a");
  const status = await page.textContent("#search-status");
  assert.match(status, /\d+ results? for/);
  const kinds = await page.$$eval("#search-results li", (lis) => lis.map((li) => li.textContent));
  assert.ok(kinds.length > 0);
  await page.keyboard.press("Tab");
  f = await focused(page);
  assert.equal(f?.tag, "a", "Tab from the search field does not reach a result");
  assert.ok(f.visibleFocus, "no visible focus on the search result");
  const target = new URL(f.href, page.url()).href;
  await page.keyboard.press("Enter");
  await page.waitForURL(target);
  assert.equal(await page.locator("h1").count(), 1);
  // The query is kept in the address, so a search can be shared and Back returns to it.
  await page.goBack();
  await page.waitForSelector("#search-results li a");
  await context.close();
  assert.deepEqual(problems, []);
});

test("keyboard: every link of the timeline SVG takes the focus, visibly", async () => {
  const { context, problems } = await watchedContext({ viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(base + "timeline/");
  const svgLinks = await page.$$eval("svg a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(svgLinks.length > 30, `only ${svgLinks.length} links in the timeline SVG`);
  const names = await page.$$eval("svg a", (as) => as.filter((a) => !a.querySelector("title")?.textContent.trim()).length);
  assert.equal(names, 0, "an SVG link without a title");
  const reached = [];
  for (let i = 0; i < svgLinks.length + 40; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (!f) continue;
    if (f.inSvg) {
      assert.ok(f.visibleFocus, `no visible focus on the SVG link to ${f.href}`);
      reached.push(f.href);
    } else if (reached.length) break;
  }
  assert.deepEqual([...reached].sort(), [...svgLinks].sort(), "Tab does not reach every link of the SVG");
  // The SVG scrolls inside its frame at 375 px: the page itself does not.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the timeline page scrolls sideways by ${overflow}px`);
  // Back into the SVG, and Enter follows its link.
  await page.keyboard.press("Shift+Tab");
  assert.ok((await focused(page))?.inSvg);
  await page.keyboard.press("Enter");
  await page.waitForURL(/timeline\/\d{4}\//);
  await context.close();
  assert.deepEqual(problems, []);
});

test("the theme toggle switches and remembers the scheme; pages work without JavaScript", async () => {
  const { context, problems } = await watchedContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
  const page = await context.newPage();
  await page.goto(base);
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await bg();
  await page.click("#theme-toggle");
  const dark = await bg();
  assert.notEqual(light, dark);
  await page.goto(base + "norms/");
  assert.equal(await bg(), dark, "the choice is not remembered");
  await context.close();
  assert.deepEqual(problems, []);

  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p = await nojs.newPage();
  for (const [, url] of PAGES) {
    await p.goto(base + url);
    assert.equal(await p.locator("h1").count(), 1);
    assert.ok((await p.locator("header nav a").count()) >= 8);
  }
  await p.goto(base + "search/");
  assert.ok(await p.locator("noscript").count(), "the search page says nothing without JavaScript");
  await nojs.close();
});

// ---------------------------------------------------------------------------------------
// Screenshots, for a person to look at.

test("screenshots at 375 px and 1280 px, light and dark, written to tests/a11y/screenshots/", async (t) => {
  for (const colorScheme of ["light", "dark"]) {
    for (const width of [375, 1280]) {
      const { context, problems } = await watchedContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      for (const [name, url] of PAGES) {
        await page.goto(base + url);
        const suffix = colorScheme === "dark" ? "-dark" : "";
        await page.screenshot({ path: path.join(SHOTS, `${name}-${width}${suffix}.png`), fullPage: true });
      }
      await context.close();
      assert.deepEqual(problems, []);
    }
  }
  t.diagnostic(`screenshots in ${path.relative(process.cwd(), SHOTS) || SHOTS}`);
});

// ---------------------------------------------------------------------------------------
// Lighthouse.

test(`Lighthouse: performance, accessibility, best practices and SEO ≥ ${LIGHTHOUSE_MIN * 100} on five pages`, async (t) => {
  const { default: lighthouse } = await import("lighthouse");
  const chromeLauncher = await import("chrome-launcher");
  const categories = ["performance", "accessibility", "best-practices", "seo"];
  const failures = [];
  const table = {};
  for (const [name, url] of PAGES) {
    const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH || CHROMIUM, chromeFlags: CHROME_FLAGS });
    try {
      const result = await lighthouse(base + url, {
        port: chrome.port,
        output: "html",
        logLevel: "error",
        onlyCategories: categories,
      });
      fs.writeFileSync(path.join(SHOTS, `lighthouse-${name}.html`), result.report);
      const lhr = result.lhr;
      table[name] = {};
      for (const c of categories) {
        const score = Math.round((lhr.categories[c].score ?? 0) * 100);
        table[name][c] = score;
        const failing = lhr.categories[c].auditRefs
          .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id].score ?? 1) < 1)
          .map((ref) => `${ref.id} (${lhr.audits[ref.id].displayValue || lhr.audits[ref.id].score})`);
        if (score < LIGHTHOUSE_MIN * 100) failures.push(`${name} ${c} ${score}: ${failing.join(", ")}`);
        else if (failing.length) t.diagnostic(`${name} ${c} ${score}, short of 100 by: ${failing.join(", ")}`);
      }
    } finally {
      await chrome.kill();
    }
  }
  t.diagnostic("Lighthouse scores");
  for (const [name, scores] of Object.entries(table))
    t.diagnostic(`  ${name.padEnd(7)} ${categories.map((c) => `${c} ${scores[c]}`).join(", ")}`);
  fs.writeFileSync(path.join(SHOTS, "lighthouse-scores.json"), JSON.stringify(table, null, 2) + "\n");
  assert.deepEqual(failures, []);
});
