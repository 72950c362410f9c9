/**
 * Web performance budget of issue 4, measured in Debian's Chromium against the built app served by
 * the real server (PGlite, fresh data dir):
 *
 * - first load of the contact list with a cold cache (new browser context each time) ≤ 2 s;
 * - JavaScript shipped for that first screen ≤ 300 kB gzipped;
 * - with 10,000 contacts loaded, fewer than 200 rows in the DOM, and scrolling to the end stays
 *   responsive (frame times and long tasks while scrolling).
 *
 *   node --import tsx bench/web/run.ts [--no-build] [--no-write] [--runs 7] [--rows 10000]
 *
 * The app is built into the run's own directory under .tmp/bench (served through GUANXI_WEB_DIR), so
 * a bench never rewrites the dist/web another server is serving; `--no-build` serves dist/web.
 *
 * Figures go to the terminal and between `<!-- bench:web:start -->` and `<!-- bench:web:end -->`
 * in docs/BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium } from '@playwright/test';
import { startServer } from '../lib/server';

const appDir = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('runs', 7);
const ROWS = option('rows', 10_000);
const BUDGET = { firstLoadMs: 2000, jsKiB: 300, domRows: 200 };
const DESKTOP = { width: 1280, height: 800 };

interface Account {
  cookie: { name: string; value: string };
  csrf: string;
}

async function signUp(baseUrl: string): Promise<Account> {
  const res = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      workspaceName: 'Bench web',
      name: '基准 Bench',
      email: `bench-web-${Date.now()}@example.com`,
      password: 'bench-password-123',
      locale: 'zh-CN',
    }),
  });
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as { csrfToken: string };
  const match = /(gx_session)=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!match) throw new Error('signup answered without a session cookie');
  return { cookie: { name: match[1], value: match[2] }, csrf: session.csrfToken };
}

/** Loads `rows` contacts through the import API, as a user would with a spreadsheet. */
async function importContacts(baseUrl: string, account: Account, rows: number): Promise<number> {
  const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const given = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛'];
  const lines = ['姓名,手机,邮箱,公司'];
  for (let i = 0; i < rows; i++) {
    const name =
      i % 3 === 0 ? `Contact ${i}` : `${surnames[i % surnames.length]}${given[i % given.length]}${i}`;
    lines.push(`${name},139${String(i).padStart(8, '0')},c${i}@example.com,公司${i % 500}`);
  }
  const headers = { cookie: `${account.cookie.name}=${account.cookie.value}`, 'x-csrf-token': account.csrf };
  const form = new FormData();
  form.append('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'bench.csv');
  const started = performance.now();
  const upload = await fetch(`${baseUrl}/api/v1/imports`, { method: 'POST', body: form, headers });
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${await upload.text()}`);
  const { id } = (await upload.json()) as { id: string };
  const run = await fetch(`${baseUrl}/api/v1/imports/${id}/run`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ dedupPolicy: 'create' }),
  });
  if (run.status !== 202) throw new Error(`run: ${run.status} ${await run.text()}`);
  for (;;) {
    const batch = (await (await fetch(`${baseUrl}/api/v1/imports/${id}`, { headers })).json()) as {
      status: string;
      createdCount: number;
      error: string | null;
    };
    if (batch.status === 'completed') {
      if (batch.createdCount !== rows) throw new Error(`import created ${batch.createdCount} of ${rows}`);
      return performance.now() - started;
    }
    if (batch.status === 'failed') throw new Error(`import failed: ${batch.error}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function newContext(browser: Browser, baseUrl: string, account: Account): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', deviceScaleFactor: 1 });
  await context.addCookies([{ ...account.cookie, url: baseUrl }]);
  return context;
}

interface FirstLoad {
  /** Navigation start → first contact row in the DOM. */
  rowsMs: number;
  fcpMs: number;
  loadEventMs: number;
  jsFiles: number;
  jsGzipBytes: number;
  jsRawBytes: number;
}

/** One cold load of /contacts in a fresh context (empty HTTP cache). */
async function firstLoad(browser: Browser, baseUrl: string, account: Account): Promise<FirstLoad> {
  const context = await newContext(browser, baseUrl, account);
  const page = await context.newPage();
  const scripts = new Map<string, { raw: number; gzip: number }>();
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    if (!res.url().endsWith('.js')) return;
    pending.push(
      res.body().then((body) => {
        scripts.set(res.url(), { raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
      }),
    );
  });
  await page.goto(`${baseUrl}/contacts`);
  await page.waitForSelector('[data-testid="contacts-scroll"] tbody tr');
  const rowsMs = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return { load: nav.loadEventEnd, fcp: fcp?.startTime ?? Number.NaN };
  });
  await context.close();
  const js = [...scripts.values()];
  return {
    rowsMs,
    fcpMs: timing.fcp,
    loadEventMs: timing.load,
    jsFiles: js.length,
    jsGzipBytes: js.reduce((a, b) => a + b.gzip, 0),
    jsRawBytes: js.reduce((a, b) => a + b.raw, 0),
  };
}

interface ScrollRun {
  loadAllMs: number;
  loadedRows: number;
  maxDomRows: number;
  frames: number;
  frameP50: number;
  frameP95: number;
  frameP99: number;
  frameMax: number;
  /** Frames slower than 50 ms (visible jank). */
  slowFrames: number;
  longTasks: number;
  longTaskMaxMs: number;
  longTaskTotalMs: number;
  /** Seconds to scroll from the top to the last row once everything is loaded. */
  scrollToEndMs: number;
}

/** Records every frame's duration, long tasks and the most list rows in the DOM, from the first paint on. */
const RECORDER = `
  window.__bench = { frames: [], longTasks: [], maxRows: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  let last = performance.now();
  function tick(now) {
    window.__bench.frames.push(now - last);
    last = now;
    const count = document.querySelectorAll('[data-testid="contacts-scroll"] tbody tr').length;
    if (count > window.__bench.maxRows) window.__bench.maxRows = count;
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
`;

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN;

/**
 * Loads every page of the list by scrolling (as a user with the wheel would), then scrolls from the
 * top to the end again in wheel-sized steps, recording frame times, long tasks and rows in the DOM.
 */
async function scrollRun(
  browser: Browser,
  baseUrl: string,
  account: Account,
  rows: number,
): Promise<ScrollRun> {
  const context = await newContext(browser, baseUrl, account);
  const page = await context.newPage();
  // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
  await page.addInitScript(RECORDER);
  await page.goto(`${baseUrl}/contacts`);
  const scroller = page.locator('[data-testid="contacts-scroll"]');
  await page.waitForSelector('[data-testid="contacts-scroll"] tbody tr');
  const box = await scroller.boundingBox();
  if (!box) throw new Error('no list on the page');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);

  // Phase 1: wheel down until the server has no more pages.
  const loadStart = Date.now();
  const loadedCount = () =>
    page.evaluate(() => {
      // The list's footer says how many records are loaded ("已加载 1,234 位联系人").
      const scroll = document.querySelector('[data-testid="contacts-scroll"]');
      const text = scroll?.parentElement?.querySelector('[role="status"]')?.textContent ?? '';
      return Number(/\d[\d,]*/.exec(text)?.[0].replaceAll(',', '') ?? 0);
    });
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    await page.mouse.wheel(0, 4000);
    await page.waitForTimeout(16);
    if ((await loadedCount()) >= rows) break;
  }
  const loadAllMs = Date.now() - loadStart;
  const loadedRows = await loadedCount();

  // Phase 2: everything loaded; scroll top → end with the wheel and measure only that.
  await scroller.evaluate((el) => el.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { frames: number[]; longTasks: number[]; maxRows: number } };
    w.__bench.frames = [];
    w.__bench.longTasks = [];
  });
  const scrollStart = Date.now();
  for (let i = 0; i < 5000; i++) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(8);
    if (await scroller.evaluate((el) => el.scrollTop + el.clientHeight >= el.scrollHeight - 2)) break;
  }
  const scrollToEndMs = Date.now() - scrollStart;
  await page.waitForTimeout(200);
  const bench = await page.evaluate(
    () =>
      (window as unknown as { __bench: { frames: number[]; longTasks: number[]; maxRows: number } }).__bench,
  );
  await context.close();
  const frames = bench.frames.slice(1).sort((a, b) => a - b);
  return {
    loadAllMs,
    loadedRows,
    maxDomRows: bench.maxRows,
    frames: frames.length,
    frameP50: pct(frames, 50),
    frameP95: pct(frames, 95),
    frameP99: pct(frames, 99),
    frameMax: frames.at(-1) ?? Number.NaN,
    slowFrames: frames.filter((f) => f > 50).length,
    longTasks: bench.longTasks.length,
    longTaskMaxMs: Math.max(0, ...bench.longTasks),
    longTaskTotalMs: bench.longTasks.reduce((a, b) => a + b, 0),
    scrollToEndMs,
  };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const ms = (v: number) => `${Math.round(v)} ms`;
const ok = (pass: boolean) => (pass ? '✅' : '❌');

function writeSection(file: string, section: string): void {
  const start = '<!-- bench:web:start -->';
  const end = '<!-- bench:web:end -->';
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  const block = `${start}\n${section}\n${end}`;
  doc =
    from >= 0 && to > from
      ? doc.slice(0, from) + block + doc.slice(to + end.length)
      : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, doc);
}

async function main(): Promise<void> {
  const runDir = path.join(appDir, '.tmp', 'bench', `web-${Date.now()}`);
  mkdirSync(runDir, { recursive: true });
  const webDir = flag('no-build') ? path.join(appDir, 'dist', 'web') : path.join(runDir, 'web');
  if (!flag('no-build')) {
    console.log('building the web app (vite build)…');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', webDir], {
      cwd: appDir,
      stdio: 'inherit',
    });
  }
  const server = await startServer({
    appDir,
    env: { GUANXI_DATA_DIR: path.join(runDir, 'data'), GUANXI_WEB_DIR: webDir },
    logFile: path.join(runDir, 'server.log'),
    logLevel: 'warn',
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      // The omnibox popup of Chromium 156 is a WebUI page with a renderer of its own, even headless.
      '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
    ],
  });
  try {
    const account = await signUp(server.url);
    console.log(`importing ${ROWS} contacts…`);
    const importMs = await importContacts(server.url, account, ROWS);
    console.log(`  imported in ${ms(importMs)}`);

    // One warm-up load (server caches, PGlite buffers); the browser cache is new in every context.
    await firstLoad(browser, server.url, account);
    const loads: FirstLoad[] = [];
    for (let i = 0; i < RUNS; i++) loads.push(await firstLoad(browser, server.url, account));
    const rowsMs = loads.map((l) => l.rowsMs);
    const js = loads[0];
    console.log(
      `first load → rows visible: median ${ms(median(rowsMs))}, max ${ms(Math.max(...rowsMs))}; FCP median ${ms(
        median(loads.map((l) => l.fcpMs)),
      )}; JS ${js.jsFiles} files, ${(js.jsGzipBytes / 1024).toFixed(1)} kB gzip (${(js.jsRawBytes / 1024).toFixed(0)} kB raw)`,
    );

    console.log(`scrolling through ${ROWS} contacts…`);
    const scroll = await scrollRun(browser, server.url, account, ROWS);
    console.log(scroll);

    const cpu = `${os.availableParallelism()} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`;
    const chromiumVersion = browser.version();
    const section = [
      '## Web app (issue 4 budget)',
      '',
      `Measured by \`node --import tsx bench/web/run.ts\` on ${new Date().toISOString().slice(0, 10)}: the built app served by`,
      `the real server (PGlite, fresh data dir, ${ROWS.toLocaleString('en')} contacts imported through the import API), driven by`,
      `Chromium ${chromiumVersion} at 1280×800 on ${cpu}; browser, server and database share the machine.`,
      `First loads: ${RUNS} runs after one warm-up, each in a new browser context (empty HTTP cache, signed in).`,
      '',
      '| measure | budget | result | |',
      '|---|---|---|---|',
      `| first load of the contact list, navigation → first rows in the DOM (median of ${RUNS}) | ≤ 2 s | ${ms(median(rowsMs))} (max ${ms(Math.max(...rowsMs))}) | ${ok(Math.max(...rowsMs) <= BUDGET.firstLoadMs)} |`,
      `| first contentful paint (median) | — | ${ms(median(loads.map((l) => l.fcpMs)))} | |`,
      `| JS shipped for the first screen (gzip -9 of every .js fetched) | ≤ 300 kB | ${(js.jsGzipBytes / 1024).toFixed(1)} kB in ${js.jsFiles} files (${(js.jsRawBytes / 1024).toFixed(0)} kB raw) | ${ok(js.jsGzipBytes <= BUDGET.jsKiB * 1024)} |`,
      `| rows loaded by scrolling (cursor pages of 100) | ${ROWS.toLocaleString('en')} | ${scroll.loadedRows.toLocaleString('en')} in ${(scroll.loadAllMs / 1000).toFixed(1)} s | ${ok(scroll.loadedRows >= ROWS)} |`,
      `| most rows in the DOM at any frame | < 200 | ${scroll.maxDomRows} | ${ok(scroll.maxDomRows < BUDGET.domRows)} |`,
      `| scroll top → end with the wheel, all rows loaded | — | ${(scroll.scrollToEndMs / 1000).toFixed(1)} s, ${scroll.frames} frames | |`,
      `| frame time while scrolling p50 / p95 / p99 / max | p95 ≤ 33 ms | ${scroll.frameP50.toFixed(1)} / ${scroll.frameP95.toFixed(1)} / ${scroll.frameP99.toFixed(1)} / ${scroll.frameMax.toFixed(1)} ms | ${ok(scroll.frameP95 <= 33.4)} |`,
      `| frames over 50 ms while scrolling | — | ${scroll.slowFrames} | |`,
      `| long tasks (> 50 ms) while scrolling: count / longest / total | — | ${scroll.longTasks} / ${ms(scroll.longTaskMaxMs)} / ${ms(scroll.longTaskTotalMs)} | |`,
      '',
      'Headless Chromium without a GPU paints in software, so frame times are an upper bound of what a',
      'desktop browser shows.',
    ].join('\n');
    console.log(`\n${section}\n`);
    if (!flag('no-write')) writeSection(path.join(appDir, 'docs', 'BENCHMARKS.md'), section);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
