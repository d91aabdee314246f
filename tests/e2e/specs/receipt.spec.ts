// The receipt of a paid order (issue 19, point 9) and the way back after paying on the
// provider's page (point 8). The receipt is its own page (/receipts/:order), reached from the
// result page, from a paid violation in the processed list and from the message that confirms
// the payment; it prints (a print stylesheet, window.print) and saves as an image (a PNG drawn on a
// canvas: downloaded in a browser, shown to long-press inside WeChat or Alipay).
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';
import { card, expectReceipt, payOnProviderPage } from '../pay-steps';
import { payByApi, signInEnglish } from '../receipt-steps';

test.describe.configure({ timeout: 90_000 });

test.beforeEach(async ({ sandbox }) => {
  await sandbox.setTimeOfDay(12, 0);
});

const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';

/** The value of the label/value row `label` (exact) in `scope`. */
function value(scope: Locator | Page, label: string) {
  const page = 'page' in scope ? scope.page() : scope;
  return scope.locator('.summary > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
}

test('paid on the provider page: Back does not return to it, and the result leads to a receipt that prints and saves as an image', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.goto('/violations?tab=processed');
  await card(page, '东单北大街').getByRole('button', { name: /缴纳罚款/ }).click();
  await expect(page.locator('.total')).toContainText('¥230.00');
  await page.getByLabel('支付宝').check();
  await page.getByRole('button', { name: '支付 ¥230.00' }).click();
  await payOnProviderPage(page);
  await expectReceipt(page, '¥230.00');

  // Back: not the provider's page offering to pay again, but where the user was before paying.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: '违法处理' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /确认付款/ })).toHaveCount(0);
  expect(page.url()).not.toContain('/sandbox/');
  await page.goForward();
  await expectReceipt(page, '¥230.00');

  await page.getByRole('link', { name: '查看和保存缴款凭证' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '缴款凭证' })).toBeVisible();
  await expect(value(page, '缴款金额')).toHaveText('¥230.00');
  await expect(value(page, '支付方式')).toHaveText('支付宝');
  await expect(value(page, '缴款时间')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await expect(value(page, '订单号')).toHaveText(/\S+/);
  await expect(value(page, '交易流水号')).toHaveText(/^\d{4}\w+$/);
  const item = page.getByRole('listitem').filter({ hasText: '决定书编号' });
  await expect(value(item, '决定书编号')).toHaveText(/^\d{16}$/);
  await expect(value(item, '号牌号码')).toHaveText(/^京/);
  await expect(value(item, '罚款')).toHaveText('¥200.00');
  await expect(value(item, '加处罚款')).toHaveText('¥30.00');
  await expect(value(item, '小计')).toHaveText('¥230.00');
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);

  // Print or save as PDF: the browser's print dialog.
  await page.evaluate(() => {
    (window as any).__printed = 0;
    window.print = () => { (window as any).__printed += 1; };
  });
  await page.getByRole('button', { name: '打印或存为 PDF' }).click();
  expect(await page.evaluate(() => (window as any).__printed)).toBe(1);
  // Printed, only the receipt: no header, no buttons, no links back.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1, name: '缴款凭证' })).toBeVisible();
  await expect(value(item, '加处罚款')).toBeVisible();
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('button', { name: '打印或存为 PDF' })).toBeHidden();
  await expect(page.getByRole('link', { name: '返回已处理违法' })).toBeHidden();
  await expectNoHorizontalOverflow(page);
  await page.emulateMedia({ media: 'screen' });

  // Save as image: a PNG downloads, and shows to long-press where downloads do not work.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '保存为图片' }).click();
  expect((await download).suggestedFilename()).toMatch(/^receipt-.+\.png$/);
  const image = page.getByRole('img', { name: '缴款凭证图片' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBe(750);
  await expect(page.getByRole('status').filter({ hasText: '请长按下方图片保存到相册' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
});

test('the receipt is reachable later from the processed list and from the message confirming the payment', async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  const order = await payByApi(page, request, sandbox, '大望桥');
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('link', { name: /缴款凭证/ }).click();
  await expect(page).toHaveURL(new RegExp(`/receipts/${order}$`));
  await expect(value(page, '缴款金额')).toHaveText('¥150.00');
  await expect(value(page, '订单号')).toHaveText(order);
  await page.goto('/messages');
  await page.getByRole('link', { name: /缴款已确认/ }).click();
  await expect(page).toHaveURL(new RegExp(`/receipts/${order}$`));
  await expect(value(page, '缴款金额')).toHaveText('¥150.00');
  // Unpaid violations have no receipt link.
  await page.goto('/violations?tab=processed');
  await expect(card(page, '东单北大街').getByRole('link', { name: /缴款凭证/ })).toHaveCount(0);
});

test('an order not paid has no receipt, and says so; an unknown one is not found', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  const order = await payByApi(page, request, sandbox, '大望桥', false);
  await page.goto(`/receipts/${order}`);
  await expect(page.getByRole('alert')).toHaveText('这笔订单还没有缴款成功，暂无缴款凭证。');
  await expect(page.getByRole('button', { name: '保存为图片' })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto('/receipts/pay-nope');
  await expect(page.getByRole('alert')).toHaveText('未找到该缴款订单。');
});

test.describe('inside WeChat', () => {
  test.use({ userAgent: WECHAT_UA });

  test('the image is shown to long-press, nothing is downloaded', async ({ page, sandbox, request }) => {
    await signIn(page, sandbox);
    const order = await payByApi(page, request, sandbox, '大望桥');
    await page.goto(`/receipts/${order}`);
    let downloads = 0;
    page.on('download', () => { downloads += 1; });
    await page.getByRole('button', { name: '保存为图片' }).click();
    await expect(page.getByRole('img', { name: '缴款凭证图片' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '在微信、支付宝等应用内无法下载，请长按下方图片保存到相册' })).toBeVisible();
    await page.waitForTimeout(500);
    expect(downloads).toBe(0);
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('the receipt in English', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    await signInEnglish(page, sandbox);
    const order = await payByApi(page, request, sandbox, '东单北大街');
    await page.goto(`/receipts/${order}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Receipt' })).toBeVisible();
    await expect(value(page, 'Late surcharge')).toHaveText('¥30.00');
    await expect(page.getByRole('button', { name: 'Print or save as PDF' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save as image' })).toBeVisible();
    // No value runs out of its box (the long transaction number included).
    const overflowing = await page.locator('.summary dd').evaluateAll((els) =>
      els
        .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > e.closest('.card')!.getBoundingClientRect().right + 1)
        .map((e) => e.textContent),
    );
    expect(overflowing).toEqual([]);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
  });
});
