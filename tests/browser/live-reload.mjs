// End-to-end test of `cyberrecord serve` in a real browser: Debian's Chromium, headless,
// driven by playwright-core. Run it with ../../scripts/browser-test, which installs what
// it needs. It serves a copy of tests/fixtures/serve-site (with the repository's theme),
// opens a page, and changes files on disk as an editor would:
//   1. an edit of the Markdown appears in the open page, scrolled where the reader was;
//   2. a broken file shows the error overlay (on every page) and the last good page stays;
//   3. fixing it removes the overlay;
//   4. an edit of the stylesheet is swapped in without a reload;
//   5. a restarted server makes the page reconnect and reload.
// Nothing is timed: every wait has a generous limit only so that a hang fails.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  check, cleanups, fixtureSite, launchBrowser, run, save, startServer, stopServer, until, WAIT,
} from "./harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const root = fixtureSite();
  const page_md = path.join(root, "content/norms/e.md");
  const css = path.join(root, "themes/default/static/style.css");
  // A long page, so that keeping the reader's place across a reload means something.
  const filler = Array.from({ length: 150 }, (_, i) => `Filler paragraph ${i} to make the page long.`).join("\n\n");
  save(page_md, fs.readFileSync(page_md, "utf8") + "\n" + filler + "\n\nThe closing words.\n");

  let server = await startServer(root, 0);
  cleanups.push(() => stopServer(server));
  const port = new URL(server.url).port;

  const browser = await launchBrowser();
  const page = await browser.newPage();
  page.setDefaultTimeout(WAIT);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  // The script says "[livereload] connected" each time its event stream opens.
  let connections = 0;
  page.on("console", (m) => {
    if (m.text().includes("[livereload] connected")) connections += 1;
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  async function open(pathname) {
    const before = connections;
    await page.goto(new URL(pathname, server.url).href);
    await until(() => connections > before, `the event stream of ${pathname} to open`);
  }

  // Each step waits for the page's event stream to be open: the script would reload anyway
  // if it missed a build, but the test would not know which load it is looking at.
  await open("norms/e/");
  check("the page is served", (await page.textContent("main")).includes("The original wording of norm e."));
  await page.evaluate(() => { window.scrollTo(0, 1200); window.__notReloaded = true; });
  const scrolled = await page.evaluate(() => window.scrollY);

  // 1. An edit of the Markdown shows up by itself, at the same place.
  save(page_md, fs.readFileSync(page_md, "utf8").replace("The original wording", "The amended wording"));
  await page.waitForFunction(() => document.body.innerText.includes("The amended wording of norm e."));
  check("an edit appears without a manual reload", true);
  check("it was a reload by the page itself", (await page.evaluate(() => window.__notReloaded)) === undefined);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 2, scrolled).catch(() => {});
  const after = await page.evaluate(() => window.scrollY);
  check("the reader's place is kept", scrolled > 0 && Math.abs(after - scrolled) < 2, `scrollY ${after}, was ${scrolled}`);

  // 2. A broken file: the overlay names it, and the last good page stays.
  const good = fs.readFileSync(page_md, "utf8");
  save(page_md, good.replace("set: gge-2015", "set: [unclosed"));
  const overlay = page.locator('[role="alert"]#cyberrecord-livereload-errors');
  await overlay.waitFor({ state: "visible" });
  const overlayText = await overlay.textContent();
  check("the overlay names the file, line and column", /error: content\/norms\/e\.md:\d+:\d+: /.test(overlayText), overlayText);
  check("the last good page stays", (await page.textContent("main")).includes("The amended wording of norm e."));
  // For a person to look at (the folder is ignored by git).
  const shots = path.join(here, "screenshots");
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, "error-overlay.png") });
  await open("norms/");
  await overlay.waitFor({ state: "visible" });
  check("every page shows the overlay until it is fixed", true);

  // 3. Fixed: the overlay goes.
  await page.evaluate(() => { window.__notReloaded = true; });
  save(page_md, good.replace("The amended wording", "The repaired wording"));
  await overlay.waitFor({ state: "detached" });
  check("fixing the file removes the overlay", true);

  // 4. A stylesheet edit is swapped in place: no reload.
  await open("norms/e/");
  await page.evaluate(() => { window.__notReloaded = true; });
  save(css, fs.readFileSync(css, "utf8") + "\n:root { --serve-test: 42px; }\n");
  await page.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue("--serve-test").trim() === "42px");
  check("a stylesheet edit applies without a reload", (await page.evaluate(() => window.__notReloaded)) === true);

  // 5. The server restarts on the same port: the page reconnects and reloads.
  await stopServer(server);
  save(page_md, fs.readFileSync(page_md, "utf8").replace("The repaired wording", "The restarted wording"));
  server = await startServer(root, port);
  await page.waitForFunction(() => document.body.innerText.includes("The restarted wording of norm e."));
  check("after a server restart the page reconnects and reloads", (await page.evaluate(() => window.__notReloaded)) === undefined);

  check("no script errors or CSP violations", problems.length === 0, problems.join("\n"));
}

await run("live reload", main);
