// The first screen of the entry pages (home, sign-in) is painted from index.html and the CSS before
// the app's wasm has arrived, in the user's language and for the signed-in or signed-out user; the
// app then takes its place without moving anything (no layout shift at all, counting every shift,
// also those after input), keeping what was typed. The app's wasm is held back by the test until
// the first screen has been checked.
import type { Page } from '@playwright/test';
import { expect, signIn, test } from '../fixtures';

/** Holds the app's main wasm until the returned function is called. */
async function holdTheApp(page: Page): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route(/beian_bg\.wasm$/, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/** Every layout shift of the page, summed (window.__shifts). */
async function countShifts(page: Page) {
  await page.addInitScript(() => {
    (window as any).__shifts = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).__shifts += (e as any).value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

const box = async (page: Page, selector: string) => page.locator(selector).first().boundingBox();

test('sign-in: the form is on screen and takes typing before the app has loaded; the app keeps it, in the same place', { tag: '@layout' }, async ({ page }) => {
  await countShifts(page);
  const release = await holdTheApp(page);
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  expect(await page.evaluate(() => 'wasmBindings' in window)).toBe(false);
  const phone = page.getByLabel('手机号码');
  await phone.fill('1380013');
  const before = { h1: await box(page, 'h1'), input: await box(page, 'input[name="phone"]'), button: await box(page, 'form button') };
  release();
  await expect(page.locator('.boot')).toHaveCount(0);
  await expect(page.getByLabel('手机号码')).toHaveValue('1380013');
  await expect(page.getByLabel('手机号码')).toBeFocused();
  await page.keyboard.type('8000');
  await expect(page.getByLabel('手机号码')).toHaveValue('13800138000');
  expect({ h1: await box(page, 'h1'), input: await box(page, 'input[name="phone"]'), button: await box(page, 'form button') }).toEqual(before);
  expect(await page.evaluate(() => (window as any).__shifts)).toBe(0);
});

test('sign-in: a tap on the first screen\'s button sends nothing then, and asks for the code once the app is there', async ({ page, sandbox }) => {
  const release = await holdTheApp(page);
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill('13800138000');
  await page.getByRole('button', { name: '获取验证码' }).click();
  // No plain form submit: the number never goes into the URL.
  await page.waitForTimeout(300);
  expect(page.url()).not.toContain('13800138000');
  expect(await sandbox.smsCount('13800138000')).toBe(0);
  release();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  expect(await sandbox.smsCount('13800138000')).toBe(1);
  expect(page.url()).not.toContain('13800138000');
});

test.describe('in English (the stored choice)', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('beian.locale', JSON.stringify('en')));
  });

  test('home: the first screen is in English and the app takes its place without a shift', { tag: '@layout' }, async ({ page }) => {
    await countShifts(page);
    const release = await holdTheApp(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Vehicle filing and fines' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Sign in or register' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const texts = await page.locator('.boot').innerText();
    const before = { h1: await box(page, 'h1'), lead: await box(page, '.lead'), button: await box(page, 'a.button') };
    release();
    await expect(page.locator('.boot')).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1, name: 'Vehicle filing and fines' })).toBeVisible();
    // The same words as the app's (locales/en.json): the first screen's texts are a copy.
    const app = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    for (const line of texts.split('\n').map((l) => l.trim()).filter(Boolean)) expect(app).toContain(line);
    expect({ h1: await box(page, 'h1'), lead: await box(page, '.lead'), button: await box(page, 'a.button') }).toEqual(before);
    expect(await page.evaluate(() => (window as any).__shifts)).toBe(0);
  });

  test('sign-in: the first screen is in English', async ({ page }) => {
    const release = await holdTheApp(page);
    await page.goto('/sign-in');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Mobile number')).toBeVisible();
    const texts = await page.locator('.boot').innerText();
    release();
    await expect(page.locator('.boot')).toHaveCount(0);
    const app = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    for (const line of texts.split('\n').map((l) => l.trim()).filter(Boolean)) expect(app).toContain(line);
  });
});

test('a signed-in user never sees the signed-out home: the first screen waits for the account, in the same place', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await countShifts(page);
  const release = await holdTheApp(page);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '机动车备案与违法处理' })).toBeVisible();
  await expect(page.getByText('正在加载账户信息…')).toBeVisible();
  await expect(page.getByRole('link', { name: '登录或注册' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  const before = { h1: await box(page, 'h1'), lead: await box(page, '.lead') };
  release();
  await expect(page.getByText('当前账号')).toBeVisible();
  await expect(page.getByRole('link', { name: '登录或注册' })).toHaveCount(0);
  expect({ h1: await box(page, 'h1'), lead: await box(page, '.lead') }).toEqual(before);
});

// What a user does on the first screen is done, not lost, however the app's arrival falls.

test('the first screen\'s language switch works before the app is there, and the app starts in that language', async ({ page }) => {
  const release = await holdTheApp(page);
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill('1380013');
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // What was typed stays through the switch.
  await expect(page.getByLabel('Mobile number')).toHaveValue('1380013');
  release();
  await expect(page.locator('.boot')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expect(page.getByLabel('Mobile number')).toHaveValue('1380013');
  await expect(page.getByRole('button', { name: /切换到简体中文/ })).toBeVisible();
  // Remembered as the app remembers it: a reload starts in English too.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});

test('a press on the first screen\'s button released after the app has taken over still asks for the code, once', async ({ page, sandbox }) => {
  const release = await holdTheApp(page);
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill('13800138000');
  const button = await page.getByRole('button', { name: '获取验证码' }).boundingBox();
  await page.mouse.move(button!.x + button!.width / 2, button!.y + button!.height / 2);
  await page.mouse.down();
  release();
  await expect(page.locator('.boot')).toHaveCount(0);
  await page.mouse.up();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  expect(await sandbox.smsCount('13800138000')).toBe(1);
});

// The app's language is a state, not a toggle: whatever the browser prefers and however a press on
// the switch falls against the app's arrival, the app ends in the language the user last chose.
for (const browser of ['zh-CN', 'en-US']) {
  test.describe(`a browser preferring ${browser}`, () => {
    test.use({ locale: browser });

    test('a press on the language switch released after the app has taken over switches once, to English', async ({ page }) => {
      const release = await holdTheApp(page);
      await page.goto('/sign-in');
      const button = await page.getByRole('button', { name: /Switch to English/ }).boundingBox();
      await page.mouse.move(button!.x + button!.width / 2, button!.y + button!.height / 2);
      await page.mouse.down();
      release();
      await expect(page.locator('.boot')).toHaveCount(0);
      await page.mouse.up();
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      await expect(page.getByRole('button', { name: /切换到简体中文/ })).toBeVisible();
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    });

    test('a tap on the language switch after the app has read its language but before its page is there ends in English', async ({ page }) => {
      // The tap lands in the gap the app leaves between starting (it reads the stored language,
      // the second read of it after the first screen's) and building its first page a task later.
      await page.addInitScript(() => {
        if (sessionStorage.getItem('test.tapped')) return;
        let reads = 0;
        const get = Storage.prototype.getItem;
        Storage.prototype.getItem = function (this: Storage, key: string) {
          const value = get.call(this, key);
          if (key === 'beian.locale' && ++reads === 2) {
            sessionStorage.setItem('test.tapped', '1');
            setTimeout(() => (document.querySelector('.boot [data-boot="lang"]') as HTMLElement | null)?.click(), 0);
          }
          return value;
        };
      });
      await page.goto('/sign-in');
      await expect(page.locator('.boot')).toHaveCount(0);
      expect(await page.evaluate(() => sessionStorage.getItem('test.tapped'))).toBe('1');
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      await expect(page.getByRole('button', { name: /切换到简体中文/ })).toBeVisible();
      await page.reload();
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    });

    test('a tap on the language switch as the app arrives ends in English', async ({ page }) => {
      await page.goto('/sign-in');
      await page.getByRole('button', { name: /Switch to English/ }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
      await expect(page.locator('.boot')).toHaveCount(0);
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    });
  });
}

test('signing out on the first screen of a signed-in home signs out once the app is there', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  const release = await holdTheApp(page);
  await page.reload();
  await page.getByRole('button', { name: '退出登录' }).click();
  release();
  await expect(page.getByText('您已退出登录。')).toBeVisible();
  await expect(page.getByText('当前账号')).toHaveCount(0);
});
