// The Dashboard during a live run: long tasks (> 50 ms) per minute, what caused them (Long
// Animation Frame script attribution), live events received per second, and frames.
// Usage: node bench/frontend/dashboard.mjs --base URL --run ID --seconds S --user NAME --password PW
// Prints one JSON object on its last line.
import { createRequire } from "node:module";
import { resolve } from "node:path";

const require = createRequire(resolve("frontend/package.json"));
const { chromium } = require("playwright-core");
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const BASE = args.base;
const RUN = args.run;
const SECONDS = Number(args.seconds ?? 120);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const login = await context.request.post(`${BASE}/api/v1/auth/login`, { data: { username: args.user, password: args.password } });
if (!login.ok()) throw new Error(`login failed: ${login.status()}`);

// Before the app's own code: observers, a frame counter, and a count of the live messages.
await context.addInitScript(() => {
  const bench = { longtasks: [], loafs: [], messages: 0, frames: 0, slowFrames: 0, measuring: false };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    if (!bench.measuring) return;
    for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask" });
  try {
    new PerformanceObserver((list) => {
      if (!bench.measuring) return;
      for (const e of list.getEntries()) {
        bench.loafs.push({
          start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
          scripts: e.scripts.map((s) => ({ start: s.startTime, duration: s.duration, invoker: s.invoker, type: s.invokerType, source: s.sourceFunctionName })),
        });
      }
    }).observe({ type: "long-animation-frame" });
  } catch {
    bench.noLoaf = true;
  }
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...a) {
      super(...a);
      this.addEventListener("message", () => {
        if (bench.measuring) bench.messages += 1;
      });
    }
  };
  let last = null;
  const frame = (t) => {
    if (bench.measuring) {
      bench.frames += 1;
      if (last !== null && t - last > 50) bench.slowFrames += 1;
    }
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
});

const page = await context.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
await page.goto(`${BASE}/dashboard`);
await page.locator(`[data-testid="run-detail"][data-status="running"]`).waitFor({ timeout: 120_000 });

async function runNow() {
  const r = await context.request.get(`${BASE}/api/v1/agent/status/${RUN}`);
  return r.json();
}
const handled = (run) => run.phases.reduce((n, p) => n + p.done + p.failed + (p.skipped ?? 0), 0);

const before = await runNow();
const startedAt = Date.now();
await page.evaluate(() => { window.__bench.measuring = true; });
// What the page shows keeps changing: sample the progress shown, to tell it follows the run.
const shownProgress = [];
while (Date.now() - startedAt < SECONDS * 1000) {
  await page.waitForTimeout(5000);
  shownProgress.push(await page.evaluate(() => Number(document.querySelector('progress[aria-label="Run progress"]')?.getAttribute("value") ?? NaN)));
  const status = await page.getAttribute('[data-testid="run-detail"]', "data-status");
  if (status !== "running") break;
}
const bench = await page.evaluate(() => { window.__bench.measuring = false; return window.__bench; });
const seconds = (Date.now() - startedAt) / 1000;
const after = await runNow();
await browser.close();

// Each long task's cause: the script inside it (from the long animation frames) that ran
// longest. WebSocket message handlers are event handling; MessagePort is React's scheduler
// rendering; promise callbacks and fetches are data arriving; the rest by invoker type.
const scripts = bench.loafs.flatMap((f) => f.scripts);
function cause(script) {
  if (!script) return "unattributed";
  if (/WebSocket/i.test(script.invoker)) return "event_handling";
  if (/MessagePort/i.test(script.invoker)) return "rendering";
  if (script.type === "resolve-promise" || script.type === "reject-promise" || /Response|fetch/i.test(script.invoker)) return "data";
  if (script.type === "user-callback" && /Timeout|Interval|requestAnimationFrame/i.test(script.invoker)) return "timers";
  if (script.type === "event-listener") return /WebSocket/i.test(script.invoker) ? "event_handling" : "dom_events";
  return script.type || "other";
}
const byCause = {};
const tasks = bench.longtasks.map((t) => {
  const inside = scripts.filter((s) => s.start >= t.start - 1 && s.start < t.start + t.duration);
  const main = inside.sort((a, b) => b.duration - a.duration)[0];
  const c = cause(main);
  byCause[c] = (byCause[c] ?? 0) + 1;
  return { ms: Math.round(t.duration), cause: c, invoker: main?.invoker ?? null };
});
const handlerMs = scripts.filter((s) => /WebSocket/i.test(s.invoker)).map((s) => s.duration);
const minutes = seconds / 60;
const result = {
  measured_seconds: Math.round(seconds),
  items_handled_per_second: Math.round(((handled(after) - handled(before)) / seconds) * 10) / 10,
  live_events_per_second: Math.round((bench.messages / seconds) * 10) / 10,
  long_tasks: tasks.length,
  long_tasks_per_minute: Math.round((tasks.length / minutes) * 10) / 10,
  long_task_max_ms: tasks.length ? Math.max(...tasks.map((t) => t.ms)) : 0,
  long_tasks_by_cause: byCause,
  long_tasks_from_event_handling: byCause["event_handling"] ?? 0,
  slowest_websocket_handler_ms: handlerMs.length ? Math.round(Math.max(...handlerMs)) : null,
  frames_per_second: Math.round((bench.frames / seconds) * 10) / 10,
  frames_over_50ms: bench.slowFrames,
  long_animation_frames: bench.noLoaf ? null : bench.loafs.length,
  progress_shown: shownProgress,
  run_status_after: after.status,
  page_errors: errors,
  slowest_long_tasks: tasks.sort((a, b) => b.ms - a.ms).slice(0, 5),
  target: { long_tasks_from_event_handling: 0 },
};
console.log(`${result.items_handled_per_second} items/s handled, ${result.live_events_per_second} live events/s received over ${result.measured_seconds} s`);
console.log(`long tasks > 50 ms: ${tasks.length} (${result.long_tasks_per_minute}/min, max ${result.long_task_max_ms} ms), by cause ${JSON.stringify(byCause)}; frames ${result.frames_per_second}/s, ${bench.slowFrames} over 50 ms`);
console.log(JSON.stringify(result));
