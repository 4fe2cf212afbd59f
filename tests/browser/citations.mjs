// "Cite this page" and print, in a real browser: Debian's Chromium, headless, driven by
// playwright-core (run it with ../../scripts/browser-test). It serves a copy of
// tests/fixtures/serve-site with a report whose title holds the characters a citation
// must escape, and seven norms that make the region's list of related pages long:
//   1. the report's "Cite this page" links download a BibTeX and a RIS file, each of
//      which parses, and each holds the report's title;
//   2. printed (print media emulated), the page shows its own URL, and of a long list of
//      related pages the first five and a line saying the rest are on the web page;
//   3. the home page's search box opens the search page with the query's results.

import fs from "node:fs";
import path from "node:path";
import { check, cleanups, fixtureSite, launchBrowser, run, save, startServer, stopServer, WAIT } from "./harness.mjs";

const TITLE = "Report on {braces}, a \\ backslash & 100% of it";

// What is wrong with `text` as one BibTeX @misc entry (as tests/build.rs checks it).
function bibtexProblems(text) {
  const problems = [];
  if (!text.startsWith("@misc{") || text.split("@").length !== 2) problems.push("not one @misc{ entry");
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    depth += text[i] === "{" ? 1 : text[i] === "}" ? -1 : 0;
    if (depth < 0 || (depth === 0 && text[i] === "}" && text.slice(i).trim() !== "}")) {
      problems.push(`a brace closes the entry early, at ${i}`);
      break;
    }
  }
  if (depth !== 0) problems.push(`${depth} braces left open`);
  const lines = text.trimEnd().split("\n");
  for (const line of lines.slice(1, -1))
    if (!/^  [a-z]+ = .*,$/.test(line)) problems.push(`not a field: ${JSON.stringify(line)}`);
  return problems;
}

// What is wrong with `text` as one RIS record.
function risProblems(text) {
  const problems = [];
  if (!text.startsWith("TY  - ")) problems.push("does not start with TY  - ");
  if (!text.endsWith("ER  - \r\n")) problems.push("does not end with ER  - ");
  for (const line of text.slice(0, -2).split("\r\n"))
    if (!/^[A-Z][A-Z0-9]  - /.test(line)) problems.push(`not a tagged line: ${JSON.stringify(line)}`);
  return problems;
}

async function main() {
  const root = fixtureSite();
  fs.mkdirSync(path.join(root, "content/reports"));
  save(
    path.join(root, "content/reports/cite-test.md"),
    `---\ntitle: ${JSON.stringify(TITLE)}\ndate: "2015-06-17"\npublisher: A publisher\nkind: conference-summary\n` +
      `summary: A report to cite.\nsource: {title: The original, publisher: A publisher}\nregions: [osce]\n---\nThe text.\n`,
  );
  for (let i = 1; i <= 7; i++)
    save(path.join(root, `content/norms/n${i}.md`), `---\ntitle: Norm ${i}\nset: proposed\nsummary: A norm.\nregions: [osce]\n---\n`);
  const server = await startServer(root, 0);
  cleanups.push(() => stopServer(server));

  const browser = await launchBrowser();
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });

  // 1. The citation files, downloaded as a reader downloads them.
  await page.goto(new URL("reports/cite-test/", server.url).href);
  check("the report has a Cite this page section", (await page.textContent("#cite-heading")) === "Cite this page");
  const downloaded = {};
  for (const [format, file] of [["BibTeX", "cite.bib"], ["RIS", "cite.ris"]]) {
    const link = page.locator(`.cite a[href="${file}"][download]`);
    check(`the ${format} link is named ${format}`, (await link.textContent()) === format);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const name = download.suggestedFilename();
    check(`the ${format} file downloads as reports-cite-test.*`, name.startsWith("reports-cite-test."), name);
    downloaded[format] = fs.readFileSync(await download.path(), "utf8");
  }
  const bib = downloaded.BibTeX;
  check("the BibTeX file parses", bibtexProblems(bib).length === 0, `${bibtexProblems(bib).join("; ")}\n${bib}`);
  check(
    "the BibTeX title has its braces and backslash escaped",
    bib.includes("title = {{Report on \\textbraceleft{}braces\\textbraceright{}, a \\textbackslash{} backslash \\& 100\\% of it}},"),
    bib,
  );
  check("the BibTeX file gives the year and month", bib.includes("year = {2015},\n  month = jun,"), bib);
  const ris = downloaded.RIS;
  check("the RIS file parses", risProblems(ris).length === 0, `${risProblems(ris).join("; ")}\n${ris}`);
  check("the RIS file holds the title as written", ris.includes(`\r\nTI  - ${TITLE}\r\n`), ris);
  check("the RIS file names the site as author", ris.includes("\r\nAU  - Serve fixture\r\n"), ris);

  // 2. Print: the page's own URL, and long lists cut short.
  const printUrl = page.locator(".print-url");
  check("on screen the page URL line is hidden", !(await printUrl.isVisible()));
  await page.emulateMedia({ media: "print" });
  check("in print the page URL is visible", await printUrl.isVisible());
  const printed = await printUrl.textContent();
  check("in print the page URL is the page's", printed.includes("reports/cite-test/index.html"), printed);
  check("in print the download links are hidden", !(await page.locator(".cite-files").isVisible()));
  await page.goto(new URL("regions/osce/", server.url).href);
  const norms = page.locator(".related .link-list").filter({ hasText: "Norm 7" }).locator("li");
  const visible = [];
  for (const item of await norms.all()) if (await item.isVisible()) visible.push(await item.textContent());
  const total = await norms.count();
  check("in print a long list shows its first five links", total > 5 && visible.length === 5, `${visible.length} of ${total}`);
  const more = page.locator(".print-more").first();
  check("in print a line says the rest are on the web page", (await more.isVisible()) && /more, listed on the web page/.test(await more.textContent()));
  await page.emulateMedia({ media: "screen" });
  check("on screen the whole list shows", (await norms.evaluateAll((li) => li.filter((l) => l.offsetParent).length)) === total);

  // 3. The home page's search box leads to the search page with its results.
  await page.goto(new URL("index.html", server.url).href);
  await page.fill("#home-search", "Norm 7");
  await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.click(".home-search button")]);
  await page.waitForSelector("#search-results li");
  const results = await page.locator("#search-results li a").allTextContents();
  check("the home page's search box finds the page", results.includes("Norm 7"), results.join(" | "));

  check("no script errors or CSP violations", problems.length === 0, problems.join("\n"));
}

await run("citations", main);
