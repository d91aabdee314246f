// A panic in WASM must not leave a blank page (issue 7): the release build aborts at once on a
// panic (a wasm trap, no hook: xtask/src/split.rs), and index.html's boot script replaces the page
// with a short "something went wrong" screen whose button reloads the page; the reload brings the
// app back where the user was (still signed in, the wizard at its step). The panic is raised
// through the wasm bindings, as a bug in an event handler would raise it (from a task, uncaught):
// `__beian_panic_for_tests` (src/main.rs) is reachable from script only, never from the UI.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, signIn } from '../fixtures';

/** Calls the panicking export from a timer task, as the browser calls the app's event handlers
 *  (the trap is then an uncaught error), or from a promise reaction, as the app's futures run (an
 *  unhandled rejection); returns the page's error. */
async function panicInWasm(page: Page, from: 'task' | 'promise' = 'task'): Promise<string> {
  const error = page.waitForEvent('pageerror');
  await page.evaluate((from) => {
    const panic = () => (window as any).wasmBindings.__beian_panic_for_tests();
    if (from === 'task') setTimeout(panic, 0);
    else void Promise.resolve().then(panic);
  }, from);
  const e = await error;
  return `${e.name}: ${e.message}`;
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
  expect(consoleErrors.join('\n')).toContain('beian: the app stopped');
  await expectAccessible(page);

  await page.getByRole('main').getByRole('button', { name: '重新加载页面' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '号牌种类' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: '出错了' })).toHaveCount(0);
  // The app works again: the next step answers.
  await page.getByRole('radio', { name: '小型汽车（蓝牌）' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '车辆信息' })).toBeVisible();
});

test('the crash screen speaks English when the app was in English, and shows for a panic in a future too', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', /^en/);
  expect(await panicInWasm(page, 'promise')).toMatch(/RuntimeError|unreachable/);
  await expect(page.getByRole('heading', { level: 1, name: 'Something went wrong' })).toBeVisible();
  await page.getByRole('button', { name: 'Reload the page' }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();
});
