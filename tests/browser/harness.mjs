// What the browser tests share: the binary, `cyberrecord serve` on a copy of a fixture
// site, Debian's headless Chromium, and the counting of checks. Each test file calls run().

import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "..", "..");
export const bin = path.resolve(repo, process.env.CYBERRECORD_BIN || "target/debug/cyberrecord");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
export const WAIT = 20_000;

let passed = 0;
let failed = 0;
// Run in reverse order when the test ends, however it ends.
export const cleanups = [];

export function check(name, ok, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name} ${detail}`);
  }
}

// Writes like an editor: a hidden temporary file, then a rename over the real one.
export function save(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export async function until(condition, what) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > WAIT) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// A temporary site: tests/fixtures/serve-site's content with the repository's themes.
export function fixtureSite() {
  if (!fs.existsSync(bin)) throw new Error(`no binary at ${bin}: run cargo build first`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cyberrecord-browser-"));
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.cpSync(path.join(repo, "tests/fixtures/serve-site/content"), path.join(root, "content"), { recursive: true });
  fs.cpSync(path.join(repo, "themes"), path.join(root, "themes"), { recursive: true });
  return root;
}

// The repository's own site, built into a temporary folder to be opened from disk
// (file://), as the site is meant to work; gives the file:// URL of a path in it.
export function buildRepoSite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyberrecord-site-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, "site");
  const built = spawnSync(bin, ["build", "--root", repo, "--output", out], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`build failed:\n${built.stderr}`);
  return (rel) => pathToFileURL(path.join(out, rel)).href;
}

export function startServer(root, port) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ["serve", "--root", root, "--port", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}\n${err}`)), WAIT);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stderr: () => err });
      }
    });
    child.stderr.on("data", (d) => { err += d; });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}\n${err}`));
    });
  });
}

export function stopServer(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.removeAllListeners("exit");
    server.child.on("exit", () => resolve());
    server.child.kill("SIGINT");
  });
}

export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  cleanups.push(() => browser.close());
  return browser;
}

// Which of the first and last of `items` are inside the visible part of the sideways
// `scroller` (one that opens on its latest years shows the last, not the first), and how
// far the page itself scrolls sideways.
export function scrollerEnds(page, scroller, items) {
  return page.evaluate(([scroller, items]) => {
    const frame = document.querySelector(scroller).getBoundingClientRect();
    const all = [...document.querySelectorAll(items)];
    const inside = (el) => {
      const r = el.getBoundingClientRect();
      return r.left >= frame.left && r.right <= frame.right;
    };
    return {
      last: inside(all[all.length - 1]),
      first: inside(all[0]),
      lastText: all[all.length - 1].textContent,
      overflow: document.documentElement.scrollWidth - window.innerWidth,
    };
  }, [scroller, items]);
}

// Screenshots of the first 1200 px of each page (what a reader sees first, small enough to
// commit) at 375 and 1280 px, in each colour scheme, for a person to look at:
// tests/browser/screenshots/<name>-<width>[-dark].png.
export async function screenshots(browser, url, pages, schemes = ["light"]) {
  const dir = path.join(here, "screenshots");
  fs.mkdirSync(dir, { recursive: true });
  const written = [];
  for (const colorScheme of schemes) {
    for (const width of [375, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 1200 }, colorScheme });
      const page = await context.newPage();
      for (const [name, rel] of pages) {
        await page.goto(url(rel));
        const file = path.join(dir, `${name}-${width}${colorScheme === "dark" ? "-dark" : ""}.png`);
        await page.screenshot({ path: file });
        written.push(file);
      }
      await context.close();
    }
  }
  check("screenshots written to tests/browser/screenshots/", written.every((f) => fs.existsSync(f)));
}

// Runs `main`, then the cleanups; prints the count and exits 0 only if every check passed.
export async function run(name, main) {
  const guard = setTimeout(() => {
    console.log(`FAIL the browser test ${name} hung`);
    process.exit(1);
  }, 180_000);
  try {
    await main();
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${e.stack || e}`);
  } finally {
    for (const cleanup of cleanups.reverse()) {
      try { await cleanup(); } catch { /* best effort */ }
    }
    clearTimeout(guard);
  }
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
