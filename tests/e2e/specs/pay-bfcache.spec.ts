// Coming back to the check page or the result page from the back-forward cache (`pageshow` with
// `persisted`): the page is as it was left, the order may not be; both ask the server again.
// Playwright turns the cache off by default (`--disable-back-forward-cache`): this file turns it
// back on for its own browser.
import type { Page } from '@playwright/test';
import { test, expect, signIn } from '../fixtures';
import { card, expectReceipt, orders, settle } from '../pay-steps';

test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ sandbox }) => {
  await sandbox.setTimeOfDay(12, 0);
});

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

async function toCheck(page: Page) {
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
  await expect(heading(page, '核对并缴款')).toBeVisible();
}

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
});

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => addEventListener('pageshow', (e) => ((window as any).__restored = e.persisted)));
});
const expectRestored = async (page: Page) =>
  expect(await page.evaluate(() => (window as any).__restored), 'the page came back from the back-forward cache').toBe(true);

test('the check page asks the server again: paid meanwhile, the receipt; never stuck on "opening payment"', async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await toCheck(page);
  await page.getByLabel('支付宝').check();
  await page.getByRole('button', { name: '支付 ¥150.00' }).click();
  await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible();
  // Paid in the provider's app meanwhile; the user comes back with the back button.
  const [o] = await orders(request, sandbox);
  await settle(request, sandbox, o.order.order_id, 'pay');
  // A page restored from the cache fires no `load`: wait for the commit only.
  await page.goBack({ waitUntil: 'commit' });
  await expectRestored(page);
  await expectReceipt(page, '¥150.00');
  expect(await orders(request, sandbox)).toHaveLength(1);
});

test('the result page asks the server again, even after a final answer (cancelled, then paid elsewhere)', async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await toCheck(page);
  await page.getByLabel('支付宝').check();
  await page.getByRole('button', { name: '支付 ¥150.00' }).click();
  await page.getByRole('button', { name: '取消 Cancel' }).click();
  await expect(heading(page, '已取消支付')).toBeVisible();
  const [o] = await orders(request, sandbox);
  expect(o.order.state).toBe('cancelled');
  // The user leaves, pays the same order another way, and comes back with the back button
  // (the page becomes visible again too, but a cancelled order gave it no reason to ask).
  await page.goto('/sandbox/orders');
  await settle(request, sandbox, o.order.order_id, 'pay');
  // A page restored from the cache fires no `load`: wait for the commit only.
  await page.goBack({ waitUntil: 'commit' });
  await expectRestored(page);
  await expectReceipt(page, '¥150.00');
  expect(await orders(request, sandbox)).toHaveLength(1);
});
