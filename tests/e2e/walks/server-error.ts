import type { Walk } from './walk';
import { check } from './walk';
import { PHONE } from './sign-in';

export const serverErrorRecovers: Walk = {
  title: 'a server error is explained, keeps the number typed, and "try again" recovers',
  async run(ui, sandbox) {
    await sandbox.fault({ method: 'POST', path: '/api/session/code', status: 500, times: 1 });
    await ui.goto('/sign-in');
    await ui.fillByLabel('手机号码', PHONE);
    await ui.clickButton('获取验证码');

    await ui.expectAlert('服务暂时不可用', '服务暂时不可用（错误 500），请稍后重试。您填写的内容已保留。');
    const alerts = await ui.evaluate(() => Array.from(document.querySelectorAll('[role="alert"]'), (a) => a.textContent ?? '').join('\n'));
    check(!/[{}]/.test(alerts), `raw JSON leaked into the message: ${alerts}`);
    await ui.expectValueByLabel('手机号码', PHONE);
    await ui.expectAccessible();
    check((await sandbox.smsCount(PHONE)) === 0, 'an SMS was sent although the server failed');

    await ui.clickButton('重试', { inAlert: '服务暂时不可用' });
    await ui.expectText('验证码已发送至 138****8000，5 分钟内有效。');
    await ui.expectNoAlert('服务暂时不可用');
    check((await sandbox.smsCount(PHONE)) === 1, 'the retry did not send exactly one SMS');
  },
};
