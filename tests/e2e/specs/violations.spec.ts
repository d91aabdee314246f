// Violations of filed vehicles (issue 5): the list and detail pages, handling (rules, SMS code),
// the check page and paying in every host the page can run in: a plain browser through the
// stub's simulated WeChat Pay / Alipay pages. WeChat's in-app browser and the Alipay app:
// specs/pay-hosts.spec.ts, against the host simulator (hosts/); the mini-programs' web-views:
// specs/pay-mini-programs.spec.ts, against the SDK simulator (host-sdk.ts). Orders are counted
// through the stub.
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';
import { handleAndPay } from '../walks/violations';
import { card, expectReceipt, handle, openViolations, orders, payOnProviderPage, settle, summary } from '../pay-steps';

test.describe.configure({ timeout: 120_000 });

// Midday on the stub's clock, whatever the time the tests run: payments pause from 23:45 to 00:05.
test.beforeEach(async ({ sandbox }) => {
  await sandbox.setTimeOfDay(12, 0);
});

const ME = '13800138000';
const LI_NA = '13900139000'; // 10 points: a 3-point violation would bring her to 12

// A shared walk (walks/violations.ts): the same steps run in WebKit (webkit/walks.spec.ts).
test(handleAndPay.title, { tag: '@layout' }, ({ ui, sandbox }) => handleAndPay.run(ui, sandbox));

test('the list shows both tabs, why some cannot be handled, and every field on the detail page', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await openViolations(page);
  // Unprocessed, all vehicles.
  await expect(card(page, '国贸桥北')).toContainText('京A12345');
  await expect(card(page, '国贸桥北').getByRole('checkbox', { name: /选择/ })).toBeVisible();
  await expect(card(page, '复兴门桥')).toContainText('记分且发生在您备案之前');
  await expect(card(page, '复兴门桥').getByRole('checkbox')).toHaveCount(0);
  await expect(card(page, '京藏高速')).toContainText('罚款超过200元');
  await expect(card(page, '京藏高速').getByRole('checkbox')).toHaveCount(0);
  await expect(card(page, '世纪大道')).toContainText('沪AD12345');
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);

  // Nothing selected: said at the top.
  await page.getByRole('button', { name: '处理并缴款' }).click();
  await expect(summary(page)).toContainText('请至少选择一条违法记录');
  await card(page, '国贸桥北').getByRole('checkbox', { name: /选择/ }).check();
  await expect(page.getByText('已选 1 条 · ¥200.00 · 记 0 分')).toBeVisible();

  // One vehicle only.
  await page.getByLabel('车辆').selectOption({ label: '沪AD12345' });
  await expect(card(page, '世纪大道')).toBeVisible();
  await expect(card(page, '国贸桥北')).toHaveCount(0);
  await page.getByLabel('车辆').selectOption({ label: '全部已备案车辆' });

  // Processed: decision numbers, paid or not, the surcharge once overdue.
  await page.getByRole('link', { name: '已处理' }).click();
  await expect(page.getByRole('link', { name: '已处理' })).toHaveAttribute('aria-current', 'page');
  await expect(card(page, '东单北大街')).toContainText('已处理，未缴款');
  await expect(card(page, '东单北大街')).toContainText('加处罚款');
  await expect(card(page, '南三环西路')).toContainText('已处理，已缴款');
  await expect(card(page, '南三环西路').getByRole('button')).toHaveCount(0);
  await expectAccessible(page);
  // The tab survives a reload (it is in the address).
  await page.reload();
  await expect(page.getByRole('link', { name: '已处理' })).toHaveAttribute('aria-current', 'page');

  await card(page, '东单北大街').getByRole('link', { name: /详情/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '违法详情' })).toBeVisible();
  for (const label of ['号牌号码', '违法时间', '地点', '违法行为', '违法代码', '记分', '罚款', '加处罚款', '采集机关', '处理机关', '决定书编号', '决定日期']) {
    await expect(page.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) })).toBeVisible();
  }
  await expect(page.getByRole('definition').filter({ hasText: /^1101\d{12}$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: '缴纳罚款' })).toBeVisible();
  await expectAccessible(page);
});

test('handle two violations and pay with WeChat Pay in a browser: wrong code first, one order, the receipt, then processed', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await openViolations(page);
  await card(page, '国贸桥北').getByRole('checkbox', { name: /选择/ }).check();
  await card(page, '中关村大街').getByRole('checkbox', { name: /选择/ }).check();
  await page.getByRole('button', { name: '处理并缴款' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '处理须知' })).toBeVisible();
  await expect(page.getByText('将在您本人的驾驶证上记 1 分。')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(summary(page)).toContainText('请勾选同意处理须知');
  await page.getByLabel('我已阅读并同意处理以上违法').check();
  await page.getByRole('button', { name: '继续' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '短信验证确认' })).toBeVisible();
  await expect(page.getByText('您将处理 2 条违法：共 ¥300.00，驾驶证记 1 分。')).toBeVisible();
  await page.getByRole('button', { name: '发送验证码' }).click();
  await expect(page.getByText('验证码已发送至 138****8000，5 分钟内有效。')).toBeVisible();
  const code = await sandbox.lastCode(ME, 'handling');
  const wrong = code === '000000' ? '111111' : '000000';
  await page.getByLabel('短信验证码').fill(wrong);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(summary(page)).toContainText('验证码不正确');
  await expect(page.getByLabel('短信验证码')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
  await page.getByLabel('短信验证码').fill(code);
  await page.getByRole('button', { name: '确认', exact: true }).click();

  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^1101\d{12}$/ })).toHaveCount(2);
  await expect(page.locator('.total')).toContainText('¥300.00');
  await expect(page.getByLabel('微信支付')).toBeChecked();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await page.getByRole('button', { name: '支付 ¥300.00' }).click();

  await payOnProviderPage(page);
  await expect(page).toHaveURL(/\/pay\/result/);
  await expectReceipt(page, '¥300.00');
  await expect(page.getByRole('definition').filter({ hasText: '微信支付' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^1101\d{12}$/ })).toHaveCount(2);
  await expectAccessible(page);

  const all = await orders(request, sandbox);
  expect(all).toHaveLength(1);
  expect(all[0].order.state).toBe('paid');

  await page.getByRole('link', { name: '查看已处理违法' }).click();
  await expect(card(page, '国贸桥北')).toContainText('已处理，已缴款');
  await expect(card(page, '中关村大街')).toContainText('已处理，已缴款');
});

test('an overdue decision with Alipay in a browser: the surcharge is added, cancel, then pay the same order', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await page.goto('/violations?tab=processed');
  await card(page, '东单北大街').getByRole('button', { name: /缴纳罚款/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
  // Decided 20 days ago: 5 days overdue, 3 % of ¥200 a day.
  await expect(page.getByRole('definition').filter({ hasText: '¥30.00' })).toBeVisible();
  await expect(page.locator('.total')).toContainText('¥230.00');
  await page.getByLabel('支付宝').check();
  await page.getByRole('button', { name: '支付 ¥230.00' }).click();

  await payOnProviderPage(page, '取消 Cancel');
  await expect(page.getByRole('heading', { level: 1, name: '已取消支付' })).toBeVisible();
  await expect(page.getByText(/未扣费/)).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: '重新支付' }).click();
  await expect(page.getByLabel('支付宝')).toBeChecked();
  await page.getByRole('button', { name: '支付 ¥230.00' }).click();
  await payOnProviderPage(page);
  await expectReceipt(page, '¥230.00');
  await expect(page.getByRole('definition').filter({ hasText: '支付宝' })).toBeVisible();

  const all = await orders(request, sandbox);
  expect(all, 'the retry reused the cancelled order').toHaveLength(1);
  expect(all[0].order.state).toBe('paid');
});

test('paid on the provider page but the way back is lost: the result page finds it paid by asking', async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
  await page.getByRole('button', { name: '支付 ¥150.00' }).click();
  await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible();
  // The user pays in the provider's app; its return never reaches this tab.
  const [order] = await orders(request, sandbox);
  await settle(request, sandbox, order.order.order_id, 'pay');
  // The user comes back to the app by hand (history, reload): the flow resumes on the result page.
  await page.goto('/pay');
  await expectReceipt(page, '¥150.00');
  await page.reload();
  await expectReceipt(page, '¥150.00');
});

test('a pending payment is asked about until confirmed; a double tap and a reload never make a second order', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await page.goto('/violations?tab=processed');
  await card(page, '漕溪北路').getByRole('button', { name: /缴纳罚款/ }).click();
  // Decided 100 days ago: the surcharge is capped at the fine.
  await expect(page.locator('.total')).toContainText('¥400.00');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
  // Slow answers make a second tap likely.
  await sandbox.fault({ method: 'POST', path: '/api/payments', delay_ms: 1500, times: 2 });
  await page.getByRole('button', { name: '支付 ¥400.00' }).dblclick();
  await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible({ timeout: 10_000 });
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
  await page.getByRole('button', { name: '支付 ¥400.00' }).click();
  await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible({ timeout: 10_000 });
  const open = (await orders(request, sandbox)).filter((o) => !o.superseded);
  expect(open, 'one order for the decision').toHaveLength(1);

  // Back on the result page with the order still pending: it keeps asking, and shows the payment
  // once the provider confirms it.
  await page.goto('/pay/result');
  await expect(page.getByRole('heading', { level: 1, name: '正在确认缴款结果' })).toBeVisible();
  await expectAccessible(page);
  await settle(request, sandbox, open[0].order.order_id, 'pay');
  await expectReceipt(page, '¥400.00');
});

test('an amount that grew while the page was open is shown before paying', async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
  await expect(page.locator('.total')).toContainText('¥150.00');
  // Decided 3 days ago; 14 days later it is 2 days overdue: 2 × 3 % of ¥150.
  await sandbox.advanceClock(14 * 24 * 3600);
  await page.getByRole('button', { name: '支付 ¥150.00' }).click();
  await expect(summary(page)).toContainText('应缴金额已变为 ¥159.00');
  await expect(page.locator('.total')).toContainText('¥159.00');
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
  await page.getByRole('button', { name: '支付 ¥159.00' }).click();
  await payOnProviderPage(page);
  await expectReceipt(page, '¥159.00');
  expect(await orders(request, sandbox)).toHaveLength(1);
});

test('empty and failed lists say so; "try again" loads the list', { tag: '@layout' }, async ({ page, sandbox }) => {
  // A new user with no filed vehicle has nothing to handle.
  await signIn(page, sandbox, '13912345678');
  await openViolations(page);
  await expect(page.getByText('没有未处理的违法记录，无需办理。')).toBeVisible();
  await expect(page.getByRole('button', { name: '处理并缴款' })).toHaveCount(0);
  await page.getByRole('link', { name: '已处理' }).click();
  await expect(page.getByText('还没有已处理的违法记录。')).toBeVisible();
  await expectAccessible(page);

  await sandbox.fault({ method: 'GET', path: '/api/violations', status: 503, times: 1 });
  await page.getByRole('link', { name: '未处理' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '服务暂时不可用' });
  await expect(alert).toBeVisible();
  await expect(alert).not.toContainText('{');
  await alert.getByRole('button', { name: '重试' }).click();
  await expect(page.getByText('没有未处理的违法记录，无需办理。')).toBeVisible();
  await expect(alert).toHaveCount(0);
});

test('a violation that may not be handled shows why and cannot be selected', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox, LI_NA);
  await openViolations(page);
  await expect(card(page, '人民南路四段')).toContainText('处理后您的驾驶证记分将达到12分');
  await expect(card(page, '人民南路四段').getByRole('checkbox')).toHaveCount(0);
  await expect(card(page, '一环路西一段').getByRole('checkbox', { name: /选择/ })).toBeVisible();
  await card(page, '人民南路四段').getByRole('link', { name: /详情/ }).click();
  await expect(page.getByText('处理后您的驾驶证记分将达到12分')).toBeVisible();
  await expect(page.getByRole('button', { name: '处理并缴款' })).toHaveCount(0);
  await expectAccessible(page);
});

test('payments pause in the settlement window, with the time they reopen', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await sandbox.setTimeOfDay(23, 50);
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
  await page.getByRole('button', { name: /^支付 ¥/ }).click();
  await expect(summary(page)).toContainText('每日 23:45 至次日 00:05');
  await expect(page.getByText('请在 00:05 后再缴款').first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
});

test('in English, the check page and the result are translated', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('button', { name: /Pay the fine/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check and pay' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'How do you want to pay?' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Pay ¥150.00' }).click();
  await payOnProviderPage(page, '模拟失败 Fail');
  await expect(page.getByRole('heading', { level: 1, name: 'Payment failed' })).toBeVisible();
  await expect(page.getByText(/Nothing was charged/)).toBeVisible();
  await expectAccessible(page);
});

// The mini-programs' web-views (SDK loaded from its real address, hand-over, return): pay-mini-programs.spec.ts.

// WeChat's in-app browser (JSAPI) and the Alipay app (tradePay) are paid through against the host
// simulator in specs/pay-hosts.spec.ts.

