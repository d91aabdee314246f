// Route-level code splitting (docs/code-splitting.md, src/split.rs): the home page is in the
// first-load wasm; every other page is in a chunk (split_*.wasm, chunk_*.wasm) fetched when it is
// opened, or before, by the prefetch; a cold sign-in page's chunks are fetched by the first screen,
// beside the main module. What a user can notice: a chunk that cannot be fetched is explained with
// a way to try again (never a crash or a blank page), a cold sign-in does not wait for its chunks
// after the main module, and after one visit the chunks, like the rest of the app, come from the
// service worker's cache with no network.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';

const CHUNK = /\/(split_[\w-]+|chunk_\d+)\.wasm$/;

/** The sign-in page's chunks: the list index.html's first screen fetches ahead on a cold /sign-in. */
async function signInChunks(page: Page): Promise<Set<string>> {
  const html = await (await page.request.get('/')).text();
  const list = html.match(/\[((?:\s*'[^']+\.wasm',?)+)\s*\]\.forEach/);
  expect(list, "index.html lists the sign-in page's chunks").not.toBeNull();
  return new Set([...list![1].matchAll(/'([^']+)'/g)].map((m) => m[1]));
}

test.describe('when the page chunks cannot be downloaded', () => {
  // Without the service worker, every chunk must come over the network (which the test cuts).
  test.use({ serviceWorkers: 'block' });

  test('a page whose part of the app cannot be downloaded says so, and "try again" opens it once the network is back', { tag: '@layout' }, async ({ page, sandbox }) => {
    // Every chunk but the sign-in page's own.
    const signInPage = await signInChunks(page);
    const asked: string[] = [];
    await page.route(CHUNK, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (signInPage.has(path)) return route.continue();
      asked.push(path);
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

    // The network is back: the retry fetches the chunk and shows the page in place.
    await page.unroute(CHUNK);
    await page.getByRole('button', { name: '重试' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '京A12345' })).toBeVisible();
  });

  test('while a page is still downloading, the page the user is on stays and says it is loading', async ({ page, sandbox }) => {
    // The chunks (but the sign-in page's own) are held until the test lets them through.
    const signInPage = await signInChunks(page);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    await page.route(CHUNK, async (route) => {
      if (!signInPage.has(new URL(route.request().url()).pathname)) await released;
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
    const signInPage = await signInChunks(page);
    await page.route(CHUNK, (route) =>
      signInPage.has(new URL(route.request().url()).pathname) ? route.continue() : route.abort('internetdisconnected'),
    );
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

test('a cold sign-in fetches its page beside the main module, once, and the form is the app\'s', async ({ page, sandbox }) => {
  const signInPage = await signInChunks(page);
  expect(signInPage.size).toBeGreaterThan(0);
  // The main module is held until every chunk of the sign-in page has been asked for: a sign-in
  // that asked for them only once the main module had run would never get there.
  const chunksAsked: string[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(CHUNK, (route) => {
    chunksAsked.push(new URL(route.request().url()).pathname);
    if (signInPage.size === new Set(chunksAsked).size) release();
    return route.continue();
  });
  await page.route(/\/beian_bg\.wasm$/, async (route) => {
    await Promise.race([released, new Promise((r) => setTimeout(r, 10_000))]);
    return route.continue();
  });
  await page.goto('/sign-in');
  await expect
    .poll(() => new Set(chunksAsked), { message: "the sign-in page's chunks are asked for while the main module downloads", timeout: 8_000 })
    .toEqual(signInPage);
  // The app's own form (the first screen's is gone), and it works.
  await expect(page.locator('.boot')).toHaveCount(0);
  await page.getByLabel('手机号码').fill('13800138000');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode('13800138000'));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('当前账号')).toBeVisible();
  // Each chunk was downloaded once: the app's loader took what the first screen had fetched.
  expect(chunksAsked.filter((p) => signInPage.has(p)).sort()).toEqual([...signInPage].sort());
});

test.describe('a signed-out home', () => {
  // The service worker's precache would fetch the chunks too, out of the page's sight.
  test.use({ serviceWorkers: 'block' });

  test('fetches the sign-in page first, in its idle time, so that its link opens with no network', async ({ page, context }) => {
    const signInPage = await signInChunks(page);
    const asked: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (CHUNK.test(path)) asked.push(path);
    });
    await page.goto('/');
    await expect(page.locator('.boot')).toHaveCount(0);
    await expect
      .poll(() => asked.length, { message: 'the home page fetches chunks ahead' })
      .toBeGreaterThanOrEqual(signInPage.size);
    expect(new Set(asked.slice(0, signInPage.size)), "the sign-in page's chunks come first").toEqual(signInPage);

    await context.setOffline(true);
    await page.getByRole('link', { name: '登录或注册' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    await expect(page.getByLabel('手机号码')).toBeEditable();
  });
});

test('a cold sign-in whose page cannot be downloaded keeps the number typed on the first screen, and "try again" shows the form with it', async ({ page, sandbox }) => {
  // The sign-in page's chunks are held until the number is typed on the first screen, then cut;
  // then the network is back.
  let network: 'held' | 'cut' | 'back' = 'held';
  let typed!: () => void;
  const typedIn = new Promise<void>((r) => (typed = r));
  await page.route(CHUNK, async (route) => {
    if (network === 'held') await typedIn;
    return network === 'back' ? route.continue() : route.abort('internetdisconnected');
  });
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill('13800138000');
  network = 'cut';
  typed();
  await expect(page.getByRole('heading', { level: 1, name: '页面未能加载' })).toBeVisible();
  await expectAccessible(page);

  network = 'back';
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  await expect(page.getByLabel('手机号码')).toHaveValue('13800138000');
  await expect(page.getByRole('heading', { name: '页面未能加载' })).toHaveCount(0);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode('13800138000'));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('当前账号')).toBeVisible();
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
