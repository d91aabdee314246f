import { defineConfig } from '@playwright/test';

// The WebKit walks. Playwright is only the test runner here (fixtures, reporters); the browser is
// WebKitGTK's MiniBrowser driven over W3C WebDriver by WebKitWebDriver (see ui-webdriver.ts).
// Started by `cargo xtask test` (and `cargo xtask webkit`), which runs Xvfb and the driver and sets
// BEIAN_WEBKIT_DRIVER, BEIAN_MINIBROWSER, BEIAN_STUB_BIN and BEIAN_DIST.
export default defineConfig({
  testDir: './webkit',
  // Not under the Chromium run's outputDir, which Playwright empties when it starts: the two runs
  // go side by side in `cargo xtask test`.
  outputDir: './.artifacts/webkit-results',
  timeout: 60_000,
  // One driver, one browser session at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json']],
  projects: [{ name: 'webkit-390x844' }],
});
