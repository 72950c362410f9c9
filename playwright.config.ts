import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const TMP = '.tmp';

/** A fresh data directory per run, so every run starts from an empty database. */
const dataDir = join(TMP, `e2e-data-${Date.now()}-${process.pid}`);

// Old runs' databases are deleted once they are a day old (only in the main process, which starts the server).
if (!process.env.TEST_WORKER_INDEX) {
  try {
    for (const name of readdirSync(TMP)) {
      const path = join(TMP, name);
      if (name.startsWith('e2e-data-') && Date.now() - statSync(path).mtimeMs > 24 * 3_600_000) {
        rmSync(path, { recursive: true, force: true });
      }
    }
  } catch {
    // no .tmp yet
  }
}

/** Debian's Chromium; Playwright never downloads a browser here. */
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Chromium 156 renders its omnibox popup as a WebUI page in a renderer of its own, even headless:
    // CPU taken from the app under test on a small machine (Puppeteer disables it the same way).
    '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  ],
};

/** Specs that only run when asked for: screenshots refresh docs/screenshots (GUANXI_SCREENSHOTS=1). */
const onDemand = process.env.GUANXI_SCREENSHOTS ? [] : ['**/screenshots.spec.ts'];

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: join(TMP, 'playwright-results'),
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // CI also writes a JSON report that .ci/run adds up into its closing "N passed, N failed" line.
  reporter: process.env.CI
    ? [['list'], ['json', { outputFile: join(TMP, 'ci', 'playwright.json') }]]
    : [['list'], ['html', { open: 'never', outputFolder: join(TMP, 'playwright-report') }]],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    launchOptions: chromium,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'desktop', testIgnore: onDemand, use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      // The JS budget is the same bundle at every viewport: measured once, on desktop.
      testIgnore: [...onDemand, '**/budget.spec.ts'],
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    },
  ],
  webServer: {
    // The server serves the built SPA from dist/web, so build it first (a few seconds).
    command: 'npx vite build --logLevel warn && node --import tsx src/server/main.ts serve',
    url: `${BASE_URL}/health`,
    env: { PORT: String(PORT), GUANXI_DATA_DIR: dataDir, HOST: '127.0.0.1' },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
