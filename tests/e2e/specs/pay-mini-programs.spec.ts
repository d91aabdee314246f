// The mini-program web-views, the iOS payment directory and Alipay's wap "quit" (the in-app bridges: pay-hosts.spec.ts).
// Paying inside the mini-programs' web-views, against the host simulator (host-sdk.ts): the page
// must load the platform's SDK from its real address (answered by the test browser with a stand-in
// that records every call) and hand the order to the mini-program's pay page; what happens when
// the SDK cannot be loaded or the hand-over fails; the return. Also: entering the pay steps in
// WeChat's in-app browser by a full page load (iOS WeChat's payment directory), and Alipay's wap
// page "quit" in a plain browser. Orders are counted through the stub: never a second one.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';
import { card, expectReceipt, orders, payOnProviderPage, settle, summary } from '../pay-steps';
import { ALIPAY_SDK, WECHAT_SDK, WECHAT_SDK_FALLBACK, payPageGoesBack, sdkCalls, simulateHost } from '../host-sdk';
import { wechatMiniProgramPay } from '../walks/mini-program';

test.describe.configure({ timeout: 90_000 });

test.beforeEach(async ({ sandbox }) => {
  await sandbox.setTimeOfDay(12, 0);
});

const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const WECHAT_MINI_UA = `${WECHAT_UA} miniProgram/wx1234567890abcdef`;
const ALIPAY_MINI_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Ariver/1.1.0 AliApp(AP/10.6.0.6000) Nebula WK RVKType(0) AlipayDefined(nt:WIFI,ws:390|780|3.0) AlipayClient/10.6.0.6000 Language/zh-Hans Region/CN NebulaX/1.0.0 MiniProgram';

/** Every CSP violation the page reports (a blocked SDK script would be one). */
async function recordCspViolations(page: Page) {
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}
const cspViolations = (page: Page) => page.evaluate(() => (window as any).__csp as string[]);

async function openDecisionW106(page: Page) {
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
}

const scriptsFrom = (page: Page, prefix: string) =>
  page.evaluate((prefix) => Array.from(document.scripts).filter((s) => s.src.startsWith(prefix)).length, prefix);

// A shared walk (walks/mini-program.ts): the same steps run in WebKit (webkit/walks.spec.ts), with
// an iPhone's user agent.
test.describe('shared walk', () => {
  test.use({ userAgent: wechatMiniProgramPay.host!.userAgent });
  test(wechatMiniProgramPay.title, { tag: '@layout' }, async ({ page, ui, sandbox }) => {
    await simulateHost(page, wechatMiniProgramPay.host!.sdk);
    await wechatMiniProgramPay.run(ui, sandbox);
  });
});

test.describe('a WeChat mini-program web-view', () => {
  test.use({ userAgent: WECHAT_MINI_UA });

  test('loads WeChat\'s JS-SDK only to pay, hands the order to the pay page, and shows the receipt on return', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    const requested = await simulateHost(page, { [WECHAT_SDK]: 'serve' });
    await recordCspViolations(page);
    await signIn(page, sandbox);
    await openDecisionW106(page);
    // Not loaded before it is needed, and nothing of it in the page.
    expect(requested).toEqual([]);
    expect(await page.evaluate(() => typeof (window as any).wx)).toBe('undefined');

    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '正在确认缴款结果' })).toBeVisible();
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0].host).toBe('wechat_mini_program');
    const id = all[0].order.order_id;
    expect(await sdkCalls(page)).toEqual([{ api: 'wx.miniProgram.navigateTo', url: `/pages/pay/pay?order=${id}` }]);
    expect(requested).toEqual([WECHAT_SDK]);
    expect(await scriptsFrom(page, 'https://res.wx.qq.com/')).toBe(1);
    expect(await cspViolations(page)).toEqual([]);

    // The pay page is on top; the user pays there and it navigates back.
    expect(await page.evaluate(() => document.visibilityState)).toBe('hidden');
    await settle(request, sandbox, id, 'pay');
    await payPageGoesBack(page);
    await expectReceipt(page, '¥150.00');
    await expectAccessible(page);
    expect(await orders(request, sandbox)).toHaveLength(1);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('the JS-SDK cannot be loaded: says what to do, in Chinese; once it loads, the same order is handed over', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    const answers: Record<string, 'serve' | 404 | 'network-error'> = { [WECHAT_SDK]: 'network-error', [WECHAT_SDK_FALLBACK]: 404 };
    const requested = await simulateHost(page, answers);
    await signIn(page, sandbox);
    await openDecisionW106(page);
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(summary(page)).toContainText('无法加载小程序的支付组件', { timeout: 20_000 });
    await expect(summary(page)).toContainText('未扣费');
    await expect(summary(page)).not.toContainText('浏览器');
    await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
    // WeChat's documented fallback host was tried after the first failed.
    expect(requested).toEqual([WECHAT_SDK, WECHAT_SDK_FALLBACK]);
    // A failed script is not left in the page.
    expect(await scriptsFrom(page, 'https://res')).toBe(0);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);

    // The network is back: paying again loads it and hands the same order over.
    answers[WECHAT_SDK] = 'serve';
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '正在确认缴款结果' })).toBeVisible();
    const all = await orders(request, sandbox);
    expect(all, 'never a second order').toHaveLength(1);
    expect(await sdkCalls(page)).toEqual([{ api: 'wx.miniProgram.navigateTo', url: `/pages/pay/pay?order=${all[0].order.order_id}` }]);
  });

  test('res.wx.qq.com unreachable: the fallback host res2.wx.qq.com is used', async ({ page, sandbox, request }) => {
    const requested = await simulateHost(page, { [WECHAT_SDK]: 'network-error', [WECHAT_SDK_FALLBACK]: 'serve' });
    await signIn(page, sandbox);
    await openDecisionW106(page);
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '正在确认缴款结果' })).toBeVisible();
    expect(requested).toEqual([WECHAT_SDK, WECHAT_SDK_FALLBACK]);
    const [order] = await orders(request, sandbox);
    expect((await sdkCalls(page)).map((c) => c.url)).toEqual([`/pages/pay/pay?order=${order.order.order_id}`]);
  });

  test('navigateTo fails: says so and keeps the page; paying again hands the same order over', async ({ page, sandbox, request }) => {
    await simulateHost(page, { [WECHAT_SDK]: 'serve' }, ['fail', 'ok']);
    await signIn(page, sandbox);
    await openDecisionW106(page);
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(summary(page)).toContainText('小程序的支付页面没有打开');
    await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '正在确认缴款结果' })).toBeVisible();
    const all = await orders(request, sandbox);
    expect(all, 'never a second order').toHaveLength(1);
    const url = `/pages/pay/pay?order=${all[0].order.order_id}`;
    expect(await sdkCalls(page)).toEqual([
      { api: 'wx.miniProgram.navigateTo', url },
      { api: 'wx.miniProgram.navigateTo', url },
    ]);
  });
});

test.describe('an Alipay mini-program web-view', () => {
  test.use({ userAgent: ALIPAY_MINI_UA });

  test('loads Alipay\'s web-view script and hands over with my.navigateTo (no tradePay here); the receipt on return', async ({ page, sandbox, request }) => {
    const requested = await simulateHost(page, { [ALIPAY_SDK]: 'serve' });
    await recordCspViolations(page);
    await signIn(page, sandbox);
    await openDecisionW106(page);
    await expect(page.getByLabel('支付宝')).toBeChecked();
    expect(requested).toEqual([]);
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '正在确认缴款结果' })).toBeVisible();
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0].host).toBe('alipay_mini_program');
    const id = all[0].order.order_id;
    expect(await sdkCalls(page)).toEqual([{ api: 'my.navigateTo', url: `/pages/pay/pay?order=${id}` }]);
    expect(requested).toEqual([ALIPAY_SDK]);
    expect(await cspViolations(page)).toEqual([]);
    await settle(request, sandbox, id, 'pay');
    await payPageGoesBack(page);
    await expectReceipt(page, '¥150.00');
    await expect(page.getByRole('definition').filter({ hasText: '支付宝' })).toBeVisible();
    expect(await orders(request, sandbox)).toHaveLength(1);
  });

  test('the web-view script cannot be loaded: says what to do', async ({ page, sandbox, request }) => {
    await simulateHost(page, { [ALIPAY_SDK]: 404 });
    await signIn(page, sandbox);
    await openDecisionW106(page);
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(summary(page)).toContainText('无法加载小程序的支付组件', { timeout: 20_000 });
    await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
    expect(await sdkCalls(page)).toEqual([]);
    expect(await orders(request, sandbox)).toHaveLength(1);
  });
});

test.describe('WeChat\'s in-app browser', () => {
  test.use({ userAgent: WECHAT_UA });

  test('enters the pay steps by a full page load (iOS WeChat checks the payment directory against the loaded URL)', async ({ page, sandbox }) => {
    const requested = await simulateHost(page, {});
    await signIn(page, sandbox);
    await page.goto('/violations?tab=processed');
    await expect(card(page, '大望桥')).toBeVisible();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    const load = page.waitForRequest((r) => r.isNavigationRequest() && new URL(r.url()).pathname === '/pay/check');
    await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
    await load;
    await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
    await expect(page.locator('.total')).toContainText('¥150.00');
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBeUndefined();
    // WeChat's in-app browser pays through its own bridge: no mini-program SDK.
    expect(requested).toEqual([]);
  });
});

test.describe('a plain mobile browser', () => {
  test('enters the pay steps in place, and never loads a host SDK', async ({ page, sandbox }) => {
    const requested = await simulateHost(page, {});
    await signIn(page, sandbox);
    await page.goto('/violations?tab=processed');
    await expect(card(page, '大望桥')).toBeVisible();
    await page.evaluate(() => ((window as any).__sameDocument = true));
    await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
    await page.getByLabel('支付宝').check();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await payOnProviderPage(page);
    await expectReceipt(page, '¥150.00');
    expect(requested).toEqual([]);
  });

  test('Alipay\'s wap page "quit": back to the app, which asks the server and says it is not paid; paying again uses the same order', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    await signIn(page, sandbox);
    await openDecisionW106(page);
    await page.getByLabel('支付宝').check();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible();
    await page.getByRole('link', { name: /放弃付款/ }).click();
    // Back on the app (the way back skips the provider's page, so the order is no longer in the address).
    await expect(page).toHaveURL(/\/pay\/result\?quit=1/);
    await expect(page.getByRole('heading', { level: 1, name: '未完成支付' })).toBeVisible();
    await expect(page.getByText(/未扣费/)).toBeVisible();
    await expectAccessible(page);
    const [order] = await orders(request, sandbox);
    expect(order.order.state, 'quitting does not settle the order').toBe('pending');

    await page.getByRole('button', { name: '重新支付' }).click();
    await expect(page.getByLabel('支付宝')).toBeChecked();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await payOnProviderPage(page);
    await expectReceipt(page, '¥150.00');
    const all = await orders(request, sandbox);
    expect(all, 'never a second order').toHaveLength(1);
    expect(all[0].order.state).toBe('paid');
  });

  test('quit, but the payment went through meanwhile: the receipt, not "not paid"', async ({ page, sandbox, request }) => {
    await signIn(page, sandbox);
    await openDecisionW106(page);
    await page.getByLabel('支付宝').check();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible();
    const [order] = await orders(request, sandbox);
    await settle(request, sandbox, order.order.order_id, 'pay');
    await page.getByRole('link', { name: /放弃付款/ }).click();
    await expectReceipt(page, '¥150.00');
  });
});
