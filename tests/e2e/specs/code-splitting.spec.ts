// Route-level code splitting (docs/code-splitting.md, src/split.rs): the home and sign-in pages are
// in the first-load wasm; every other page is in a chunk (split_*.wasm, chunk_*.wasm) fetched when
// it is opened, or before, by the prefetch. What a user can notice: a chunk that cannot be fetched
// is explained with a way to try again (never a crash or a blank page), and after one visit the
// chunks, like the rest of the app, come from the service worker's cache with no network.
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';

const CHUNK = /\/(split_[\w-]+|chunk_\d+)\.wasm$/;

test.describe('when the page chunks cannot be downloaded', () => {
  // Without the service worker, every chunk must come over the network (which the test cuts).
  test.use({ serviceWorkers: 'block' });

  test('a page whose part of the app cannot be downloaded says so, and "try again" opens it once the network is back', { tag: '@layout' }, async ({ page, sandbox }) => {
    const asked: string[] = [];
    await page.route(CHUNK, (route) => {
      asked.push(new URL(route.request().url()).pathname);
      return route.abort('internetdisconnected');
    });
    await signIn(page, sandbox);

    await page.getByRole('link', { name: /我的车辆/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '页面未能加载' })).toBeVisible();
    await expect(page.getByText('请检查网络连接后重试，已填写的内容不会丢失。')).toBeVisible();
    expect(new URL(page.url()).pathname).toBe('/vehicles');
    expect(asked.length, 'the app asked for the page chunk').toBeGreaterThan(0);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);

    // The network is back: the retry (a reload of the same address) loads the chunk.
    await page.unroute(CHUNK);
    await page.getByRole('button', { name: '重试' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '京A12345' })).toBeVisible();
  });

  test('while a page is still downloading, the page the user is on stays and says it is loading', async ({ page, sandbox }) => {
    // The chunks are held until the test lets them through.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await page.route(CHUNK, async (route) => {
      await released;
      await route.continue();
    });
    await signIn(page, sandbox);

    await page.getByRole('link', { name: /我的车辆/ }).click();
    await expect(page.getByRole('status').filter({ hasText: '正在加载…' })).toBeAttached();
    await expect(page.getByText('当前账号'), 'the home page stays until the next one is ready').toBeVisible();
    release();
    await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '正在加载…' })).toHaveCount(0);
  });

  test('the same page in English', { tag: '@layout' }, async ({ page, sandbox }) => {
    // Cut before the signed-in home, which fetches chunks ahead in its idle time (src/split.rs).
    await page.route(CHUNK, (route) => route.abort('internetdisconnected'));
    await signIn(page, sandbox);
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Vehicle filing and fines' })).toBeVisible();
    await page.getByRole('link', { name: /Messages/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'This page could not be loaded' })).toBeVisible();
    await expect(page.getByText('Check your connection and try again; nothing you entered is lost.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
    await expectAccessible(page);
  });
});

test('after one signed-in visit, the pages of every chunk open with no network', async ({ page, context, sandbox }) => {
  await signIn(page, sandbox);
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), { timeout: 15_000 })
    .toBe('activated');

  await context.setOffline(true);
  // Typed into the address bar: index.html, the main module and the page's chunk from the cache.
  for (const [path, heading] of [['/vehicles', '我的车辆'], ['/violations', '违法处理'], ['/file', '备案非本人名下机动车'], ['/messages', '消息']] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByText('当前处于离线状态。网络恢复后可继续办理，已填写的内容不会丢失。')).toBeVisible();
    await expect(page.getByRole('heading', { name: '页面未能加载' })).toHaveCount(0);
  }
});
