// Measures the built web app in chromium against a running backend with 10,000 items:
// initial JavaScript gzipped, navigation to a usable Knowledge Base page, search-as-you-type.
// Usage: node bench/frontend/measure.mjs --base URL --dist DIR [--user NAME --password PW]
// Prints one JSON object on its last line.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(resolve("frontend/package.json"));
const { chromium } = require("playwright-core");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const BASE = args.base;
const DIST = args.dist ?? "frontend/dist";
const LOADS = 7;
const WORDS = ["function", "return value", "string format", "socket connection", "thread lock"];

function initialJs() {
  // The entry script and every module it preloads: what the browser fetches before the app runs.
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const unique = [...new Set(files)];
  const gz = unique.reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);
  return { files: unique.length, gzip_kb: Math.round(gz / 102.4) / 10 };
}

function percentile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
if (args.user) {
  const response = await context.request.post(`${BASE}/api/v1/auth/login`, { data: { username: args.user, password: args.password } });
  if (!response.ok()) throw new Error(`login failed: ${response.status()}`);
}
const page = await context.newPage();

// Where a load's time went, from the page's own timings (ms since navigation start): the HTML,
// the entry script, the session check, the page's chunk, the tree and the first page of items
// (request start and end, and the server's wait), then what is left for rendering.
function loadBreakdown() {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const last = (test) => resources.filter((r) => test(r.name)).at(-1);
  const span = (entry) => (entry ? { start: entry.startTime, end: entry.responseEnd, wait: entry.responseStart - entry.requestStart } : null);
  return {
    html_end: nav.responseEnd,
    entry_js: span(last((n) => /\/assets\/index-[^/]+\.js$/.test(n))),
    page_js: span(last((n) => /\/assets\/knowledge-[^/]+\.js$/.test(n))),
    auth_me: span(last((n) => n.includes("/api/v1/auth/me"))),
    tree: span(last((n) => n.includes("/api/v1/knowledge/categories"))),
    items: span(last((n) => n.includes("/api/v1/knowledge/items?"))),
    usable: performance.now(),
  };
}

// Navigation to usable: the tree has its counts and the list shows its first rows.
const loads = [];
const breakdowns = [];
let total = null;
for (let i = 0; i < LOADS; i++) {
  await page.goto("about:blank");
  await page.goto(`${BASE}/knowledge`, { waitUntil: "commit" });
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="item-list"] button').length >= 10 && document.querySelector('nav[aria-label="Categories"] button[aria-current]'),
    null,
    { timeout: 30_000, polling: "raf" },
  );
  const breakdown = await page.evaluate(loadBreakdown);
  total = await page.getByTestId("item-list").getAttribute("aria-label");
  if (i > 0) {
    loads.push(breakdown.usable); // the first load warms the server's caches
    breakdowns.push(breakdown);
  }
}

// Reference on the same machine at the same time: navigation to a JSON endpoint (server and
// browser overhead with no app), to read the figures against when the machine is busy.
const reference = [];
for (let i = 0; i < LOADS; i++) {
  await page.goto("about:blank");
  await page.goto(`${BASE}/api/v1/system/health`, { waitUntil: "load" });
  reference.push(await page.evaluate(() => performance.now()));
}
await page.goto(`${BASE}/knowledge`);
await page.getByTestId("item-list").waitFor();

// Search as you type: each keystroke to the results of the text typed so far on screen.
const box = page.getByRole("searchbox", { name: "Search your knowledge base" });
const latencies = [];
const searchParts = { request_ms: [], server_wait_ms: [], server_took_ms: [], client_ms: [] };
for (const words of WORDS) {
  await box.fill("");
  await page.waitForTimeout(200);
  let typed = "";
  for (const ch of words) {
    typed += ch;
    await page.evaluate(() => performance.clearResourceTimings());
    const start = Date.now();
    // To the focused box (fill focused it): a locator's press would first resolve the box by
    // its accessible role, a walk of the page's accessibility tree that the harness, not the
    // app, pays on every keystroke.
    await page.keyboard.press(ch === " " ? "Space" : ch);
    if (!typed.trim() || typed.endsWith(" ")) continue;
    await page.waitForFunction(
      (q) => {
        const el = document.querySelector('[data-testid="search-results"]');
        return el && el.getAttribute("data-query") === q && el.getAttribute("data-fetching") === "false";
      },
      typed.trim(),
      { timeout: 10_000, polling: "raf" },
    ).catch(async () => {
      const shown = await page.evaluate(() => document.body.innerText.slice(0, 300));
      throw new Error(`no results shown for "${typed}": ${shown}`);
    });
    const ms = Date.now() - start;
    latencies.push(ms);
    // The answer shown: its request (start to end), the server's wait (request sent to first
    // byte) and the search's own time (took_ms); the rest is the browser's (input, render).
    const part = await page.evaluate(() => {
      const entry = performance.getEntriesByType("resource").filter((r) => r.name.includes("/api/v1/content/search")).at(-1);
      const took = document.querySelector('[data-testid="search-results"]')?.getAttribute("data-took-ms");
      return entry ? { request: entry.responseEnd - entry.startTime, wait: entry.responseStart - entry.requestStart, took: Number(took ?? NaN) } : null;
    });
    if (part) {
      searchParts.request_ms.push(part.request);
      searchParts.server_wait_ms.push(part.wait);
      if (!Number.isNaN(part.took)) searchParts.server_took_ms.push(part.took);
      searchParts.client_ms.push(Math.max(0, ms - part.request));
    }
  }
}
await browser.close();

const js = initialJs();
const median = (values) => (values.length ? Math.round(percentile(values, 0.5)) : null);
const medianOf = (pick) => median(breakdowns.map(pick).filter((v) => typeof v === "number"));
const kbBreakdown = {
  html_end: medianOf((b) => b.html_end),
  entry_js_end: medianOf((b) => b.entry_js?.end),
  page_js_end: medianOf((b) => b.page_js?.end),
  auth_me_start: medianOf((b) => b.auth_me?.start),
  auth_me_end: medianOf((b) => b.auth_me?.end),
  tree_start: medianOf((b) => b.tree?.start),
  tree_end: medianOf((b) => b.tree?.end),
  tree_server_wait: medianOf((b) => b.tree?.wait),
  items_start: medianOf((b) => b.items?.start),
  items_end: medianOf((b) => b.items?.end),
  items_server_wait: medianOf((b) => b.items?.wait),
  usable: medianOf((b) => b.usable),
};
const searchBreakdown = Object.fromEntries(
  Object.entries(searchParts).flatMap(([k, v]) => [[`${k}_p50`, median(v)], [`${k}_p95`, v.length ? Math.round(percentile(v, 0.95)) : null]]),
);
const result = {
  items: total,
  initial_js_gzip_kb: js.gzip_kb,
  initial_js_files: js.files,
  kb_usable_ms_p50: Math.round(percentile(loads, 0.5)),
  kb_usable_ms_max: Math.round(Math.max(...loads)),
  reference_nav_ms_p50: Math.round(percentile(reference, 0.5)),
  search_as_you_type_ms_p50: Math.round(percentile(latencies, 0.5)),
  search_as_you_type_ms_p95: Math.round(percentile(latencies, 0.95)),
  keystrokes: latencies.length,
  kb_usable_breakdown_ms_p50: kbBreakdown,
  search_breakdown: searchBreakdown,
  search_ms_by_keystroke: latencies,
  targets: { initial_js_gzip_kb: 250, kb_usable_ms: 1500, search_p95_ms: 150 },
};
console.log(`initial JS ${js.gzip_kb} kB gzipped (${js.files} files; target < 250)`);
console.log(`KB page usable with ${total}: p50 ${result.kb_usable_ms_p50} ms, max ${result.kb_usable_ms_max} ms (target < 1500; a bare JSON page: ${result.reference_nav_ms_p50} ms)`);
console.log(`KB load p50 timeline (ms): ${JSON.stringify(kbBreakdown)}`);
console.log(`search breakdown (ms): ${JSON.stringify(searchBreakdown)}`);
console.log(`search as you type: p50 ${result.search_as_you_type_ms_p50} ms, p95 ${result.search_as_you_type_ms_p95} ms over ${latencies.length} keystrokes (target p95 < 150)`);
console.log(JSON.stringify(result));
