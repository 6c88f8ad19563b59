/**
 * End-to-end journeys through the dashboard (test/e2e/): each test starts the real gateway
 * (`switchboard serve`) with real npm servers, signs in with the login link it prints, and drives
 * the dashboard in Debian's Chromium (no browser download) while SDK clients act as AI clients.
 * Run with `npm run test:e2e`; `npm test` runs it too.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/e2e',
  // One at a time: every test runs a gateway, its servers and a browser on a 2-core machine.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  // On CI a failed journey runs once more; it still shows as flaky, with the first attempt's
  // error and trace, in `npm test`'s closing summary (scripts/failure-digest.ts).
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: process.env.SWITCHBOARD_E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
