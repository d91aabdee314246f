import { defineConfig, devices } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. These flags are what works as root on these
// machines; the fake-camera flags are ready for the scanner and face-check flows.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

const phone = (width: number, height: number) => ({
  ...devices['Pixel 7'],
  browserName: 'chromium' as const,
  viewport: { width, height },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
});

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  // One stub server per worker (see fixtures.ts), so workers never share state. `cargo xtask test`
  // passes --workers (cores + 1: the workers mostly wait); a run by hand chooses its own.
  workers: process.env.CI ? 2 : undefined,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json'], ['./fault-matrix-reporter.ts']],
  use: {
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'phone-390x844', use: phone(390, 844) },
    // The narrow phone runs only the tests tagged @layout: those that check what the screen looks
    // like (no horizontal scroll, words and numbers that do not break, the sticky bar's size, touch
    // targets, axe-core on the screens shown, directly or through a walk or a step helper's check).
    // The rest (requests, storage, timers, hosts' bridges) does not depend on the width, and runs at
    // 390 px only. The fault matrix is about requests: 390 px only. See docs/testing.md.
    { name: 'phone-320x640', use: phone(320, 640), grep: /@layout/, testIgnore: /fault-matrix\.spec\.ts/ },
  ],
});
