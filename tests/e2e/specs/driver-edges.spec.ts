// What a driver meets walking every flow on a phone (issue 19): signing in again within a minute,
// messages that say what they are about and open it, the way back home, the 320 px layout of
// label/value lists and of the "handle and pay" bar, the app's own file buttons, and wording.
// Each test runs at both phone sizes (playwright.config.ts); the text ones also in English.
import type { Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';
import { card } from '../pay-steps';
import { english, payByApi, signInEnglish } from '../receipt-steps';
import { ACTIVE, scanPhoto, startQrFiling, vehiclePhoto } from '../qr-steps';

test.describe.configure({ timeout: 90_000 });

const ME = '13800138000';

test.beforeEach(async ({ sandbox }) => {
  await sandbox.setTimeOfDay(12, 0);
});

/** How many lines the text of `el` takes. */
const lines = (el: Locator) =>
  el.evaluate((e) => {
    const r = document.createRange();
    r.selectNodeContents(e);
    const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
    return tops.size;
  });

/** Every label of every label/value list on the page takes one line. */
async function expectLabelsOnOneLine(page: Page) {
  const labels = page.locator('.summary dt');
  await expect(labels.first()).toBeVisible();
  const n = await labels.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const dt = labels.nth(i);
    expect(await lines(dt), `the label "${await dt.textContent()}" breaks`).toBe(1);
  }
}

// ---- 2. Signing in again within a minute ----

test('a code asked for again within a minute: the field stays, the earlier code still signs in, a new one is counted down to', { tag: '@layout' }, async ({ page, sandbox }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill(ME);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码已发送至 138****8000，5 分钟内有效。')).toBeVisible();
  // The user goes back to the number (a typo they thought they made) and asks again.
  await page.getByRole('button', { name: '更换手机号码' }).click();
  await page.getByLabel('手机号码').fill(ME);
  await page.getByRole('button', { name: '获取验证码' }).click();
  // Not "too frequent, try in 60 s" with the field gone: the field, and what to do.
  await expect(page.getByRole('status').filter({ hasText: '不到 1 分钟前已向 138****8000 发送过验证码' })).toContainText('如果您在 5 分钟内收到过验证码且还没有用过，请直接输入');
  await expect(page.getByLabel('短信验证码')).toBeVisible();
  const countdown = page.getByText(/^\d+ 秒后可重新获取验证码$/);
  const first = Number((await countdown.textContent())!.match(/\d+/)![0]);
  expect(first).toBeGreaterThan(40);
  expect(first).toBeLessThanOrEqual(60);
  await expect.poll(async () => Number((await countdown.textContent())!.match(/\d+/)![0]), { timeout: 5_000 }).toBeLessThan(first);
  expect(await sandbox.smsCount(ME), 'no second SMS went out').toBe(1);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode(ME));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('当前账号')).toBeVisible();
});

test('signing out and in again within a minute: the code used is spent, so the wait counts down and then a new code comes', { tag: '@layout' }, async ({ page, sandbox }) => {
  // The page's clock is Playwright's, flowing as usual until the test moves it a minute on.
  await page.clock.install();
  await page.clock.resume();
  await signIn(page, sandbox);
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByText('您已退出登录。')).toBeVisible();
  await page.getByLabel('手机号码').fill(ME);
  await page.getByRole('button', { name: '获取验证码' }).click();
  // Said once, without the raw "too frequent", with the button counting down.
  await expect(page.getByRole('status').filter({ hasText: '不到 1 分钟前已向这个号码发送过验证码，它已经用过或已失效' })).toBeVisible();
  await expect(page.getByText('操作过于频繁')).toHaveCount(0);
  const button = page.getByRole('button', { name: /秒后可重新获取验证码/ });
  await expect(button).toBeDisabled();
  await expectAccessible(page);
  // Another number is not held up; back to this one, the server is asked again.
  await page.getByLabel('手机号码').fill('13900139000');
  await expect(page.getByRole('button', { name: '获取验证码' })).toBeEnabled();
  await page.getByLabel('手机号码').fill(ME);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(button).toBeDisabled();
  // A minute later (the stub's clock and the page's) a new code can be sent.
  await sandbox.advanceClock(61);
  await page.clock.fastForward('01:01');
  await expect(page.getByRole('button', { name: '获取验证码' })).toBeEnabled();
  await expect(page.getByText('不到 1 分钟前已向这个号码发送过验证码')).toHaveCount(0);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码已发送至 138****8000，5 分钟内有效。')).toBeVisible();
  expect(await sandbox.smsCount(ME)).toBe(2);
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode(ME));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('当前账号')).toBeVisible();
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('the earlier code still works, said in English', async ({ page, sandbox }) => {
    await english(page);
    await page.getByLabel('Mobile number').fill(ME);
    await page.getByRole('button', { name: 'Send code' }).click();
    await page.getByRole('button', { name: 'Use a different number' }).click();
    await page.getByLabel('Mobile number').fill(ME);
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'A code was sent to 138****8000 less than a minute ago' })).toContainText('If you received a code in the last 5 minutes');
    await page.getByLabel('SMS code').fill(await sandbox.lastCode(ME));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('Signed in as')).toBeVisible();
  });
});

// ---- 3. Messages, and the way home ----

test('a message shows its plate and next step in the row, and the row is a link that opens it', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  const order = await payByApi(page, request, sandbox, '大望桥');
  await page.goto('/messages');
  const row = page.getByRole('link', { name: /缴款已确认/ });
  await expect(row).toContainText('京');
  await expect(row).toContainText('的罚款已缴纳成功');
  await expect(row).toContainText('查看缴款凭证');
  await expect(row).toContainText('未读');
  await expect(row.locator('.message__chevron')).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  // A keyboard user sees where they are.
  await row.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(row).toBeFocused();
  expect(await row.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/receipts/${order}$`));
  await expect(page.getByRole('heading', { level: 1, name: '缴款凭证' })).toBeVisible();
  // Opened is read.
  await page.goBack();
  await expect(page.getByRole('link', { name: /缴款已确认/ })).not.toContainText('未读');
});

test('Messages, My vehicles and Violations each lead back home; the service name in the header is a link that looks like one', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  for (const [path, heading] of [['/messages', '消息'], ['/vehicles', '我的车辆'], ['/violations', '违法处理']] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await page.getByRole('main').getByRole('link', { name: '返回首页' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '机动车备案与违法处理' })).toBeVisible();
  }
  await page.goto('/messages');
  const title = page.getByRole('banner').getByRole('link', { name: /机动车备案与违法处理/ });
  await expect(title).toHaveAccessibleName(/^机动车备案与违法处理\s?（首页）$/);
  expect(await title.locator('.app-header__name').evaluate((e) => getComputedStyle(e).textDecorationLine)).toContain('underline');
  await expect(title.locator('.app-header__home')).toBeVisible();
  await title.click();
  await expect(page.getByRole('heading', { level: 1, name: '机动车备案与违法处理' })).toBeVisible();
});

// ---- 4. 320 px: label/value lists, the decision number, the bar ----

test('labels never break inside a word, in Chinese', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.goto('/violations?tab=processed');
  await expectLabelsOnOneLine(page);
  await card(page, '东单北大街').getByRole('link', { name: /详情/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '违法详情' })).toBeVisible();
  await expectLabelsOnOneLine(page);
  expect(await lines(page.locator('dd.number').first())).toBe(1);
  await expectNoHorizontalOverflow(page);
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('labels never break inside a word, and the decision number stays on one line on the check page', { tag: '@layout' }, async ({ page, sandbox }) => {
    await signInEnglish(page, sandbox);
    await page.goto('/violations?tab=processed');
    await expectLabelsOnOneLine(page);
    await card(page, '东单北大街').getByRole('link', { name: /Details/ }).click();
    await expectLabelsOnOneLine(page);
    await page.goto('/violations?tab=processed');
    await card(page, '东单北大街').getByRole('button', { name: /Pay the fine/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check and pay' })).toBeVisible();
    await expectLabelsOnOneLine(page);
    const number = page.locator('dd.number').first();
    await expect(number).toHaveText(/^\d{16}$/);
    expect(await lines(number), 'the decision number wraps').toBe(1);
    expect(await number.evaluate((e) => e.scrollWidth <= e.clientWidth + 1), 'the decision number overflows its box').toBe(true);
    await expectNoHorizontalOverflow(page);
    // Wording: one term for the late-payment amount.
    await expect(page.getByRole('main')).toContainText('Late surcharge');
  });
});

test('the handle-and-pay bar is no bar while nothing is chosen, and one compact row once something is', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.goto('/violations');
  const bar = page.locator('.action-bar');
  const button = page.getByRole('button', { name: '处理并缴款' });
  await expect(button).toBeVisible();
  expect(await bar.evaluate((e) => getComputedStyle(e).position)).toBe('static');
  await expect(page.getByText(/已选 0 条/)).toHaveCount(0);
  await card(page, '国贸桥北').getByRole('checkbox', { name: /选择/ }).check();
  await expect(page.getByText('已选 1 条 · ¥200.00 · 记 0 分')).toBeVisible();
  expect(await bar.evaluate((e) => getComputedStyle(e).position)).toBe('sticky');
  const viewport = page.viewportSize()!;
  const box = (await bar.boundingBox())!;
  expect(box.height, 'the bar covers too much of the screen').toBeLessThan(viewport.height * 0.13);
  // Sum and button side by side.
  const sum = (await page.getByText('已选 1 条 · ¥200.00 · 记 0 分').boundingBox())!;
  const b = (await button.boundingBox())!;
  expect(Math.abs(sum.y + sum.height / 2 - (b.y + b.height / 2))).toBeLessThan(b.height);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await card(page, '国贸桥北').getByRole('checkbox', { name: /选择/ }).uncheck();
  await expect.poll(() => bar.evaluate((e) => getComputedStyle(e).position)).toBe('static');
});

// ---- 6. File inputs in the app's words ----

test("file inputs are the app's buttons in its words, still focusable and labelled, the chosen file named", { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startQrFiling(page);
  const input = page.getByLabel('拍摄或选择二维码照片');
  await expect(input).toHaveAttribute('type', 'file');
  await expect(input).toHaveAttribute('capture', 'environment');
  // The browser's own button ("Choose File", in the browser's language) is not shown.
  const box = (await input.boundingBox())!;
  expect(box.width).toBeLessThanOrEqual(1);
  const button = page.locator('label.file-picker__button[for="qr-photo"]');
  await expect(button).toHaveText('拍照或选择照片');
  expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  // Keyboard: the input itself takes the focus, and its button shows it.
  await input.focus();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  await expect(input).toBeFocused();
  expect(await button.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe('solid');
  await expectAccessible(page);

  await scanPhoto(page, ACTIVE);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
  const front = page.getByLabel('车辆左前方45°照片', { exact: true });
  const picker = front.locator('xpath=..');
  await expect(picker.locator('label.file-picker__button')).toHaveText('拍照或选择照片');
  await expect(picker).toContainText('尚未选择照片');
  await front.setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: vehiclePhoto() });
  await expect(page.getByRole('img', { name: '车辆左前方45°照片预览' })).toBeVisible();
  await expect(picker).toContainText('已选择：front.png');
  await expect(picker.locator('label.file-picker__button')).toHaveText('重新拍摄或选择');
  expect((await front.boundingBox())!.width).toBeLessThanOrEqual(1);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('the file button speaks English', async ({ page, sandbox }) => {
    await signInEnglish(page, sandbox);
    await page.goto('/file');
    await page.getByRole('radio', { name: "Scan the owner's vehicle filing code" }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('label.file-picker__button[for="qr-photo"]')).toHaveText('Take or choose a photo');
  });
});

// ---- 7. Wording ----

test('one term for the additional fine (加处罚款), and the app named 交管12123 in one way', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.goto('/violations?tab=processed');
  await card(page, '东单北大街').getByRole('button', { name: /缴纳罚款/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
  const main = page.getByRole('main');
  await expect(main.getByRole('term').filter({ hasText: '加处罚款' })).toBeVisible();
  await expect(main).toContainText('逾期每日按罚款数额的 3% 加处罚款');
  await expect(main).not.toContainText('滞纳金');
  await page.goto('/file');
  await expect(page.getByText('车主在手机上打开交管12123，出示本车的备案二维码')).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText('在其交管12123中');
  await expect(page.getByRole('main')).not.toContainText('交管 12123');
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('"1 violation", not "1 violations"', async ({ page, sandbox }) => {
    await signInEnglish(page, sandbox);
    await page.goto('/violations');
    await card(page, '国贸桥北').getByRole('checkbox', { name: /Select/ }).check();
    await expect(page.getByText(/^1 selected · ¥200\.00 · points: 0$/)).toBeVisible();
    await page.getByRole('button', { name: 'Handle and pay' }).click();
    await page.getByLabel('I have read the rules and agree to handle these violations').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('You are handling 1 violation: ¥200.00; points on your licence: 0.')).toBeVisible();
    await expect(page.getByText(/1 violations/)).toHaveCount(0);
  });
});

