// Every shared walk (walks/index.ts) in WebKit: a fresh MiniBrowser session per walk, a 390×844
// viewport, the same stub server fixture and sandbox as the Chromium specs.
import { writeFileSync } from 'node:fs';
import { test as base } from '../fixtures';
import type { Ui } from '../ui';
import { openWebKit, type WebDriverUi } from '../ui-webdriver';
import { walks } from '../walks';
import type { WalkHost } from '../walks/walk';
import { startHostProxy, type HostProxy } from './host-proxy';

const test = base.extend<{ ui: Ui; host: WalkHost | undefined }>({
  /** A walk inside a host app: its user agent, its bridge, and its SDK addresses answered by a proxy. */
  host: [undefined, { option: true }],
  ui: async ({ baseURL, host }, use, testInfo) => {
    const proxy: HostProxy | undefined = host?.sdk ? await startHostProxy(host.sdk) : undefined;
    let ui: WebDriverUi;
    try {
      ui = await openWebKit(baseURL!, { userAgent: host?.userAgent, bridge: host?.bridge, proxy: proxy?.url });
    } catch (e) {
      await proxy?.stop();
      throw e;
    }
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
      await proxy?.stop();
    }
  },
});

for (const walk of walks) {
  test.describe(() => {
    test.use({ host: walk.host });
    test(walk.title, ({ ui, sandbox }) => walk.run(ui, sandbox));
  });
}
