// Handling and paying a camera-recorded violation in a plain mobile browser, through the stub's
// simulated Alipay page: the same steps in Chromium (specs/violations.spec.ts) and WebKit.
import type { Walk } from './walk';
import { check } from './walk';
import { PHONE, signInAs } from './sign-in';

export const handleAndPay: Walk = {
  title: 'violations: select one, agree to the rules, confirm by SMS, check, pay on the provider page, the result confirmed by the server',
  async run(ui, sandbox) {
    // Midday on the stub's clock: payments pause from 23:45 to 00:05.
    await sandbox.setTimeOfDay(12, 0);
    await signInAs(ui, sandbox);
    await ui.clickLink(/^违法处理/);
    await ui.expectHeading('违法处理');
    await ui.expectText('该违法有记分且发生在您备案之前');
    await ui.checkByLabel(/^选择 京A12345/);
    await ui.expectText('已选 1 条 · ¥200.00 · 记 0 分');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();
    await ui.clickButton('处理并缴款');

    await ui.expectHeading('处理须知');
    await ui.clickButton('继续');
    await ui.expectAlert('请修改以下问题', '请勾选同意处理须知');
    await ui.checkByLabel('我已阅读并同意处理以上违法');
    await ui.expectAccessible();
    await ui.clickButton('继续');

    await ui.expectHeading('短信验证确认');
    await ui.clickButton('发送验证码');
    await ui.expectText('验证码已发送至 138****8000，5 分钟内有效。');
    await ui.expectAttributeByLabel('短信验证码', 'autocomplete', 'one-time-code');
    await ui.fillByLabel('短信验证码', await sandbox.lastCode(PHONE, 'handling'));
    await ui.clickButton('确认', { exact: true });

    await ui.expectHeading('核对并缴款');
    await ui.expectText(/^1101\d{12}$/);
    await ui.expectText('¥200.00');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();
    await ui.checkByLabel('支付宝');
    await ui.clickButton('支付 ¥200.00');

    await ui.expectHeading(/确认付款/);
    await ui.clickButton('支付 Pay');
    await ui.expectHeading('缴款成功');
    await ui.expectText('支付宝');
    await ui.expectAccessible();
    const path = await ui.location();
    check(/^\/pay\/result/.test(path), `the provider page did not return to the result page: ${path}`);
    // Nothing personal in storage after paying.
    const stored = await ui.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage));
    check(!stored.includes(PHONE), `storage holds the full phone number: ${stored}`);

    await ui.clickLink('查看已处理违法');
    await ui.expectText('已处理，已缴款');
  },
};
