// A panic in WASM must not leave a blank page (issue 7): the real panic hook of the release build
// (src/panic.rs) replaces the page with a short "something went wrong" screen whose button
// reloads the page, and the reload brings the app back where the user was (still signed in, the
// wizard at its step). The panic is raised through the wasm bindings, as a bug would raise it:
// `__beian_panic_for_tests` (src/main.rs) is reachable from script only, never from the UI.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, signIn } from '../fixtures';

/** Calls the panicking export; the wasm traps after the hook ran, so the call throws. */
async function panicInWasm(page: Page): Promise<string> {
  return page.evaluate(() => {
    try {
      (window as any).wasmBindings.__beian_panic_for_tests();
      return 'returned';
    } catch (e) {
      return String(e);
    }
  });
}

// The panics here are raised on purpose.
test.use({ allowPanic: true });

test('a panic shows the crash screen instead of a blank page, and its reload button recovers the app', { tag: '@layout' }, async ({ page, sandbox }) => {
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await signIn(page, sandbox);
  await page.getByRole('link', { name: /备案机动车/ }).click();
  await page.getByRole('radio', { name: '车主短信验证码' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '号牌种类' })).toBeVisible();

  expect(await panicInWasm(page)).toMatch(/RuntimeError|unreachable/);
  const crash = page.getByRole('alert');
  await expect(crash.getByRole('heading', { level: 1, name: '出错了' })).toBeVisible();
  await expect(crash).toContainText('请重新加载页面后继续');
  await expect(page.getByRole('heading', { level: 1, name: '号牌种类' })).toHaveCount(0);
  expect(consoleErrors.join('\n')).toContain('a panic requested by a test');
  await expectAccessible(page);

  await page.getByRole('main').getByRole('button', { name: '重新加载页面' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '号牌种类' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '出错了' })).toHaveCount(0);
  // The app works again: the next step answers.
  await page.getByRole('radio', { name: '小型汽车（蓝牌）' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '车辆信息' })).toBeVisible();
});

test('the crash screen speaks English when the app was in English', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', /^en/);
  expect(await panicInWasm(page)).toMatch(/RuntimeError|unreachable/);
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();
});
