import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the web app against one real `facetag serve` (test/e2e/support/global-setup.ts). They drive
 * Debian's Chromium (scripts/install-browser); Playwright never downloads a browser.
 */
export default defineConfig({
  testDir: 'test/e2e',
  // One server and one library for all: files run one after the other, in a fixed order.
  workers: 1,
  fullyParallel: false,
  // One retry: a browser test that fails once and passes on its second try is reported as "flaky" in the list (to be
  // fixed), but does not throw away a whole CI run; a test that fails twice still fails it.
  retries: 1,
  // No wall-clock limit on a test (2 shared cores); assertions wait for what they expect, generously.
  timeout: 0,
  expect: { timeout: 60_000 },
  globalSetup: './test/e2e/support/global-setup.ts',
  reporter: [['list']],
  outputDir: join(tmpdir(), 'facetag-playwright-results'),
  use: {
    browserName: 'chromium',
    viewport: { width: 1360, height: 900 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/lib/chromium/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
