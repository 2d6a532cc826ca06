import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests. Browser mode runs in Debian's Chromium (/usr/bin/chromium): Playwright's own browser
 * download is not possible on this machine kind. The Electron smoke test (electron.spec.ts) drives the
 * Electron binary instead and skips itself where that binary is not installed.
 * Screenshots and traces go to tests/output/ (git-ignored); look at them after a run.
 */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'tests/output/test-results',
  snapshotPathTemplate: 'tests/output/snapshots/{testFilePath}/{arg}{ext}',
  // Two cores shared with builds and other runs: one worker keeps timings stable.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'tests/output/report', open: 'never' }]],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1400, height: 900 },
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /electron\.[^/]*$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.TENURE_CHROMIUM ?? '/usr/bin/chromium',
          args: chromiumArgs,
        },
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
