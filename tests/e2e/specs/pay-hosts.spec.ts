// Paying inside WeChat's in-app browser (JSAPI) and the Alipay app (tradePay), against the host
// simulator (hosts/*.ts): the hosts' user agents, their bridges injected into every page and
// appearing only some hundred milliseconds after load with their ready events, answering as the
// hosts' documents say (or never), every call recorded. Before the first order the page learns the
// payer's id through the host's web authorization (the stub's simulated authorization pages).
// Every outcome ends on a clear screen in Chinese; the order's state is read from the stub, and
// there is never a second order.
import type { Page, Request } from '@playwright/test';
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';
import { alipayApp, ALIPAY_UA } from '../hosts/alipay';
import { wechatApp, WECHAT_IOS_UA, WECHAT_UA } from '../hosts/wechat';
import { card, expectReceipt, orders, settle, summary } from '../pay-steps';
import { wechatInAppPays } from '../walks/pay-wechat';

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

/** Pays, goes through the host's authorization page, and comes back to the check page. */
async function payThroughAuthorization(page: Page, brand: '微信' | '支付宝', choice: '允许 Allow' | '拒绝 Decline') {
  await page.getByRole('button', { name: '支付 ¥150.00' }).click();
  await expect(heading(page, new RegExp(`${brand}授权`))).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: choice }).click();
}

/** What the host's authorization page sent back (the 303's Location), to look for it later. */
function watchAuthReturn(page: Page) {
  const seen: { code?: string; state?: string } = {};
  page.on('response', (res) => {
    if (!/\/sandbox\/oauth\/\w+\/authorize$/.test(new URL(res.url()).pathname) || res.status() !== 303) return;
    const back = new URL(res.headers()['location']);
    seen.code = back.searchParams.get('code') ?? back.searchParams.get('auth_code') ?? undefined;
    seen.state = back.searchParams.get('state') ?? undefined;
  });
  return seen;
}

/** The code and the state are in no address, no storage and no console line. */
async function expectAuthLeftNoTrace(page: Page, seen: { code?: string; state?: string }, logs: string[]) {
  expect(seen.state, 'the authorization page returned a state').toBeTruthy();
  await expect(page).not.toHaveURL(/[?&](code|auth_code|state)=/);
  const stored = await page.evaluate(() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie);
  for (const secret of [seen.code, seen.state].filter(Boolean) as string[]) {
    expect(stored).not.toContain(secret);
    expect(logs.join('\n')).not.toContain(secret);
    expect(page.url()).not.toContain(secret);
  }
}

const consoleLines = (page: Page) => {
  const lines: string[] = [];
  page.on('console', (m) => lines.push(m.text()));
  return lines;
};

// A shared walk (walks/pay-wechat.ts): the same steps run in WebKit (webkit/walks.spec.ts).
test.describe('the shared walk', () => {
  test.use({ userAgent: WECHAT_UA });
  test(wechatInAppPays.title, { tag: '@layout' }, async ({ ui, page, sandbox }) => {
    await wechatApp(page, wechatInAppPays.host!.bridge);
    await wechatInAppPays.run(ui, sandbox);
  });
});

test.describe('inside WeChat (JSAPI)', () => {
  test.use({ userAgent: WECHAT_UA });

  test('the payer is authorized silently, the code and state leave no trace, the six JSAPI strings are passed, paid once', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    const host = await wechatApp(page, { answers: ['ok'] });
    const logs = consoleLines(page);
    const seen = watchAuthReturn(page);
    await signIn(page, sandbox);
    await toCheck(page);
    // Alipay is blocked inside WeChat: explained, nothing made.
    await expect(page.getByText(/微信内不能使用支付宝/).first()).toBeVisible();
    await payThroughAuthorization(page, '微信', '允许 Allow');
    await expectReceipt(page, '¥150.00');
    await expectAuthLeftNoTrace(page, seen, logs);

    const calls = host.payCalls();
    expect(calls).toHaveLength(1);
    expect(Object.keys(calls[0].params).sort()).toEqual(['appId', 'nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
    expect(Object.values(calls[0].argTypes as Record<string, string>)).toEqual(Array(6).fill('string'));
    expect(calls[0].params.package).toMatch(/^prepay_id=\w+$/);
    expect(calls[0].params.signType).toBe('RSA');
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ host: 'wechat_browser', order: { state: 'paid' } });
    expect((all[0] as any).payer_id).toMatch(/^o[0-9a-f]{27}$/);
    await expectAccessible(page);
  });

  test('declined authorization: a screen with the other ways to pay; then allowed, cancelled, failed with a variant, paid — one order', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    const host = await wechatApp(page, { answers: ['cancel', 'fail_no_permission', 'ok'] });
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '微信', '拒绝 Decline');
    await expect(summary(page)).toContainText('未获得微信授权，无法在微信内付款');
    await expect(page.getByText(/在浏览器打开/).first()).toBeVisible();
    await expect(page.getByLabel('在浏览器中打开的链接')).toHaveValue(/\/violations$/);
    await expect(page).not.toHaveURL(/state=/);
    expect(await orders(request, sandbox), 'no order without a payer').toHaveLength(0);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);

    await page.getByRole('button', { name: '重新授权' }).click();
    await expect(heading(page, /微信授权/)).toBeVisible();
    await page.getByRole('button', { name: '允许 Allow' }).click();
    await expect(heading(page, '已取消支付')).toBeVisible();
    await expect(page.getByText(/未扣费/)).toBeVisible();
    await page.getByRole('button', { name: '重新支付' }).click();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    // `fail_no_permission` is a failure, said at once (not a minute of "confirming").
    await expect(heading(page, '支付失败')).toBeVisible({ timeout: 5_000 });
    expect((await orders(request, sandbox))[0].order.state).toBe('pending');
    await page.getByRole('button', { name: '重新支付' }).click();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expectReceipt(page, '¥150.00');
    expect(host.payCalls()).toHaveLength(3);
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0].order.state).toBe('paid');
  });

  test('a return address used twice (reopened from history) is refused: the state and code are spent', async ({ page, sandbox, request }) => {
    await wechatApp(page, { answers: ['cancel'] });
    let back = '';
    page.on('response', (res) => {
      if (/\/sandbox\/oauth\/wechat\/authorize$/.test(new URL(res.url()).pathname) && res.status() === 303) back = res.headers()['location'];
    });
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '微信', '允许 Allow');
    await expect(heading(page, '已取消支付')).toBeVisible();
    expect(back).toContain('code=');
    await page.goto(back);
    await expect(summary(page)).toContainText('微信授权未能完成');
    await expect(page).not.toHaveURL(/code=/);
    await expect(page.getByRole('button', { name: '重新授权' })).toBeVisible();
    expect(await orders(request, sandbox)).toHaveLength(1);
  });

  test('a bridge that never becomes ready: said on the check page, with the way to a browser; one pending order', async ({ page, sandbox, request }) => {
    await wechatApp(page, { neverReady: true });
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '微信', '允许 Allow');
    await expect(page.getByRole('alert').filter({ hasText: '无法在当前应用中发起支付' })).toBeVisible({ timeout: 15_000 });
    // Nothing in the form to fix: said once, as an alert, not in the "fix these" summary.
    await expect(page.getByText(/无法在当前应用中发起支付/)).toHaveCount(1);
    await expect(summary(page)).toHaveCount(0);
    await expect(page.getByLabel('在浏览器中打开的链接')).toBeVisible();
    await expect(heading(page, '核对并缴款')).toBeVisible();
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0].order.state).toBe('pending');
  });

  test('a bridge that never answers: after 30 s the result page asks the server and says so; paid later, shown', async ({ page, sandbox, request }, testInfo) => {
    test.skip(testInfo.project.name === 'phone-320x640', 'timing, not layout: once is enough');
    const host = await wechatApp(page, { answers: ['none'] });
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '微信', '允许 Allow');
    await expect.poll(() => host.payCalls().length, { timeout: 10_000 }).toBe(1);
    await expect(page.getByRole('button', { name: '正在打开支付…' })).toBeDisabled();
    await expect(page.getByText('支付应用没有返回结果，正在向支付机构查询…')).toBeVisible({ timeout: 40_000 });
    await expect(heading(page, '正在确认缴款结果')).toBeVisible();
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0].order.state).toBe('pending');
    await settle(request, sandbox, all[0].order.order_id, 'pay');
    await expectReceipt(page, '¥150.00');
  });

  test.describe('on iOS, where only __wxjs_environment tells a mini-program web-view', () => {
    test.use({ userAgent: WECHAT_IOS_UA });

    test('the environment is read at WeixinJSBridgeReady, not before: the order is a mini-program one, no authorization', async ({ page, sandbox, request }) => {
      // A slow host: the bridge (and with it the environment) comes 2.5 s after the page loaded,
      // well after the check page is shown, still within the 3 s the page waits.
      await wechatApp(page, { environment: 'miniprogram', readyAfterMs: 2_500 });
      const auth: Request[] = [];
      page.on('request', (r) => r.url().includes('payer-authorization') && auth.push(r));
      await signIn(page, sandbox);
      await toCheck(page);
      await page.getByRole('button', { name: '支付 ¥150.00' }).click();
      await expect.poll(async () => (await orders(request, sandbox)).length, { timeout: 10_000 }).toBe(1);
      expect((await orders(request, sandbox))[0].host).toBe('wechat_mini_program');
      expect(auth).toHaveLength(0);
    });
  });
});

test.describe('inside the Alipay app (tradePay)', () => {
  test.use({ userAgent: ALIPAY_UA });

  test('authorized (auth_base), then 6001 cancelled, 4000 failed, 9000 paid; tradeNO passed; one order for the buyer', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    const host = await alipayApp(page, { answers: ['6001', '4000', '9000'] });
    const logs = consoleLines(page);
    const seen = watchAuthReturn(page);
    await signIn(page, sandbox);
    await toCheck(page);
    await expect(page.getByLabel('支付宝')).toBeChecked();
    await expect(page.getByText(/支付宝内不能使用微信支付/).first()).toBeVisible();
    await payThroughAuthorization(page, '支付宝', '允许 Allow');
    await expect(heading(page, '已取消支付')).toBeVisible();
    await expectAuthLeftNoTrace(page, seen, logs);
    await page.getByRole('button', { name: '重新支付' }).click();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expect(heading(page, '支付失败')).toBeVisible();
    await page.getByRole('button', { name: '重新支付' }).click();
    await page.getByRole('button', { name: '支付 ¥150.00' }).click();
    await expectReceipt(page, '¥150.00');
    await expect(page.getByRole('definition').filter({ hasText: '支付宝' })).toBeVisible();
    const calls = host.payCalls();
    expect(calls).toHaveLength(3);
    expect(Object.keys(calls[0].params)).toEqual(['tradeNO']);
    expect(calls[0].params.tradeNO).toMatch(/^\d{4}\w+$/);
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ host: 'alipay_app', order: { state: 'paid' } });
    expect((all[0] as any).payer_id).toMatch(/^2088\d{12}$/);
    await expectAccessible(page);
  });

  test('declined authorization: the other ways to pay, nothing made', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    await alipayApp(page);
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '支付宝', '拒绝 Decline');
    await expect(summary(page)).toContainText('未获得支付宝授权，无法在支付宝内付款');
    await expect(page.getByLabel('在浏览器中打开的链接')).toHaveValue(/\/violations$/);
    await expect(page.getByRole('button', { name: '重新授权' })).toBeVisible();
    await expect(page).not.toHaveURL(/state=/);
    expect(await orders(request, sandbox)).toHaveLength(0);
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
  });

  test('99 (left the cashier): asked once, then "not confirmed yet" with the ways on, within seconds', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    await alipayApp(page, { answers: ['99'] });
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '支付宝', '允许 Allow');
    await expect(heading(page, '暂未确认缴款')).toBeVisible({ timeout: 8_000 });
    await expect(page.getByText(/您已离开支付页面/)).toBeVisible();
    await expect(page.getByText(/同一订单不会重复扣款/)).toBeVisible();
    await expect(page.getByRole('button', { name: '再次查询' })).toBeVisible();
    await expect(page.getByRole('link', { name: '返回违法列表' })).toBeVisible();
    await expect(page.getByRole('link', { name: '返回首页' })).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
    // Paid after all (the user went back into Alipay): "check again" shows it.
    const [o] = await orders(request, sandbox);
    expect(o.order.state).toBe('pending');
    await settle(request, sandbox, o.order.order_id, 'pay');
    await page.getByRole('button', { name: '再次查询' }).click();
    await expectReceipt(page, '¥150.00');
    expect(await orders(request, sandbox)).toHaveLength(1);
  });

  test('a bridge that never becomes ready: said, with the way to a browser', async ({ page, sandbox, request }) => {
    await alipayApp(page, { neverReady: true });
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '支付宝', '允许 Allow');
    await expect(page.getByRole('alert').filter({ hasText: '无法在当前应用中发起支付' })).toBeVisible({ timeout: 15_000 });
    // Nothing in the form to fix: said once, as an alert, not in the "fix these" summary.
    await expect(page.getByText(/无法在当前应用中发起支付/)).toHaveCount(1);
    await expect(summary(page)).toHaveCount(0);
    await expect(page.getByLabel('在浏览器中打开的链接')).toBeVisible();
    expect(await orders(request, sandbox)).toHaveLength(1);
  });

  test('a bridge that never answers: the result page asks the server and says so', async ({ page, sandbox, request }, testInfo) => {
    test.skip(testInfo.project.name === 'phone-320x640', 'timing, not layout: once is enough');
    await alipayApp(page, { answers: ['none'] });
    await signIn(page, sandbox);
    await toCheck(page);
    await payThroughAuthorization(page, '支付宝', '允许 Allow');
    await expect(page.getByText('支付应用没有返回结果，正在向支付机构查询…')).toBeVisible({ timeout: 45_000 });
    const all = await orders(request, sandbox);
    expect(all).toHaveLength(1);
    expect(all[0].order.state).toBe('pending');
  });
});
