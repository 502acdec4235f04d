// End-to-end: the built web app in Debian's chromium (playwright-core) against a real backend.
// Usage: node e2e/run.mjs --base URL --site URL --artifacts DIR --user NAME --password PW [--model URL]
// --model: the model stand-in's base URL; its /_control makes the model down or slow.
// Each flow is a check; the last line is "N passed, M failed". axe-core runs on every page
// (no serious or critical violation allowed); screenshots at 360 and 1280 px, light and dark.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const BASE = args.base;
const SITE = args.site;
const ARTIFACTS = args.artifacts ?? "test-artifacts";
const USER = args.user;
const PASSWORD = args.password;
const MODEL = args.model ?? null;
if (!BASE || !SITE || !USER || !PASSWORD) {
  console.error("usage: node e2e/run.mjs --base URL --site URL --artifacts DIR --user NAME --password PW");
  process.exit(2);
}
mkdirSync(join(ARTIFACTS, "screenshots"), { recursive: true });

export const CHROMIUM_FLAGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const results = [];
const axeFindings = [];
const profile = mkdtempSync(join(tmpdir(), "kbagent-e2e-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: CHROMIUM_FLAGS,
  viewport: { width: 1280, height: 800 },
  colorScheme: "light",
  acceptDownloads: true,
});
context.setDefaultTimeout(20_000);
const page = context.pages()[0] ?? (await context.newPage());
const pageErrors = [];
page.on("pageerror", (error) => pageErrors.push(String(error)));
page.on("dialog", (dialog) => {
  pageErrors.push(`unexpected dialog: ${dialog.message()}`);
  void dialog.dismiss();
});

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`PASS ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${error?.stack ?? error}`);
    await page.screenshot({ path: join(ARTIFACTS, `failure-${name.replace(/\W+/g, "-")}.png`) }).catch(() => {});
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

async function axe(label) {
  // Through DevTools, not a <script> tag: the served CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  for (const v of found) axeFindings.push({ page: label, ...v });
  assert(found.length === 0, `axe on ${label}: ${JSON.stringify(found, null, 1)}`);
}

async function shoot(name) {
  for (const scheme of ["light", "dark"]) {
    for (const width of [360, 1280]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: join(ARTIFACTS, "screenshots", `${name}-${width}-${scheme}.png`), fullPage: false });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** Axe in light and dark (contrast differs), then the screenshots. */
async function audit(name) {
  try {
    await page.emulateMedia({ colorScheme: "dark" });
    await axe(`${name} (dark)`);
    await page.emulateMedia({ colorScheme: "light" });
    await axe(`${name} (light)`);
    await shoot(name);
  } finally {
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

/** Search and wait until the results on screen are for this query (not the previous one). */
async function searchFor(query) {
  const box = page.getByRole("searchbox", { name: "Search your knowledge base" });
  await box.fill(query);
  await page.locator(`[data-testid="search-results"][data-query="${query}"][data-fetching="false"]`).waitFor();
  return page.getByTestId("search-results");
}

async function api(path, init = {}) {
  return page.evaluate(
    async ({ path, init }) => {
      const csrf = document.cookie.split("; ").find((c) => c.startsWith("kbagent_csrf="))?.split("=")[1];
      const headers = { "Content-Type": "application/json", ...(csrf ? { "X-CSRF-Token": decodeURIComponent(csrf) } : {}) };
      const response = await fetch(`/api/v1${path}`, { ...init, headers });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
    { path, init },
  );
}

async function waitForRunsToFinish(timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await api("/agent/history?limit=10");
    const active = (body?.items ?? []).filter((r) => ["pending", "running", "paused"].includes(r.status));
    if (active.length === 0) return body.items;
    assert(Date.now() < deadline, `runs still active: ${JSON.stringify(active.map((r) => [r.status, r.current_phase]))}`);
    await page.waitForTimeout(1000);
  }
}

/** Make the model stand-in down or slow (from this process: the page may not reach it). */
async function model(state) {
  assert(MODEL, "this flow needs --model");
  const response = await fetch(`${MODEL}/_control`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(state) });
  assert(response.ok, `model control: ${response.status}`);
  return response.json(); // its state, with how many model requests it has `received`
}

/** A content item through the API, for a run to process. */
async function addContent(title) {
  const made = await api("/content/items", {
    method: "POST",
    body: JSON.stringify({ source_type: "url", source_id: `https://e.org/${title.replace(/\W+/g, "-")}`, title, content: `Notes about ${title}: examples, pitfalls and advice.` }),
  });
  assert(made.status === 201, `add ${title}: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body.id;
}

const UPLOAD_TITLE = "Lighthouse keeping logbook";
const uploadDir = mkdtempSync(join(tmpdir(), "kbagent-upload-"));
const uploadFile = join(uploadDir, "lighthouse.md");
writeFileSync(
  uploadFile,
  `# ${UPLOAD_TITLE}\n\nThe keeper trims the lamp wick at dusk and winds the clockwork that turns the Fresnel lens.\n` +
    `Fog signals sound every thirty seconds when visibility drops below two nautical miles.\n\n` +
    `<img src="x" onerror="window.__xss='upload'">\n\n<script>window.__xss='upload-script'</script>\n\n` +
    `[a link](javascript:window.__xss='link')\n`,
);

// ---------------------------------------------------------------- flows
await check("login (expired visit goes to login keeping the page, then returns)", async () => {
  await page.goto(`${BASE}/knowledge?q=tidepool`);
  await page.waitForURL(/\/login\?next=/);
  await audit("login");
  await page.getByLabel("Username").fill(USER);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const refused = await page.getByRole("alert").innerText();
  assert(/request id/i.test(refused), `refused login not shown readably: ${refused}`);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/knowledge\?q=tidepool/);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  await page.locator('[data-status="open"]').waitFor();
});

await check("add a URL and upload a file (progress, import report)", async () => {
  await page.getByRole("link", { name: "Sources" }).click();
  await page.getByLabel(/Web pages to save/).fill(`${SITE}/tidepools`);
  await page.getByRole("button", { name: /^Add 1 URL/ }).click();
  await page.getByTestId("import-report").first().waitFor();
  const report = await page.getByTestId("import-report").first().innerText();
  assert(/1\s*new/.test(report), `URL report: ${report}`);
  await page.getByLabel("Files to import").setInputFiles(uploadFile);
  await page.getByRole("list", { name: "Uploads" }).getByTestId("import-report").waitFor();
  const upload = await page.getByRole("list", { name: "Uploads" }).innerText();
  assert(/1\s*new/.test(upload) && /done/.test(upload), `upload report: ${upload}`);
  await audit("sources");
});

await check("run the agent and see the items appear", async () => {
  await waitForRunsToFinish();
  await page.reload();
  const run = page.getByRole("button", { name: "Run the agent" });
  await run.waitFor();
  await page.waitForFunction(() => !document.querySelector('button[disabled]')?.textContent?.includes("Run the agent"));
  await run.click();
  await page.waitForTimeout(500);
  await waitForRunsToFinish();
  await page.getByRole("link", { name: "Knowledge" }).click();
  await page.getByRole("searchbox", { name: "Search your knowledge base" }).fill("");
  await page.getByTestId("item-list").getByText(/Tidepool/i).first().waitFor({ timeout: 30_000 });
  await page.getByTestId("item-list").getByText(/Lighthouse/i).first().waitFor();
  await audit("knowledge");
});

await check("browse the category tree", async () => {
  const tree = page.getByRole("navigation", { name: "Categories" });
  const mains = tree.locator("li > div > button[aria-current], li > div > button:not([aria-label])");
  const count = await mains.count();
  assert(count >= 1, "no categories in the tree");
  await mains.first().click();
  await page.waitForURL(/main=/);
  await page.getByTestId("item-list").locator("button").first().waitFor();
  await tree.getByRole("button", { name: /^All items/ }).click();
});

await check("search with highlighted snippets and open an item", async () => {
  const box = page.getByRole("searchbox", { name: "Search your knowledge base" });
  await page.keyboard.press("Escape");
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.keyboard.press("/");
  assert(await box.evaluate((el) => el === document.activeElement), "`/` did not focus the search box");
  await box.pressSequentially("mussels", { delay: 30 });
  await page.locator('[data-testid="search-results"][data-query="mussels"][data-fetching="false"]').waitFor();
  await page.getByTestId("search-results").locator("mark").first().waitFor();
  await page.getByTestId("search-results").getByRole("button").first().click();
  await page.getByRole("heading", { name: /Tidepool/i, level: 2 }).waitFor();
  await page.waitForURL(/\/knowledge\/items\//);
  await audit("item");
});

let uploadedItemUrl = null;
await check("an XSS payload in imported content renders inert", async () => {
  await (await searchFor("lighthouse fresnel")).getByRole("button", { name: /Lighthouse/i }).first().click();
  await page.getByRole("heading", { name: /Lighthouse/i, level: 2 }).waitFor();
  uploadedItemUrl = page.url();
  await page.waitForTimeout(500);
  const state = await page.evaluate(() => ({
    xss: window.__xss ?? null,
    scripts: document.querySelectorAll(".prose-kb script").length,
    handlers: document.querySelectorAll(".prose-kb [onerror], .prose-kb [onclick]").length,
    jsLinks: [...document.querySelectorAll(".prose-kb a")].filter((a) => /^javascript:/i.test(a.getAttribute("href") ?? "")).length,
  }));
  assert(state.xss === null && state.scripts === 0 && state.handlers === 0 && state.jsLinks === 0, `not inert: ${JSON.stringify(state)}`);
  // The tidepool page's injected markup too.
  await (await searchFor("sea stars mussels")).getByRole("button", { name: /Tidepool/i }).first().click();
  await page.getByRole("heading", { name: /Tidepool/i, level: 2 }).waitFor();
  await page.waitForTimeout(300);
  assert((await page.evaluate(() => window.__xss ?? null)) === null, "page payload ran");
});

await check("edit with preview, then restore the first version", async () => {
  await page.goto(uploadedItemUrl);
  await page.getByRole("tab", { name: "Edit" }).click();
  const editor = page.locator('textarea[name="content"]');
  const original = await editor.inputValue();
  await editor.fill(`${original}\n\n## Added by the browser test\n\nA **new** paragraph.`);
  await page.getByRole("tab", { name: "Preview" }).click();
  await page.getByTestId("preview").getByRole("heading", { name: "Added by the browser test" }).waitFor();
  await audit("editor");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText(/Saved as version \d+/).waitFor();
  await page.locator(".prose-kb").getByText("Added by the browser test").waitFor();
  await page.getByRole("tab", { name: "History" }).click();
  await page.getByRole("button", { name: "Diff" }).first().click();
  await page.getByTestId("diff").getByText(/Added by the browser test/).waitFor();
  const versions = page.getByRole("button", { name: /^Restore v\d+/ });
  await versions.last().click();
  await page.getByRole("dialog").getByRole("button", { name: "Restore" }).click();
  await page.getByText(/Restored v\d+ as v\d+/).waitFor();
  await page.getByRole("tab", { name: "Read" }).waitFor();
  const text = await page.locator(".prose-kb").first().innerText();
  assert(!text.includes("Added by the browser test"), "restore did not bring back the old text");
});

/** Make an item through the API (its category as given), for the flows that change many. */
async function makeItem(title, main, sub) {
  const made = await api("/knowledge/items", {
    method: "POST",
    body: JSON.stringify({ display_title: title, summary: `${title}: a short summary.`, enhanced_content: `Notes on ${title}.`, main_category: main, sub_category: sub }),
  });
  assert(made.status === 201, `create ${title}: ${made.status} ${JSON.stringify(made.body)}`);
  return made.body;
}

async function itemNow(id) {
  return (await api(`/knowledge/items/${id}`)).body;
}

await check("an item image is shown with its description, and the model that wrote the note", async () => {
  await page.goto(`${BASE}/knowledge`);
  await (await searchFor("sea stars mussels")).getByRole("button", { name: /Tidepool/i }).first().click();
  await page.getByRole("heading", { name: /Tidepool/i, level: 2 }).waitFor();
  const model = await page.getByTestId("item-model").innerText();
  assert(model.trim() && !/person/.test(model), `no model shown: ${model}`);
  const media = page.getByTestId("item-media");
  const img = media.locator("img").first();
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="item-media"] img');
    return el instanceof HTMLImageElement && el.complete && el.naturalWidth > 0;
  });
  assert((await img.getAttribute("loading")) === "lazy", "the image is not lazily loaded");
  const alt = (await img.getAttribute("alt")) ?? "";
  const caption = await media.locator("figcaption").first().innerText();
  assert(caption.trim().length > 0 && alt === caption.trim(), `description not shown: alt=${alt} caption=${caption}`);
  const served = await page.evaluate(async (src) => {
    const r = await fetch(src, { credentials: "same-origin" });
    return { status: r.status, type: r.headers.get("content-type"), nosniff: r.headers.get("x-content-type-options"), csp: r.headers.get("content-security-policy"), etag: r.headers.get("etag") };
  }, await img.getAttribute("src"));
  assert(served.status === 200 && served.type === "image/png" && served.nosniff === "nosniff" && /default-src 'none'/.test(served.csp ?? "") && served.etag, `served as ${JSON.stringify(served)}`);
  await axe("item with an image");
});

await check("grid view shows items as cards side by side, and the choice stays", async () => {
  await page.goto(`${BASE}/knowledge`);
  await page.getByRole("button", { name: "Grid", exact: true }).click();
  const cards = page.getByTestId("item-list").getByTestId("item-card");
  await cards.nth(1).waitFor();
  const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
  assert(a && b && Math.abs(a.y - b.y) < 2 && b.x > a.x + a.width - 2, `cards not in a grid: ${JSON.stringify([a, b])}`);
  await page.reload();
  await page.getByRole("button", { name: "Grid", exact: true, pressed: true }).waitFor();
  await audit("knowledge-grid");
  await page.getByRole("button", { name: "List", exact: true }).click();
  await page.getByRole("button", { name: "List", exact: true, pressed: true }).waitFor();
  const [c, d] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
  assert(c && d && d.y >= c.y + c.height - 2, "list view still shows a grid");
});

await check("bulk select: recategorise, then delete, each confirmed", async () => {
  const one = await makeItem("Sourdough starter feeding", "Bread Baking", "Starters");
  const two = await makeItem("Rye levain hydration", "Bread Baking", "Starters");
  await page.goto(`${BASE}/knowledge?main=bread_baking`); // names are stored as slugs
  for (const title of ["Sourdough starter feeding", "Rye levain hydration"]) await page.getByRole("checkbox", { name: `Select ${title}` }).check();
  const bar = page.getByRole("toolbar", { name: "Selected items" });
  await bar.getByText("2 selected").waitFor();
  await bar.getByRole("button", { name: "Recategorise" }).click();
  const dialog = page.getByRole("dialog", { name: "Recategorise 2 items" });
  await dialog.getByLabel("Main category").fill("Glacier Survey");
  await dialog.getByLabel("Subcategory (optional)").fill("Moraines");
  await audit("bulk-recategorise");
  await dialog.getByRole("button", { name: "Recategorise" }).click();
  await page.getByText("Recategorised 2 items.").waitFor();
  for (const it of [one, two]) {
    const now = await itemNow(it.id);
    assert(now.main_category === "glacier_survey" && now.sub_category === "moraines", `not recategorised: ${JSON.stringify([now.main_category, now.sub_category])}`);
  }
  await page.goto(`${BASE}/knowledge?main=glacier_survey`);
  for (const title of ["Sourdough starter feeding", "Rye levain hydration"]) await page.getByRole("checkbox", { name: `Select ${title}` }).check();
  await bar.getByRole("button", { name: "Delete" }).click();
  // Cancelling deletes nothing.
  await page.getByRole("dialog", { name: "Delete 2 items?" }).getByRole("button", { name: "Cancel" }).click();
  assert((await api(`/knowledge/items/${one.id}`)).status === 200, "cancel deleted the item");
  await bar.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("dialog", { name: "Delete 2 items?" }).getByRole("button", { name: "Delete" }).click();
  await page.getByText("Deleted 2 items.").waitFor();
  for (const it of [one, two]) assert((await api(`/knowledge/items/${it.id}`)).status === 404, "bulk delete left an item");
  await bar.waitFor({ state: "detached" });
});

await check("category rename, merge and move, each confirmed", async () => {
  const hives = await makeItem("Hive inspection checklist", "Beekeeping", "Hives");
  const swarm = await makeItem("Catching a swarm", "Beekeeping", "Swarms");
  const hood = await makeItem("Hood fitting for kestrels", "Falconry", "Hoods");
  await page.goto(`${BASE}/knowledge`);
  const tree = page.getByRole("navigation", { name: "Categories" });
  await tree.getByPlaceholder("Filter categories").fill("beekeeping");
  const act = async (label, action) => {
    await tree.getByRole("button", { name: `Actions for ${label}` }).click();
    await page.getByRole("menuitem", { name: action }).click();
    return page.getByRole("dialog");
  };
  // Rename: cancelling changes nothing; confirming renames the subcategory and its items.
  let dialog = await act("beekeeping / hives", "Rename…");
  await dialog.getByLabel("New name").fill("Apiaries");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert((await itemNow(hives.id)).sub_category === "hives", "cancelled rename changed the item");
  dialog = await act("beekeeping / hives", "Rename…");
  await dialog.getByLabel("New name").fill("Apiaries");
  await audit("category-rename");
  await dialog.getByRole("button", { name: "Rename" }).click();
  await page.getByText(/Renamed: 1 item updated/).waitFor();
  await tree.getByRole("button", { name: /^apiaries \(1\)/ }).waitFor();
  assert((await itemNow(hives.id)).sub_category === "apiaries", "rename did not reach the item");
  // Merge Apiaries into Swarms.
  dialog = await act("beekeeping / apiaries", "Merge into…");
  await dialog.getByLabel(/Merge every item of/).selectOption("beekeeping / swarms");
  await dialog.getByRole("button", { name: "Merge" }).click();
  await page.getByText(/Merged: 1 item updated/).waitFor();
  await tree.getByRole("button", { name: /^swarms \(2\)/ }).waitFor();
  assert((await itemNow(hives.id)).sub_category === "swarms", "merge did not reach the item");
  // Move Swarms under Falconry.
  dialog = await act("beekeeping / swarms", "Move under…");
  await dialog.getByLabel("New main category").fill("falconry");
  await dialog.getByRole("button", { name: "Move" }).click();
  await page.getByText(/Moved: 2 items updated/).waitFor();
  for (const it of [hives, swarm]) {
    const now = await itemNow(it.id);
    assert(now.main_category === "falconry" && now.sub_category === "swarms", `move: ${JSON.stringify([now.main_category, now.sub_category])}`);
  }
  await tree.getByPlaceholder("Filter categories").fill("falconry");
  await tree.getByRole("button", { name: /^swarms \(2\)/ }).waitFor();
  for (const it of [hives, swarm, hood]) await api(`/knowledge/items/${it.id}`, { method: "DELETE" });
});

await check("a backend error is shown readably with its request id", async () => {
  await page.goto(`${BASE}/knowledge/items/no-such-item-0000`);
  const alert = page.getByRole("alert").first();
  await alert.waitFor();
  const text = await alert.innerText();
  assert(/not found|no knowledge item|does not exist|no such/i.test(text), `error text: ${text}`);
  assert(/Request id: [0-9a-f]{8,}/i.test(text), `no request id: ${text}`);
  assert(!/\{|error_code/.test(text), `raw envelope shown: ${text}`);
});

await check("chat: a streamed answer with a citation that opens the item beside it", async () => {
  await page.goto(`${BASE}/chat`);
  await page.getByRole("button", { name: "New chat" }).click();
  await page.waitForURL(/\/chat\/[^/]+$/);
  await page.getByLabel("Your question").fill("What do ochre sea stars eat in tidepools?");
  await page.keyboard.press("Enter");
  await page.getByTestId("streaming-answer").waitFor();
  await page.getByTestId("streaming-answer").waitFor({ state: "detached", timeout: 60_000 });
  const answer = page.locator('[data-role="assistant"]').last();
  assert((await answer.getAttribute("data-status")) === "complete", "answer not complete");
  const cite = answer.locator('a[href^="#cite-"]').first();
  await cite.waitFor();
  await cite.click();
  const panel = page.getByRole("complementary", { name: /^Source \d+/ });
  await panel.waitFor();
  await panel.getByRole("link", { name: "Open in knowledge base" }).waitFor();
  await audit("chat");
  await panel.getByRole("button", { name: "Close source" }).click();
});

await check("chat: cancel a stream", async () => {
  await page.getByLabel("Your question").fill("Which predators eat mussels in rocky tidepools?");
  await page.keyboard.press("Enter");
  await page.getByTestId("streaming-answer").locator(".prose-kb").waitFor();
  await page.getByRole("button", { name: "Stop" }).click();
  await page.getByTestId("streaming-answer").waitFor({ state: "detached", timeout: 30_000 });
  const last = page.locator('[data-role="assistant"]').last();
  assert((await last.getAttribute("data-status")) === "cancelled", `status ${await last.getAttribute("data-status")}`);
  await last.getByText("Cancelled.").waitFor();
});

await check("chat: a question the knowledge base does not cover says so", async () => {
  await page.getByLabel("Your question").fill("zzqx vorpal flibbertigibbet quantum marmalade?");
  await page.keyboard.press("Enter");
  await page.getByTestId("streaming-answer").waitFor({ state: "detached", timeout: 60_000 });
  await page.getByTestId("not-in-kb").last().waitFor();
});

await check("the 360 px phone layout", async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const path of ["/knowledge", "/sources", "/chat", "/dashboard", "/monitoring", "/settings"]) {
    await page.goto(`${BASE}${path}`);
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `${path} overflows the phone screen by ${overflow}px`);
    // Inside a page's own scrolling region too: no card reaches past the screen's edge.
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll("main section, main form, main fieldset")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}#${el.getAttribute("aria-labelledby") ?? ""} ${Math.round(el.getBoundingClientRect().right)}px`),
    );
    assert(wide.length === 0, `${path}: wider than the phone screen: ${wide.join(", ")}`);
  }
  // Every page stays reachable on a phone: the menu button opens them all, Settings included.
  await page.goto(`${BASE}/dashboard`);
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.getByRole("button", { name: "Menu: Dashboard" }).click();
  await nav.getByRole("link", { name: "Monitoring" }).waitFor();
  await nav.getByRole("link", { name: "Settings" }).click();
  await page.waitForURL(/\/settings$/);
  await nav.getByRole("button", { name: "Menu: Settings" }).waitFor();
  assert(!(await nav.getByRole("link", { name: "Settings" }).isVisible()), "the phone menu stays open after a pick");
  await page.goto(`${BASE}/knowledge`);
  await page.getByRole("button", { name: "Categories" }).click();
  await page.getByRole("navigation", { name: "Categories" }).waitFor();
  await page.getByRole("button", { name: "Close" }).click();
  await page.getByTestId("item-list").locator("button").first().click();
  await page.getByRole("heading", { level: 2 }).first().waitFor();
  await page.setViewportSize({ width: 1280, height: 800 });
});

await check("item pipeline: each phase with its model and output, and one phase redone", async () => {
  await page.goto(`${BASE}/knowledge`);
  await page.getByTestId("item-list").getByText(/Tidepool/i).first().click();
  await page.getByRole("tab", { name: "Pipeline" }).click();
  const generate = page.locator('[data-testid="item-pipeline"] li[data-phase="generate"][data-state="done"]');
  await generate.waitFor();
  const text = await page.getByTestId("item-pipeline").innerText();
  assert(/characters/.test(text) && /kb_generation/.test(text), `pipeline view: ${text}`);
  await audit("item-pipeline");
  await page.getByRole("button", { name: "Redo generate for this item" }).click();
  await page.getByText(/Redoing generate, embed for this item/).waitFor();
  await waitForRunsToFinish();
  await generate.waitFor();
});

await check("dashboard: the finished run's phases and log, then a run started with options followed to its end", async () => {
  await page.goto(`${BASE}/dashboard`);
  const detail = page.getByTestId("run-detail");
  await detail.waitFor();
  const phases = await detail.getByRole("list", { name: "Phases" }).innerText();
  assert(/generate/.test(phases) && /embed/.test(phases), `phases: ${phases}`);
  await detail.getByRole("list", { name: "Run log" }).getByText(/run_end/).first().waitFor();
  const before = await page.getByRole("list", { name: "Recent runs" }).getByRole("listitem").count();
  await page.getByLabel("Run mode").selectOption("embeddings_only");
  await page.getByRole("button", { name: "Run options" }).click();
  await page.getByLabel("Skip git").check();
  await page.getByRole("button", { name: "Start run" }).click();
  await page.getByRole("list", { name: "Recent runs" }).getByRole("listitem").nth(before).waitFor();
  await page.locator('[data-testid="run-detail"][data-status="completed"]').waitFor({ timeout: 120_000 });
  const runs = await api("/agent/history?limit=1");
  assert(runs.body.items[0].config.mode === "embeddings_only", `newest run: ${JSON.stringify(runs.body.items[0].config)}`);
  await audit("dashboard");
});

await check("dashboard: pause a running run, it stays paused, then resume it to its end", async () => {
  await model({ delay: 0.5 }); // a slow model: the run is still going when Pause is pressed
  try {
    for (let i = 1; i <= 5; i += 1) await addContent(`Pausing test ${i}`);
    await page.goto(`${BASE}/dashboard`);
    await page.getByRole("button", { name: "Start run" }).click();
    const detail = page.getByTestId("run-detail");
    // Every state below arrives over the WebSocket: the page does not poll.
    await page.locator('[data-testid="run-detail"][data-status="running"]').waitFor({ timeout: 30_000 });
    await detail.getByRole("button", { name: "Pause" }).click();
    await page.locator('[data-testid="run-detail"][data-status="paused"]').waitFor();
    await detail.getByRole("list", { name: "Run log" }).getByText(/run_paused/).first().waitFor();
    const id = (await api("/agent/history?limit=1")).body.items[0].id;
    // Pausing lets the items in flight finish (their model calls answer within a second) and
    // starts no other: once the model has been quiet for 1.5 s, it stays quiet and nothing
    // more is done. A run that went on would call the slow model at least every 0.5 s.
    const done = (r) => r.phases.reduce((n, p) => n + p.done + p.failed + p.skipped, 0);
    let calls = (await model({})).received;
    for (let quiet = 0, waited = 0; quiet < 3; waited += 1) {
      assert(waited < 60, "the model was never quiet after the pause: the run went on");
      await page.waitForTimeout(500);
      const now = (await model({})).received;
      quiet = now === calls ? quiet + 1 : 0;
      calls = now;
    }
    const paused = (await api(`/agent/status/${id}`)).body;
    await page.waitForTimeout(3000);
    const later = (await api(`/agent/status/${id}`)).body;
    assert(later.status === "paused", `not paused: ${later.status}`);
    assert((await model({})).received === calls, "the paused run called the model again");
    assert(done(later) === done(paused), `a paused run went on: ${done(paused)} -> ${done(later)}`);
    assert(later.phases.some((p) => p.state !== "finished"), "the run finished while paused");
    await model({ delay: 0 });
    await detail.getByRole("button", { name: "Resume" }).click();
    await page.locator('[data-testid="run-detail"][data-status="completed"]').waitFor({ timeout: 120_000 });
    await detail.getByRole("list", { name: "Run log" }).getByText(/run_resumed/).first().waitFor();
  } finally {
    await model({ delay: 0 });
    // A failure above must not leave a paused run that blocks the next flows' runs.
    const last = (await api("/agent/history?limit=1")).body.items[0];
    if (last && ["pending", "running", "paused"].includes(last.status)) await api(`/agent/stop/${last.id}`, { method: "POST" });
  }
});

await check("dashboard: a failed item shows its reason, and its phase is retried", async () => {
  let itemId;
  await model({ down: true });
  try {
    itemId = await addContent("Failing item while the model is down");
    await page.goto(`${BASE}/dashboard`);
    await page.getByRole("button", { name: "Start run" }).click();
    await page.locator('[data-testid="run-detail"][data-status="completed_with_failures"]').waitFor({ timeout: 120_000 });
  } finally {
    await model({ down: false });
  }
  await page.getByRole("heading", { name: /failed items?$/ }).waitFor();
  const reasons = await page.getByRole("list", { name: "Failure reasons" }).innerText();
  assert(/categorise/.test(reasons), `reasons: ${reasons}`);
  const view = (await api(`/agent/items/${itemId}/pipeline`)).body;
  assert(view.phases.find((p) => p.name === "categorise").state === "failed", `pipeline: ${JSON.stringify(view.phases)}`);
  await audit("dashboard-failures");
  // The failed item opens its pipeline, where the failed phase shows with its error.
  await page.getByRole("list", { name: "Failed items" }).locator(`li[data-item="${itemId}"] a`).first().click();
  await page.waitForURL(new RegExp(`/knowledge/pipeline/${itemId}$`));
  await page.locator('[data-testid="item-pipeline"] li[data-phase="categorise"][data-state="failed"]').waitFor();
  await page.goBack();
  await page.getByRole("button", { name: "Retry categorise (1)" }).click();
  await page.getByText("Retrying 1 item in categorise.").waitFor();
  await waitForRunsToFinish();
  const after = (await api(`/agent/items/${itemId}/pipeline`)).body;
  const states = Object.fromEntries(after.phases.map((p) => [p.name, p.state]));
  assert(states.categorise === "done", `after the retry: ${JSON.stringify(states)}`);
});

await check("schedules: the cron in words with its next runs, then added and turned off", async () => {
  await page.goto(`${BASE}/dashboard`);
  await page.getByRole("button", { name: "New schedule" }).click();
  const cron = page.getByLabel(/When \(cron/);
  await cron.fill("not a cron");
  await page.getByText(/is not a cron expression/).waitFor();
  await cron.fill("30 4 * * 1-5");
  await page.getByTestId("cron-preview").getByText("At 04:30, on Monday to Friday").waitFor();
  await page.getByLabel("Name").fill("Weekday mornings");
  await page.getByRole("button", { name: "Add schedule" }).click();
  const row = page.locator('[data-schedule="Weekday mornings"]');
  await row.getByText(/next /).waitFor();
  await row.getByRole("button", { name: "Turn off" }).click();
  await row.getByText("(off)").waitFor();
  await audit("schedules");
});

await check("monitoring: every part's health, the machine and the model calls", async () => {
  await page.goto(`${BASE}/monitoring`);
  await page.getByTestId("overall-health").waitFor();
  const parts = await page.getByRole("list", { name: "Parts" }).innerText();
  assert(/database/.test(parts), `parts: ${parts}`);
  await page.getByText(/^CPU \(/).waitFor();
  await page.getByRole("heading", { name: "Model calls", exact: true }).waitFor();
  // The charts: this host's samples (every few seconds here) and the model calls of the runs
  // and chats above, with their figures as tables for screen readers.
  await page.locator('figure[data-chart="CPU, memory and disk"] path[d^="M"]').first().waitFor({ state: "attached", timeout: 30_000 });
  await page.locator('figure[data-chart="Tokens (prompt + completion)"] path[d^="M"]').first().waitFor({ state: "attached" });
  const tokens = await page.getByRole("table", { name: "Tokens (prompt + completion)" }).getByRole("columnheader").allInnerTexts();
  assert(tokens.some((h) => /openai:writer/.test(h)), `token series: ${tokens}`);
  await page.getByRole("group", { name: "Chart window" }).getByRole("button", { name: "24h" }).click();
  await page.getByText(/15 min buckets/).waitFor();
  await page.getByRole("group", { name: "Chart window" }).getByRole("button", { name: "1h" }).click();
  await page.getByText(/1 min buckets/).waitFor();
  await audit("monitoring");
});

await check("settings: an admin changes a setting, it is kept, and a backend's connection is tested", async () => {
  await page.goto(`${BASE}/settings`);
  const field = page.getByLabel("Minimum items per synthesis");
  await field.fill("2");
  await page.getByRole("button", { name: "Save 1 change" }).click();
  await page.getByText(/Settings saved/).waitFor();
  await page.reload();
  await page.locator('[data-setting="synthesis_min_items"][data-source="database"]').waitFor();
  assert((await page.getByLabel("Minimum items per synthesis").inputValue()) === "2", "the saved value is not shown after a reload");
  await page.getByRole("button", { name: "Test OpenAI-compatible connection" }).click();
  await page.locator('[data-testid="connection-openai"][data-status="ok"]').waitFor();
  await audit("settings");
});

await check("settings: the chat model picked from the reported models writes the next answer", async () => {
  await page.goto(`${BASE}/settings`);
  const pick = page.getByRole("combobox", { name: "Chat model: pick a reported model" });
  await pick.locator('option[value="openai:writer-vision"]').waitFor({ state: "attached" });
  assert((await pick.inputValue()) === "openai:writer", `chat model before: ${await pick.inputValue()}`);
  await page.getByRole("group", { name: "Models per phase" }).scrollIntoViewIfNeeded();
  await audit("settings-models");
  await pick.selectOption("openai:writer-vision");
  assert((await page.getByLabel("Chat model", { exact: true }).inputValue()).startsWith("openai:writer-vision"), "the chain does not start with the pick");
  await page.getByRole("button", { name: "Save 1 change" }).click();
  await page.getByText(/Settings saved/).waitFor();
  try {
    await page.goto(`${BASE}/chat`);
    await page.getByRole("button", { name: "New chat" }).click();
    await page.waitForURL(/\/chat\/[^/]+$/);
    await page.getByLabel("Your question").fill("What do hermit crabs do with their shells?");
    await page.keyboard.press("Enter");
    await page.getByTestId("streaming-answer").waitFor();
    await page.getByTestId("streaming-answer").waitFor({ state: "detached", timeout: 60_000 });
    const used = await page.locator('[data-role="assistant"]').last().getByTestId("answer-model").innerText();
    assert(used.trim() === "openai:writer-vision", `the answer was written by ${used}`);
  } finally {
    const reset = await api("/settings", { method: "PUT", body: JSON.stringify({ reset: ["model_chat"] }) });
    assert(reset.status === 200, `reset: ${reset.status}`);
  }
});

await check("account: an API key shown once works until revoked; an admin adds and removes a user", async () => {
  await page.goto(`${BASE}/knowledge`);
  await page.getByRole("button", { name: /^Account: / }).click();
  await page.getByRole("menuitem", { name: "Account" }).click();
  await page.waitForURL(/\/account$/);
  await page.getByLabel("Key name").fill("e2e script");
  await page.getByLabel("Key role").selectOption("viewer");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-key");
  await shown.getByText(/you will not see it again/).waitFor();
  const secret = await shown.getByLabel("Secret of the new key").inputValue();
  const asKey = () =>
    page.evaluate(async (key) => {
      const response = await fetch("/api/v1/auth/me", { headers: { Authorization: `Bearer ${key}` } });
      return { status: response.status, body: await response.json().catch(() => null) };
    }, secret);
  const me = await asKey();
  assert(me.status === 200 && me.body?.username === USER, `the new key on /auth/me: ${JSON.stringify(me)}`);
  await audit("account");
  await shown.getByRole("button", { name: "Done" }).click();
  await shown.waitFor({ state: "detached" });
  const row = page.locator('[data-key="e2e script"]');
  await page.getByRole("button", { name: "Revoke e2e script" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await page.locator('[data-key="e2e script"][data-revoked="true"]').waitFor();
  const text = await row.innerText();
  assert(!/last used never/.test(text), `the key's use is not shown: ${text}`);
  const after = await asKey();
  assert(after.status === 401, `a revoked key still works: ${JSON.stringify(after)}`);

  await page.goto(`${BASE}/settings`);
  await page.getByRole("tab", { name: "Users" }).click();
  await page.waitForURL(/\/settings\?tab=users$/);
  const users = page.getByRole("list", { name: "Users" });
  await users.waitFor();
  await page.getByLabel("Username").fill("e2e-temp");
  await page.getByLabel("Password", { exact: true }).fill("temporary-pass-1");
  await page.getByLabel("Role", { exact: true }).selectOption("editor");
  await page.getByRole("button", { name: "Create user" }).click();
  // A page locator, not one inside the list: an open dialog hides the list from the a11y tree.
  const temp = page.locator('[data-user="e2e-temp"]');
  await temp.waitFor();
  assert((await temp.getByLabel("Role of e2e-temp").inputValue()) === "editor", "the new user's role");
  await audit("settings-users");
  await page.getByRole("button", { name: "Delete e2e-temp" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete user" }).click();
  await temp.waitFor({ state: "detached" });
  const listed = await api("/users");
  assert(!listed.body.some((u) => u.username === "e2e-temp"), `still listed: ${JSON.stringify(listed.body)}`);
});

await check("monitoring: the run log filtered by text, its export link, and the run history", async () => {
  await page.goto(`${BASE}/monitoring`);
  const earlier = (await api("/agent/history?limit=20")).body.items.filter((r) => r.completed_at && r.started_at);
  assert(earlier.length >= 2, `earlier runs: ${earlier.length}`);
  const events = page.getByRole("list", { name: "Log events" });
  await events.getByRole("listitem").first().waitFor();
  await page.getByRole("searchbox", { name: "Text" }).fill("run_end");
  // Debounced: wait until every event listed is a run's end.
  await page.waitForFunction(() => {
    const items = [...document.querySelectorAll('[aria-label="Log events"] li')];
    return items.length > 0 && items.every((li) => li.getAttribute("data-type") === "run_end");
  });
  const shown = await events.getByRole("listitem").count();
  assert(shown >= 1, "no run_end event shown");
  const href = await page.getByRole("link", { name: "Export JSON lines" }).getAttribute("href");
  assert(new URL(href, BASE).searchParams.get("q") === "run_end", `export href: ${href}`);
  const exported = await page.evaluate(async (url) => (await fetch(url)).text(), href);
  const lines = exported.trim().split("\n").map((line) => JSON.parse(line));
  assert(lines.length === shown && lines.every((e) => e.type === "run_end"), `export: ${exported.slice(0, 300)}`);

  const history = page.getByRole("table", { name: "Runs" });
  await history.waitFor();
  for (const run of earlier) {
    const duration = await history.locator(`tr[data-run="${run.id}"] [data-testid="run-duration"]`).innerText();
    assert(/^\d+ (s|min|h)/.test(duration), `run ${run.id} duration: ${duration}`);
  }
  await page.getByRole("heading", { name: "Run log" }).scrollIntoViewIfNeeded();
  await audit("monitoring-logs");
});

await check("keyboard shortcuts g c / g k", async () => {
  await page.goto(`${BASE}/knowledge`);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
  await page.keyboard.press("g");
  await page.keyboard.press("c");
  await page.waitForURL(/\/chat/);
  await page.keyboard.press("g");
  await page.keyboard.press("k");
  await page.waitForURL(/\/knowledge/);
});

await check("sign out, and a signed-out visit goes to login", async () => {
  await page.goto(`${BASE}/chat`);
  await page.getByRole("button", { name: /^Account: / }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await page.waitForURL(/\/login$/);
  await page.goto(`${BASE}/sources`);
  await page.waitForURL(/\/login\?next=%2Fsources$/);
});

await check("no uncaught page errors", async () => {
  assert(pageErrors.length === 0, pageErrors.join("\n"));
});

await context.close();
rmSync(profile, { recursive: true, force: true });
rmSync(uploadDir, { recursive: true, force: true });
writeFileSync(join(ARTIFACTS, "axe.json"), JSON.stringify(axeFindings, null, 1));
const failed = results.filter((r) => !r.ok).length;
console.log(`axe: ${axeFindings.length} serious or critical violations`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
