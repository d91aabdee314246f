// Paying a fine inside WeChat's in-app browser, against the host simulator (hosts/bridge.ts): the
// page learns the payer through WeChat's authorization page (the stub's), WeixinJSBridge appears
// late and answers ok, the server confirms. The same steps in Chromium (specs/pay-hosts.spec.ts)
// and WebKit (webkit/walks.spec.ts), the engine of WeChat on every iPhone.
import { WECHAT_UA } from '../hosts/wechat';
import type { Walk } from './walk';
import { check } from './walk';
import { signInAs } from './sign-in';

export const wechatInAppPays: Walk = {
  title: 'paying inside WeChat: the payer authorized through WeChat, the late JSAPI bridge answers ok, the server confirms, one order',
  host: { userAgent: WECHAT_UA, bridge: { kind: 'wechat', answers: ['ok'], readyAfterMs: 400, neverReady: false } },
  async run(ui, sandbox) {
    await sandbox.setTimeOfDay(12, 0);
    await signInAs(ui, sandbox);
    await ui.goto('/violations/w-106');
    await ui.clickButton('缴纳罚款');
    await ui.expectHeading('核对并缴款');
    await ui.expectText(/微信内不能使用支付宝/);
    await ui.clickButton('支付 ¥150.00');

    await ui.expectHeading(/微信授权/);
    await ui.clickButton('允许 Allow');

    await ui.expectHeading('缴款成功');
    await ui.expectText('微信支付');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();
    const path = await ui.location();
    check(!/[?&](code|state)=/.test(path), `the authorization code or state is still in the address: ${path}`);
    const calls = await ui.evaluate(() => (window as any).__hostSim.calls as { name: string; params: Record<string, unknown> }[]);
    const pay = calls.filter((c) => c.name === 'getBrandWCPayRequest');
    check(pay.length === 1, `one JSAPI call, not ${pay.length}`);
    const keys = Object.keys(pay[0].params).sort().join(',');
    check(keys === 'appId,nonceStr,package,paySign,signType,timeStamp', `the JSAPI parameters: ${keys}`);
    check(Object.values(pay[0].params).every((v) => typeof v === 'string'), 'every JSAPI parameter is a string');
    const orders = await sandbox.orders();
    check(orders.length === 1, `one order, not ${orders.length}`);
    check(orders[0].host === 'wechat_browser' && orders[0].order.state === 'paid', `the order: ${JSON.stringify(orders[0])}`);
    check(/^o\w{27}$/.test(orders[0].payer_id ?? ''), `the order is made for the payer's openid: ${orders[0].payer_id}`);
  },
};
