// Opens every HTML page under a folder in Debian's Chromium and checks, in a real browser:
//
//   1. accessibility: axe-core with the WCAG 2.0/2.1 A and AA rules (wcag2a, wcag2aa,
//      wcag21a, wcag21aa), zero violations; plus reflow at 320 CSS px (WCAG 1.4.10);
//   2. scanned content never runs: no dialog opens, the `window.__pwned` probe stays unset,
//      no Content-Security-Policy violation fires, no page error is thrown, and the DOM holds
//      no script, event-handler attribute, javascript: URL or embedded element we did not
//      write;
//   3. nothing leaves the machine: every request that is not file:// is blocked and fails
//      the run;
//   4. the index's sort buttons and type/tag filters work (and stay accessible after use);
//
// and writes a full-page PNG screenshot of each page (the index also at 320 px wide).
//
//   node check.mjs PAGES_DIR SCREENSHOT_DIR [--expect-text TEXT]...
//
// --expect-text: this text must show as visible text on at least one page (proof that the
// hostile input really reached the pages, as text). Before the real pages a canary page with
// a live payload and known violations runs, so a broken probe cannot pass silently.
// Exit codes: 0 all pass, 1 a page fails, 2 usage or no browser, 3 the canary failed.
// PASTOE_CHROMIUM overrides /usr/bin/chromium; PASTOE_BROWSER_JOBS the pages checked at once.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
const CHROMIUM = process.env.PASTOE_CHROMIUM || "/usr/bin/chromium";
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const SCRIPTS_WE_WRITE = ["site.js"];
const JOBS = Math.max(1, Number(process.env.PASTOE_BROWSER_JOBS) || Math.min(2, availableParallelism()));
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 320, height: 800 };

function usage(message) {
  console.error(`check.mjs: ${message}\nusage: node check.mjs PAGES_DIR SCREENSHOT_DIR [--expect-text TEXT]...`);
  process.exit(2);
}

const positional = [];
const expectTexts = [];
{
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--expect-text") {
      if (i + 1 >= args.length) usage("--expect-text needs a value");
      expectTexts.push(args[++i]);
    } else positional.push(args[i]);
  }
}
if (positional.length !== 2) usage("need PAGES_DIR and SCREENSHOT_DIR");
const pagesDir = resolve(positional[0]);
const shotsDir = resolve(positional[1]);
try {
  if (!statSync(pagesDir).isDirectory()) usage(`${pagesDir} is not a folder`);
} catch {
  usage(`${pagesDir} does not exist`);
}
mkdirSync(shotsDir, { recursive: true });

function htmlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...htmlFiles(path));
    else if (entry.name.endsWith(".html")) out.push(path);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------
// In the page

// Runs before any of the page's own code: the probes a payload would trip.
function installProbes() {
  let pwned;
  window.__pastoeProbe = { pwned: [], csp: [] };
  Object.defineProperty(window, "__pwned", {
    configurable: false,
    get() { return pwned; },
    set(value) { pwned = value; window.__pastoeProbe.pwned.push(String(value)); },
  });
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__pastoeProbe.csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline code"} (${e.sourceFile || "page"}:${e.lineNumber || 0})`);
  }, true);
}

// Markup that only an injection could have produced.
function foreignMarkup(ours) {
  const found = [];
  for (const s of document.querySelectorAll("script")) {
    const src = s.getAttribute("src") || "";
    if (!ours.some((name) => src === name || src.endsWith("/" + name))) found.push(`<script src="${src}">${s.textContent.slice(0, 80)}`);
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.push(`<${el.localName} ${name}="${attr.value.slice(0, 80)}">`);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(name) && /^\s*(javascript|data|vbscript):/i.test(attr.value)) {
        found.push(`<${el.localName} ${name}="${attr.value.slice(0, 80)}">`);
      }
    }
  }
  for (const el of document.querySelectorAll("iframe, frame, object, embed, img, svg, math, base, template, meta[http-equiv='refresh'], form[action]")) {
    found.push(`<${el.localName}> element`);
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// The browser

const userDataDir = mkdtempSync(join(tmpdir(), "pastoe-chromium-"));
const started = Date.now();
// One persistent context on a fresh, empty profile in a temp dir; each page opens in its
// own tab with its own probes and request filter.
let browser;
try {
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    serviceWorkers: "block",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
} catch (e) {
  rmSync(userDataDir, { recursive: true, force: true });
  console.error(`check.mjs: cannot start ${CHROMIUM}: ${e.message}\n(scripts/test installs Debian's chromium)`);
  process.exit(2);
}
const browserVersion = browser.browser()?.version() ?? "?";

async function finish(code) {
  await browser.close().catch(() => {});
  rmSync(userDataDir, { recursive: true, force: true });
  process.exit(code);
}

// Open one page with every probe armed.
async function open(file) {
  const page = await browser.newPage();
  const events = { dialogs: [], blocked: [], errors: [], console: [] };
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    events.blocked.push(url);
    return route.abort("blockedbyclient");
  });
  await page.addInitScript(installProbes);
  page.on("dialog", (dialog) => {
    events.dialogs.push(`${dialog.type()}(${JSON.stringify(dialog.message())})`);
    dialog.dismiss().catch(() => {});
  });
  page.on("pageerror", (error) => events.errors.push(error.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") events.console.push(msg.text());
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  // Give error handlers of broken images and timers a moment to fire.
  await page.waitForTimeout(150);
  return { page, events };
}

async function injectionProblems(page, events) {
  const probe = await page.evaluate(() => window.__pastoeProbe);
  const problems = [];
  for (const d of events.dialogs) problems.push(`a dialog opened: ${d}`);
  for (const p of probe.pwned) problems.push(`window.__pwned was set to ${p}`);
  for (const c of probe.csp) problems.push(`Content-Security-Policy violation: ${c}`);
  for (const e of events.errors) problems.push(`page error: ${e}`);
  for (const c of events.console) problems.push(`console error: ${c}`);
  for (const u of events.blocked) problems.push(`request to ${u} (blocked: nothing may leave the machine)`);
  for (const m of await page.evaluate(foreignMarkup, SCRIPTS_WE_WRITE)) problems.push(`markup we did not write: ${m}`);
  return problems;
}

// axe-core is evaluated through the DevTools protocol, which the page's CSP does not block.
async function axe(page, tags = WCAG_TAGS) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    // preload: false, as axe would fetch the style sheets with XHR, which file:// forbids.
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: tags },
      resultTypes: ["violations"],
      preload: false,
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  }, tags);
}

function violationLines(violations) {
  const lines = [];
  for (const v of violations) {
    for (const n of v.nodes) {
      lines.push(`axe ${v.id} [${v.impact}] ${n.target} — ${v.help}\n      ${(n.summary || "").replace(/\n/g, "\n      ")}`);
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------------
// The canary: a live payload and known violations, which the checks must see.
{
  const dir = mkdtempSync(join(tmpdir(), "pastoe-canary-"));
  const file = join(dir, "canary.html");
  writeFileSync(file, `<!DOCTYPE html><html><head><title>canary</title></head><body>
<img src=x onerror="window.__pwned=1;alert(1)"><p style="color:#bbb">low contrast</p></body></html>`);
  const { page, events } = await open(file);
  await page.waitForFunction(() => window.__pastoeProbe.pwned.length > 0, null, { timeout: 5000 }).catch(() => {});
  const problems = await injectionProblems(page, events);
  const ids = (await axe(page)).map((v) => v.id);
  await page.close();
  rmSync(dir, { recursive: true, force: true });
  const broken = [
    [events.dialogs.length > 0, "the dialog listener did not see alert()"],
    [problems.some((p) => p.includes("__pwned")), "the window.__pwned probe did not trip"],
    [problems.some((p) => p.includes("onerror")), "the markup check missed an onerror attribute"],
    [["html-has-lang", "image-alt", "color-contrast"].every((id) => ids.includes(id)), `axe missed known violations (saw ${ids.join(", ")})`],
  ].filter(([ok]) => !ok).map(([, why]) => why);
  if (broken.length) {
    console.error(`check.mjs: the canary page shows the checks are broken:\n  ${broken.join("\n  ")}`);
    await finish(3);
  }
  console.log(`Chromium ${browserVersion}, axe-core ${AXE_VERSION} (${WCAG_TAGS.join(", ")}), ${JOBS} page(s) at once`);
  console.log("canary: a live payload trips the dialog, __pwned and markup probes; axe finds known violations");
}

// ---------------------------------------------------------------------------------------
// The index's own script: sorting and filtering.
async function checkIndexScript(page, report, log) {
  let failed = 0;
  const fail = (message) => { failed++; report(message); };
  const rowCount = await page.locator("#organisations tbody tr").count();
  if (rowCount < 2) return fail(`the index needs at least two organisations to test sorting (has ${rowCount})`);

  const rows = (i) =>
    page.$$eval("#organisations tbody tr", (trs, i) => trs.map((tr) => ({
      text: tr.cells[i].textContent.trim().toLowerCase(),
      value: tr.cells[i].getAttribute("data-value"),
      hidden: tr.hidden || getComputedStyle(tr).display === "none",
      type: tr.getAttribute("data-type"),
      tags: (tr.getAttribute("data-tags") || "").split(" ").filter(Boolean),
    })), i);
  const ariaSort = () => page.$$eval("#organisations thead th", (ths) => ths.map((th) => th.getAttribute("aria-sort")));
  const header = (i) => page.locator("#organisations thead th").nth(i).locator("button");
  const inOrder = (xs, cmp) => xs.every((x, i) => i === 0 || cmp(xs[i - 1], x) <= 0);
  // Text order as the page's language has it (the page sorts with the same collation).
  const collator = new Intl.Collator(await page.evaluate(() => document.documentElement.lang));
  const byText = (a, b) => collator.compare(a, b);
  const others = (sorts, i) => sorts.filter((s, j) => j !== i && s && s !== "none");

  // Sort by name: ascending, then descending; aria-sort on that header cell only.
  await header(0).click();
  let names = (await rows(0)).map((r) => r.text);
  let sorts = await ariaSort();
  if (!inOrder(names, byText)) fail(`sorting by organisation (ascending) gave ${JSON.stringify(names)}`);
  if (sorts[0] !== "ascending") fail(`after one click the organisation header has aria-sort=${sorts[0]}`);
  if (others(sorts, 0).length) fail(`other headers keep aria-sort: ${JSON.stringify(sorts)}`);
  await header(0).click();
  names = (await rows(0)).map((r) => r.text);
  sorts = await ariaSort();
  if (!inOrder([...names].reverse(), byText)) fail(`sorting by organisation (descending) gave ${JSON.stringify(names)}`);
  if (sorts[0] !== "descending") fail(`after two clicks the organisation header has aria-sort=${sorts[0]}`);

  // Sort by score: numeric, by data-value, ascending on the first click.
  await header(2).click();
  const scores = (await rows(2)).map((r) => Number(r.value));
  sorts = await ariaSort();
  if (!inOrder(scores, (a, b) => a - b)) fail(`sorting by score gave ${JSON.stringify(scores)}`);
  if (sorts[2] !== "ascending" || others(sorts, 2).length) fail(`after sorting by score aria-sort is ${JSON.stringify(sorts)}`);

  // Keyboard: the header buttons take focus and sort with Enter.
  await header(0).focus();
  await page.keyboard.press("Enter");
  if ((await ariaSort())[0] !== "ascending") fail("Enter on the organisation header does not sort");

  // The type filter: each choice shows exactly the rows of that type, and says so.
  const typeSelect = page.locator("select#f-type");
  const status = page.locator("#organisations-status");
  const types = await typeSelect.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  if (types.length < 2) fail(`the type filter offers ${types.length} type(s); the test needs two`);
  for (const type of types) {
    await typeSelect.selectOption(type);
    const state = await rows(0);
    const wrong = state.filter((r) => r.hidden === (r.type === type));
    if (wrong.length) fail(`type filter ${type}: rows ${JSON.stringify(wrong)} have the wrong visibility`);
    const visible = state.filter((r) => !r.hidden).length;
    if (visible === 0) fail(`type filter ${type} hides every row`);
    if ((await status.count()) && !(await status.textContent()).includes(String(visible))) {
      fail(`the status line says ${JSON.stringify(await status.textContent())} while ${visible} rows show`);
    }
  }
  // The tag filter, alone.
  const tagSelect = page.locator("select#f-tag");
  await typeSelect.selectOption("");
  if ((await tagSelect.count()) > 0) {
    const tags = await tagSelect.locator("option").evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    for (const tag of tags) {
      await tagSelect.selectOption(tag);
      const wrong = (await rows(0)).filter((r) => r.hidden === r.tags.includes(tag));
      if (wrong.length) fail(`tag filter ${JSON.stringify(tag)}: rows ${JSON.stringify(wrong)} have the wrong visibility`);
    }
    await tagSelect.selectOption("");
  }
  const hidden = (await rows(0)).filter((r) => r.hidden);
  if (hidden.length) fail(`with every filter on "all", rows stay hidden: ${JSON.stringify(hidden)}`);
  // Leave one filter on for the accessibility check after use.
  await typeSelect.selectOption(types[0]);
  if (!failed) log("sorting (name ↑↓, score, Enter) and the type and tag filters work");
}

// ---------------------------------------------------------------------------------------
// One page
const seenTexts = new Set();

async function checkPage(file) {
  const name = relative(pagesDir, file).split(sep).join("/");
  const problems = [];
  const notes = [];
  const fail = (message) => problems.push(message);
  const t0 = Date.now();
  const shot = join(shotsDir, name.replace(/\//g, "__").replace(/\.html$/, ".png"));
  let page;
  let axeCount = 0;
  try {
    const opened = await open(file);
    page = opened.page;
    await page.screenshot({ path: shot, fullPage: true });

    const text = await page.evaluate(() => document.body.innerText);
    for (const t of expectTexts) if (text.includes(t)) seenTexts.add(t);

    // Open every <details> so axe checks the evidence too.
    await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
    const violations = await axe(page);
    axeCount = violations.length;
    for (const line of violationLines(violations)) fail(line);
    // axe's best practices (landmarks, heading order, …) are not WCAG criteria: shown, not failed.
    for (const line of violationLines(await axe(page, ["best-practice"]))) notes.push(`note: best practice ${line.replace(/\n[\s\S]*/, "")}`);

    const isIndex = (await page.locator("table#organisations").count()) > 0;
    if (isIndex) {
      await checkIndexScript(page, fail, (m) => notes.push(m));
      // Sorted and filtered (aria-sort set, rows hidden), the table must still pass.
      for (const line of violationLines(await axe(page))) fail(`after sorting and filtering: ${line}`);
    }

    // 320 CSS px wide (WCAG 1.4.10 reflow): only tables may scroll sideways, in their own box.
    await page.setViewportSize(NARROW);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 1) fail(`at 320 px wide the page scrolls sideways by ${overflow} px (WCAG 1.4.10 reflow)`);
    if (isIndex || name.endsWith("explanations.html")) {
      if (isIndex) await page.locator("select#f-type").selectOption("");
      await page.screenshot({ path: shot.replace(/\.png$/, ".narrow.png"), fullPage: true });
    }

    for (const p of await injectionProblems(page, opened.events)) fail(p);
  } catch (e) {
    fail(`error while checking: ${e.stack || e.message}`);
  } finally {
    if (page) await page.close().catch(() => {});
  }
  const lines = [`${problems.length ? "FAIL" : "ok  "} ${name}  (${axeCount} axe violations, ${Date.now() - t0} ms)  ${shot}`];
  for (const n of notes) lines.push(`       ${n}`);
  for (const p of problems) lines.push(`       ${p}`);
  console.log(lines.join("\n"));
  return problems.map((p) => `${name}: ${p}`);
}

// ---------------------------------------------------------------------------------------
// All pages, JOBS at a time
const files = htmlFiles(pagesDir);
if (files.length === 0) usage(`no .html files under ${pagesDir}`);
const failures = [];
{
  let next = 0;
  const worker = async () => {
    while (next < files.length) failures.push(...(await checkPage(files[next++])));
  };
  await Promise.all(Array.from({ length: Math.min(JOBS, files.length) }, worker));
}
for (const t of expectTexts) {
  if (!seenTexts.has(t)) failures.push(`no page shows ${JSON.stringify(t)} as text: the hostile input never reached the pages`);
  else console.log(`shown as text, never run: ${JSON.stringify(t)}`);
}
console.log(`${files.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shotsDir}`);
if (failures.length) {
  // Each page's problems are listed under its FAIL line above; here only where.
  const pages = [...new Set(failures.map((f) => f.split(": ")[0]))];
  console.log(`\nFAILED: ${failures.length} problem(s) on ${pages.length} page(s): ${pages.join(", ")}`);
  await finish(1);
}
console.log("all pages pass: WCAG 2.1 AA (axe), reflow at 320 px, no scanned content runs, nothing leaves the machine, sorting and filtering work");
await finish(0);
