import type { Walk } from './walk';
import { check } from './walk';

export const PHONE = '13800138000';

export const wrongCodeThenRight: Walk = {
  title: 'a wrong code says how many tries are left, keeps the input, and the right code still works',
  async run(ui, sandbox) {
    await ui.goto('/sign-in');
    await ui.expectHeading('登录');
    await ui.fillByLabel('手机号码', PHONE);
    await ui.clickButton('获取验证码');
    await ui.expectText('验证码已发送至 138****8000，5 分钟内有效。');
    await ui.expectAttributeByLabel('短信验证码', 'autocomplete', 'one-time-code');
    await ui.expectAttributeByLabel('短信验证码', 'inputmode', 'numeric');
    const right = await sandbox.lastCode(PHONE);
    const wrong = right === '000000' ? '111111' : '000000';

    await ui.fillByLabel('短信验证码', wrong);
    await ui.clickButton('登录', { exact: true });
    await ui.expectAlert('请修改以下问题', '验证码不正确，还可以再试 4 次');
    await ui.expectValueByLabel('短信验证码', wrong);
    await ui.expectAccessible();

    await ui.fillByLabel('短信验证码', right);
    await ui.clickButton('登录', { exact: true });
    await ui.expectText('当前账号');
    await ui.expectText('138****8000');
    await ui.expectButton('退出登录');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();

    // The token is in sessionStorage only; nothing personal in either storage.
    const stored = await ui.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) }));
    check(!stored.local.includes(PHONE) && !stored.local.includes('token'), `localStorage holds personal data: ${stored.local}`);
    check(!stored.session.includes(PHONE), `sessionStorage holds the full phone number: ${stored.session}`);
  },
};

export const invalidNumber: Walk = {
  title: 'an invalid number is explained at the top and at the field, and what was typed stays',
  async run(ui, sandbox) {
    await ui.goto('/sign-in');
    await ui.clickButton('获取验证码');
    await ui.expectAlert('请修改以下问题', '请输入手机号码');

    await ui.fillByLabel('手机号码', '1238001380');
    await ui.clickButton('获取验证码');
    await ui.expectAlert('请修改以下问题', '请输入以 1 开头的 11 位有效手机号码');
    await ui.expectValueByLabel('手机号码', '1238001380');
    await ui.expectAttributeByLabel('手机号码', 'aria-invalid', 'true');
    await ui.expectAccessible();
    // The summary links to the field.
    await ui.clickLink(/手机号码/, { inAlert: '请修改以下问题' });
    await ui.expectFocusedByLabel('手机号码');
    check((await sandbox.smsCount('1238001380')) === 0, 'an SMS went to an invalid number');
  },
};

/** Signs in as `phone` through the page (a step of other walks). */
export async function signInAs(ui: import('../ui').Ui, sandbox: import('../ui').SandboxApi, phone = PHONE) {
  await ui.goto('/sign-in');
  await ui.fillByLabel('手机号码', phone);
  await ui.clickButton('获取验证码');
  await ui.expectText('验证码已发送至');
  await ui.fillByLabel('短信验证码', await sandbox.lastCode(phone));
  await ui.clickButton('登录', { exact: true });
  await ui.expectText('当前账号');
}
