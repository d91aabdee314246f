// Every shared walk (walks/index.ts) in WebKit: a fresh MiniBrowser session per walk, a 390×844
// viewport, the same stub server fixture and sandbox as the Chromium specs.
import { writeFileSync } from 'node:fs';
import { test as base } from '../fixtures';
import type { Ui } from '../ui';
import { openWebKit, type WebDriverUi } from '../ui-webdriver';
import { walks, type Walk } from '../walks';

const test = base.extend<{ ui: Ui; walkHost: Walk['host'] }>({
  /** The host app a walk runs in (its user agent and bridge), if any. */
  walkHost: [undefined, { option: true }],
  ui: async ({ baseURL, walkHost }, use, testInfo) => {
    const ui: WebDriverUi = await openWebKit(baseURL!, walkHost);
    try {
      await use(ui);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        // WebKit's screenshot can show the frame before the last DOM change: wait for two paints.
        await ui.driver.executeAsyncScript('const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()))').catch(() => {});
        let shotError = '';
        const png = await ui.driver.takeScreenshot().catch((e: Error) => ((shotError = `(no screenshot: ${e.message})\n`), null));
        if (png) {
          const path = testInfo.outputPath('webkit-screenshot.png');
          writeFileSync(path, Buffer.from(png, 'base64'));
          await testInfo.attach('webkit-screenshot', { path, contentType: 'image/png' });
        }
        const url = await ui.driver.getCurrentUrl().catch(() => '?');
        const text = await ui.driver.executeScript('return document.body && document.body.innerText').catch(() => '?');
        await testInfo.attach('webkit-page', { body: `${shotError}${url}\n\n${text}`, contentType: 'text/plain' });
      }
      await ui.driver.quit().catch(() => {});
    }
  },
});

for (const walk of walks) {
  test.describe(() => {
    test.use({ walkHost: walk.host });
    test(walk.title, ({ ui, sandbox }) => walk.run(ui, sandbox));
  });
}
