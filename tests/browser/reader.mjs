// The reader's site (issue 17) as a reader meets it, in a real browser: Debian's Chromium,
// headless, driven by playwright-core (run it with ../../scripts/browser-test). It builds
// the repository's own site into a temporary folder and opens it from disk (file://):
//   1. search: the queries readers type find what they name first (a document by its
//      symbol, with or without a record of it, an acronym, an alias); the editors' guide
//      comes after every other result, yet is still found; a person's result shows the
//      person's description, and no result has a blank snippet;
//   2. the year 2019: its overview stands beside the events at 1280 px and above them at
//      375 px, related pages are named by short names with the full title kept, no
//      event's row of related pages takes more than four lines, and the page is shorter
//      than it was (6,495 px at 1280, 10,726 at 375, before);
//   3. the norms index: "Jump to the matrix" at the top opens the matrix without
//      JavaScript; scrolled inside its frame the matrix keeps its head row at the top; on
//      a phone its first column takes at most two fifths of the frame;
//   4. the home page: a bar per year links to its page (without JavaScript too), and at
//      375 px the strip opens on the latest years, the page not scrolling sideways;
//   5. screenshots of the top 1200 px of those three pages at 375 and 1280 px, written to
//      tests/browser/screenshots/{home,year-2019,norms}-<width>.png for a person to look at.

import { buildRepoSite, check, launchBrowser, run, screenshots, scrollerEnds, WAIT } from "./harness.mjs";

const GUIDE = "editors-guide/index.html";

// The results of a query on the search page: kind, title, URL and snippet of each, and
// the summary the index gives each.
async function search(page, url, query) {
  await page.goto(url("search/index.html") + "?q=" + encodeURIComponent(query));
  await page.waitForFunction(() => document.getElementById("search-status").textContent !== "");
  return page.$$eval("#search-results li", (items) => items.map((li) => {
    const a = li.querySelector("a");
    const u = a.getAttribute("href").replace(/^\.\.\//, "");
    const entry = window.SEARCH_INDEX.find((e) => e.u === u);
    return {
      kind: li.querySelector(".kind").textContent,
      title: a.textContent,
      u,
      snippet: li.querySelector("p")?.textContent ?? "",
      summary: entry ? entry.s : null,
    };
  }));
}

// What each query must find first: the start of the URL of the first result.
const FIRST = [
  ["A/RES/70/237", "documents/a-res-70-237/"],
  ["a/res/70/237", "documents/a-res-70-237/"],
  ["A/HRC/RES/32/13", "documents/a-hrc-res-32-13/"],
  ["CBMs", "topics/confidence-building/"],
  ["CBM", "topics/confidence-building/"],
  ["OEWG", "processes/oewg-"],
  ["PoA", "processes/poa/"],
  ["PoC directory", "timeline/"],
];

async function searches(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  for (const [query, first] of FIRST) {
    const results = await search(page, url, query);
    check(`search "${query}" finds ${first} first`, results.length > 0 && results[0].u.startsWith(first),
      results.slice(0, 3).map((r) => r.u).join(" | "));
  }
  const poc = await search(page, url, "PoC directory");
  check("search \"PoC directory\" finds the Points of Contact Directory", /Points of Contact Directory/.test(poc[0]?.title), poc[0]?.title);
  for (const query of ["guide", "PoA", "norms", "guided"]) {
    const results = await search(page, url, query);
    const at = results.findIndex((r) => r.u === GUIDE);
    check(`search "${query}": the editors' guide comes after every other result`, at === -1 || at === results.length - 1,
      `${at} of ${results.length}`);
  }
  const editors = await search(page, url, "editors guide");
  check("the editors' guide is still found", editors.some((r) => r.u === GUIDE), editors.map((r) => r.u).join(" | "));
  const person = await search(page, url, "Katherine Getao");
  check("a person's result shows the person's description", person[0]?.kind === "person" && person[0].snippet !== "" &&
    person[0].snippet === person[0].summary, JSON.stringify(person[0]));
  for (const query of ["Lauber", "chair", "GGE"]) {
    const blank = (await search(page, url, query)).filter((r) => r.snippet.trim() === "");
    check(`search "${query}": no result has a blank snippet`, blank.length === 0, blank.map((r) => r.u).join(" | "));
  }
  await context.close();
}

// The page's height, and the boxes of the year's overview and events.
async function yearAt(browser, url, width) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  await page.goto(url("timeline/2019/index.html"));
  const seen = await page.evaluate(() => {
    const box = (s) => document.querySelector(s).getBoundingClientRect();
    const rows = [...document.querySelectorAll(".event-links")].map((ul) => {
      const line = parseFloat(getComputedStyle(ul).lineHeight);
      return Math.round(ul.getBoundingClientRect().height / line);
    });
    const shorts = [...document.querySelectorAll(".event-links a.short-name")];
    return {
      height: document.documentElement.scrollHeight,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      aside: box(".year-aside").toJSON(),
      events: box(".year-events").toJSON(),
      lines: Math.max(...rows),
      shorts: shorts.length,
      titled: shorts.every((a) => a.title.length > a.textContent.length),
    };
  });
  await context.close();
  return seen;
}

async function yearPage(browser, url) {
  const wide = await yearAt(browser, url, 1280);
  const phone = await yearAt(browser, url, 375);
  console.log(`     timeline/2019/: ${wide.height} px tall at 1280 px, ${phone.height} px at 375 px`);
  check("at 1280 px the year's overview stands beside its events, in the first screen",
    wide.aside.left >= wide.events.right && wide.aside.top < 900, JSON.stringify([wide.aside, wide.events]));
  check("at 375 px the overview is above the events", phone.aside.bottom <= phone.events.top, JSON.stringify([phone.aside, phone.events]));
  check("related pages go by their short names, each with its full title", wide.shorts > 20 && wide.titled, `${wide.shorts}`);
  check("no event's related pages take more than four lines at 1280 px", wide.lines <= 4, `${wide.lines} lines`);
  check("the 2019 page is under 5,000 px tall at 1280 px (6,495 before)", wide.height < 5000, `${wide.height}`);
  check("the 2019 page is under 8,500 px tall at 375 px (10,726 before)", phone.height < 8500, `${phone.height}`);
  check("at 375 px the 2019 page does not scroll sideways", phone.overflow <= 0, `${phone.overflow}px`);
}

async function norms(browser, url) {
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  let page = await noScript.newPage();
  await page.goto(url("norms/index.html"));
  const jump = page.locator("a[href='#matrix']", { hasText: "Jump to the matrix" });
  const before = await page.evaluate(() => {
    const link = document.querySelector(".jump a");
    return link && link.compareDocumentPosition(document.querySelector("main h2")) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  check("\"Jump to the matrix\" comes before the list of norms", !!before);
  await jump.click();
  const heading = await page.evaluate(() => {
    const r = document.getElementById("matrix").getBoundingClientRect();
    return { hash: location.hash, top: r.top };
  });
  check("without JavaScript it opens the matrix", heading.hash === "#matrix" && heading.top >= 0 && heading.top < 200, JSON.stringify(heading));
  await noScript.close();
  const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
  page = await phone.newPage();
  await page.goto(url("norms/index.html") + "#matrix");
  const seen = await page.evaluate(() => {
    const frame = document.querySelector(".matrix-wrap");
    frame.scrollIntoView();
    frame.scrollTop = 400;
    frame.scrollLeft = 150;
    const top = frame.getBoundingClientRect();
    const head = document.querySelector(".matrix thead").getBoundingClientRect();
    const first = document.querySelector(".matrix tbody tr:not(.row-group) th").getBoundingClientRect();
    return {
      scrolled: frame.scrollTop,
      headAt: Math.round(head.top - top.top),
      firstLeft: Math.round(first.left - top.left),
      share: first.width / top.width,
      groups: document.querySelectorAll(".matrix .row-group").length,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  });
  check("scrolled inside its frame, the matrix keeps its head row at the top", seen.scrolled > 0 && Math.abs(seen.headAt) <= 2, JSON.stringify(seen));
  check("and its first column at the left", Math.abs(seen.firstLeft) <= 2, JSON.stringify(seen));
  check("at 375 px the first column takes at most two fifths of the frame", seen.share <= 0.4, seen.share.toFixed(2));
  check("the matrix's rows come under the three sets' titles", seen.groups === 3, `${seen.groups}`);
  check("at 375 px the norms page does not scroll sideways", seen.overflow <= 0, `${seen.overflow}px`);
  await phone.close();
}

async function home(browser, url) {
  const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
  let page = await phone.newPage();
  await page.goto(url("index.html"));
  const seen = await scrollerEnds(page, ".year-bars-scroll", ".year-bars a");
  const years = await page.$$eval(".year-bars a", (links) => links.map((a) => [a.querySelector(".strip-year").textContent, a.getAttribute("href")]));
  check("the home page has a bar for each year of 1998–2025, each linking to its year",
    years.length === 28 && years[0][0] === "1998" && years[27][0] === "2025" &&
    years.every(([year, href]) => href === `timeline/${year}/index.html`), JSON.stringify(years));
  check("at 375 px the strip opens on the latest years", seen.last && !seen.first, JSON.stringify(seen));
  check("at 375 px the home page does not scroll sideways", seen.overflow <= 0, `${seen.overflow}px`);
  await phone.close();
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  page = await noScript.newPage();
  await page.goto(url("index.html"));
  await Promise.all([page.waitForURL(/timeline\/2019\/index\.html$/), page.locator(".year-bars a", { hasText: "2019" }).click()]);
  check("without JavaScript a bar opens its year", (await page.locator("h1").textContent()) === "2019");
  await noScript.close();
}

async function main() {
  const url = buildRepoSite();
  const browser = await launchBrowser();
  await searches(browser, url);
  await yearPage(browser, url);
  await norms(browser, url);
  await home(browser, url);
  await screenshots(browser, url, [["home", "index.html"], ["year-2019", "timeline/2019/index.html"], ["norms", "norms/index.html"]]);
}

await run("reader", main);
