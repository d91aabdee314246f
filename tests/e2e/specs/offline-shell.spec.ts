// The installable shell (issue 7, docs/offline-shell.md): the service worker that
// `cargo xtask sw` writes into the build precaches the build's own files, so a repeat visit starts
// with no network and shows the app's own offline notice; it never holds an API answer or anything
// personal; a new build replaces the old cache without reloading the page under the user; and the
// manifest passes Chromium's own installability check (what Lighthouse's PWA category used).
//
// "No network" here is real: the spec's own stub server is stopped (the app's files cannot come
// from anywhere but the cache), and the browser is also put offline so that the app knows it.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, signIn, startStub, stopStub, type StubServer } from '../fixtures';
import { shellInstalled } from '../walks/offline-shell';

const ROOT = resolve(__dirname, '../../..');
const DIST = resolve(process.env.BEIAN_DIST ?? join(ROOT, 'dist'));
const OFFLINE = '当前处于离线状态。网络恢复后可继续办理，已填写的内容不会丢失。';
const HOME = { level: 1, name: '机动车备案与违法处理' } as const;

/** Every file of a build directory, as the URL paths the app serves them at (sw.js aside). */
function buildPaths(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith('.')) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push('/' + relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  // `.br`: the precompressed copies of these same files (what the server sends), never asked for by name.
  return out.filter((p) => p !== '/sw.js' && !p.endsWith('.br')).sort();
}

/** The version a build's sw.js carries. */
function versionOf(dir: string): string {
  const m = readFileSync(join(dir, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)";/);
  if (!m) throw new Error(`${dir}/sw.js has no VERSION`);
  return m[1];
}

/** Waits until a service worker is active and controls the page; returns its script URL. */
async function controlled(page: Page): Promise<string> {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller?.state ?? 'none'), { timeout: 15_000 })
    .toBe('activated');
  return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
}

/** Cache Storage as the page sees it: cache name → the URL paths it holds. */
async function cacheStorage(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of await caches.keys()) {
      const keys = await (await caches.open(name)).keys();
      out[name] = keys.map((r) => new URL(r.url).pathname + new URL(r.url).search).sort();
    }
    return out;
  });
}

/** A copy of the build under test that a test may change (a "next build"), without the build's
 *  precompressed `.br` copies: they would still hold the files as built, not as the test changes
 *  them (the stub then compresses on the fly, as it does for any file without one). */
function copyOfBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'beian-dist-'));
  cpSync(DIST, dir, { recursive: true, filter: (src) => !src.endsWith('.br') });
  return dir;
}

// A shared walk (walks/offline-shell.ts): the same steps run in WebKit (webkit/walks.spec.ts).
test(shellInstalled.title, ({ ui, sandbox }) => shellInstalled.run(ui, sandbox));

test.describe('installable shell', () => {
  let own: StubServer | undefined;
  let copy: string | undefined;
  test.afterEach(async () => {
    if (own) await stopStub(own);
    own = undefined;
    if (copy) rmSync(copy, { recursive: true, force: true });
    copy = undefined;
  });

  test('after one visit the app starts with no network: home, other routes and the offline notice', { tag: '@layout' }, async ({ page, context, request }) => {
    own = await startStub();
    const base = own.url;

    // sw.js and index.html are always revalidated; the worker is plain JavaScript.
    for (const [path, type] of [['/sw.js', /^text\/javascript|^application\/javascript/], ['/', /^text\/html/], ['/public/manifest.webmanifest', /^application\/manifest\+json/]] as const) {
      const res = await request.get(base + path);
      expect(res.status(), path).toBe(200);
      expect(res.headers()['content-type'], path).toMatch(type);
      expect(res.headers()['cache-control'], path).toBe('no-cache');
    }

    await page.goto(base + '/');
    await expect(page.getByRole('heading', HOME)).toBeVisible();
    expect(await controlled(page)).toBe(base + '/sw.js');
    const version = versionOf(DIST);
    expect(Object.keys(await cacheStorage(page))).toEqual([`beian-shell-${version}`]);

    // The server is gone and the browser offline: everything now comes from the cache.
    await stopStub(own);
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', HOME)).toBeVisible();
    await expect(page.getByText(OFFLINE)).toBeVisible();
    await expect(page.getByRole('link', { name: '登录或注册' })).toBeVisible();
    await expectAccessible(page);

    // Another app route (typed into the address bar, not a client-side link): the cached
    // index.html, then the app's own router.
    await page.goto(base + '/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    await expect(page.getByText(OFFLINE)).toBeVisible();
    await page.getByLabel('手机号码').fill('13800138000');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await expect(page.getByRole('alert').filter({ hasText: '无法连接网络' })).toBeVisible();
    await expect(page.getByLabel('手机号码')).toHaveValue('13800138000');
    await page.goto(base + '/no-such-page');
    await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible();

    // The QR decoder's worker is there too; the API never is.
    const got = await page.evaluate(async () => {
      const status = (u: string) => fetch(u).then((r) => `${r.status} ${r.headers.get('content-type')}`, (e) => `failed: ${e.name}`);
      return { loader: await status('/scan_worker_loader.js'), wasm: await status('/scan_worker_bg.wasm'), api: await status('/api/me') };
    });
    expect(got.loader).toMatch(/^200 (text|application)\/javascript/);
    expect(got.wasm).toBe('200 application/wasm');
    expect(got.api).toBe('failed: TypeError');
  });

  test('Cache Storage holds only the build\'s own files after a signed-in user opens personal pages', async ({ page, sandbox }) => {
    await signIn(page, sandbox);
    await controlled(page);
    const token = await page.evaluate(() => Object.values(sessionStorage).join('\n'));
    for (const [path, heading] of [['/vehicles', '我的车辆'], ['/violations', '违法处理'], ['/messages', '消息'], ['/', HOME.name]] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    }
    await expect(page.getByText('138****8000')).toBeVisible();

    const storage = await cacheStorage(page);
    expect(Object.keys(storage)).toEqual([`beian-shell-${versionOf(DIST)}`]);
    const cached = Object.values(storage).flat();
    expect(cached, 'exactly the files of the build').toEqual(buildPaths(DIST));
    expect(cached.filter((u) => u.startsWith('/api') || u.startsWith('/sandbox') || u.includes('?'))).toEqual([]);

    // Nothing personal in any cached body: not the phone (full or masked), the name, the session.
    const bodies = await page.evaluate(async () => {
      let all = '';
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const req of await cache.keys()) {
          const res = await cache.match(req);
          if (res && !req.url.endsWith('.wasm') && !req.url.endsWith('.png')) all += await res.text();
        }
      }
      return all;
    });
    expect(bodies.length).toBeGreaterThan(1000);
    for (const secret of ['13800138000', '138****8000', '张伟', ...token.split('\n').filter((t) => t.length >= 16)]) {
      expect(bodies.includes(secret), `cache holds ${secret.slice(0, 4)}…`).toBe(false);
    }
  });

  test('a new build replaces the old cache while the user is mid-form, and is what starts offline', async ({ page, context }) => {
    copy = copyOfBuild();
    own = await startStub(copy);
    const base = own.url;
    await page.goto(base + '/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    await controlled(page);
    const first = versionOf(copy);
    const css = readdirSync(copy).find((f) => f.endsWith('.css'))!;
    expect((await cacheStorage(page))[`beian-shell-${first}`]).toContain('/' + css);

    // The user is typing when the next build goes out: its stylesheet has another name.
    await page.getByLabel('手机号码').fill('139001');
    await page.evaluate(() => ((window as any).__samePage = true));
    const nextCss = css.replace(/\.css$/, '-next.css');
    renameSync(join(copy, css), join(copy, nextCss));
    const html = readFileSync(join(copy, 'index.html'), 'utf8');
    expect(html).toContain(`/${css}`);
    writeFileSync(join(copy, 'index.html'), html.split(`/${css}`).join(`/${nextCss}`));
    const built = spawnSync('cargo', ['xtask', 'sw', copy], { cwd: ROOT, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const next = versionOf(copy);
    expect(next).not.toBe(first);

    // The browser looks for a new worker (it does so on every page load; here without one).
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r!.update()));
    await expect.poll(async () => Object.keys(await cacheStorage(page)), { timeout: 15_000 }).toEqual([`beian-shell-${next}`]);
    const cached = (await cacheStorage(page))[`beian-shell-${next}`];
    expect(cached).toContain('/' + nextCss);
    expect(cached).not.toContain('/' + css);
    expect(cached).toEqual(buildPaths(copy));
    // Nothing reloaded under the user: same page, what they typed still there.
    expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
    await expect(page.getByLabel('手机号码')).toHaveValue('139001');

    // Offline, the new build starts, styled by its renamed stylesheet.
    await stopStub(own);
    await context.setOffline(true);
    await page.goto(base + '/');
    await expect(page.getByRole('heading', HOME)).toBeVisible();
    await expect(page.getByText(OFFLINE)).toBeVisible();
    const sheets = await page.evaluate(() => [...document.styleSheets].map((s) => ({ href: s.href, rules: s.cssRules.length })));
    expect(sheets).toContainEqual({ href: `${base}/${nextCss}`, rules: expect.any(Number) });
    expect(sheets.find((s) => s.href?.endsWith(nextCss))!.rules).toBeGreaterThan(10);
  });

  test('a build without a worker (registration refused) works as before', async ({ page }) => {
    copy = copyOfBuild();
    rmSync(join(copy, 'sw.js'));
    own = await startStub(copy);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(own.url + '/');
    await expect(page.getByRole('heading', HOME)).toBeVisible();
    // /sw.js now answers the SPA fallback (text/html): the browser refuses to register it.
    await page.getByRole('link', { name: '登录或注册' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
    expect(await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r === undefined))).toBe(true);
    expect(errors).toEqual([]);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  // Chromium refuses to install from an incognito profile ("in-incognito"), which every Playwright
  // context is: this one test uses a browser with a profile of its own.
  test('the manifest passes Chromium\'s installability check (what Lighthouse\'s PWA audits used)', async ({ playwright, launchOptions, viewport, deviceScaleFactor, isMobile, hasTouch, userAgent, locale, baseURL }) => {
    const profile = mkdtempSync(join(tmpdir(), 'beian-profile-'));
    const context = await playwright.chromium.launchPersistentContext(profile, { ...launchOptions, viewport, deviceScaleFactor, isMobile, hasTouch, userAgent, locale, baseURL });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto('/');
      await expect(page.getByRole('heading', HOME)).toBeVisible();
      await controlled(page);
      await checkInstallable(page);

      // The check can fail: the same build with a manifest that names no icon is refused.
      copy = copyOfBuild();
      const manifestPath = join(copy, 'public/manifest.webmanifest');
      writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(readFileSync(manifestPath, 'utf8')), icons: [] }));
      own = await startStub(copy);
      await page.goto(own.url + '/');
      await expect(page.getByRole('heading', HOME)).toBeVisible();
      const cdp = await context.newCDPSession(page);
      await expect
        .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId))
        .toContain('manifest-missing-suitable-icon');
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

/** Chromium's own manifest parse and installability verdict, and the icons the manifest names. */
async function checkInstallable(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.errors).toEqual([]);
  expect(manifest.url).toMatch(/\/public\/manifest\.webmanifest$/);
  const data = JSON.parse(manifest.data);
  expect(data).toMatchObject({ id: '/', start_url: '/', scope: '/', lang: 'zh-CN', display: 'standalone', short_name: '车辆备案' });
  const maskable = data.icons.filter((i: any) => i.purpose.split(' ').includes('maskable'));
  expect(maskable.map((i: any) => i.sizes)).toContain('512x512');
  expect(data.icons.filter((i: any) => i.purpose.split(' ').includes('any') && /png/.test(i.type)).map((i: any) => i.sizes)).toContain('512x512');
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  expect(installabilityErrors).toEqual([]);
  // Every icon it names is served, as the image it says it is.
  for (const icon of data.icons) {
    const res = await page.request.get(icon.src);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type'], icon.src).toBe(icon.type);
    if (icon.type === 'image/png') {
      const png = await res.body();
      const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(`${w}x${h}`, icon.src).toBe(icon.sizes);
    }
  }
}
