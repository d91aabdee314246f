// Paying inside a WeChat mini-program's web-view on an iPhone (WebKit) and on Android (Chromium):
// the page must load WeChat's JS-SDK from its real address (the host simulator answers it; nothing
// is in the page before), hand the order to the mini-program's pay page with
// wx.miniProgram.navigateTo, and show the receipt when the pay page navigates back and the server
// says it is paid. One order.
import { WECHAT_SDK } from '../host-sdk';
import type { Walk } from './walk';
import { check } from './walk';
import { signInAs } from './sign-in';

const WECHAT_MINI_IOS_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN miniProgram/wx1234567890abcdef';

export const wechatMiniProgramPay: Walk = {
  title: 'WeChat mini-program web-view: the JS-SDK from its real address, the order handed to /pages/pay/pay, the receipt after the pay page navigates back',
  host: { userAgent: WECHAT_MINI_IOS_UA, sdk: { [WECHAT_SDK]: 'serve' } },
  async run(ui, sandbox) {
    await sandbox.setTimeOfDay(12, 0);
    await signInAs(ui, sandbox);
    await ui.goto('/violations/w-106');
    await ui.expectHeading('违法详情');
    await ui.clickButton('缴纳罚款');
    await ui.expectHeading('核对并缴款');
    await ui.expectText('¥150.00');
    check((await ui.evaluate(() => typeof (window as any).wx)) === 'undefined', 'wx exists before the page loaded the JS-SDK');
    await ui.clickButton('支付 ¥150.00');
    await ui.expectHeading('正在确认缴款结果');

    const orders = await sandbox.orders();
    check(orders.length === 1 && orders[0].host === 'wechat_mini_program', `one mini-program order: ${JSON.stringify(orders)}`);
    const id = orders[0].order.order_id;
    const calls = await ui.evaluate(() => (window as any).__sdkCalls as { api: string; url?: string }[]);
    check(
      calls.length === 1 && calls[0].api === 'wx.miniProgram.navigateTo' && calls[0].url === `/pages/pay/pay?order=${id}`,
      `the hand-over: ${JSON.stringify(calls)}`,
    );
    const scripts = await ui.evaluate(() => Array.from(document.scripts).map((s) => s.src).filter((s) => s.startsWith('https://')));
    check(JSON.stringify(scripts) === JSON.stringify([WECHAT_SDK]), `SDK scripts in the page: ${JSON.stringify(scripts)}`);
    check((await ui.evaluate(() => document.visibilityState)) === 'hidden', 'the pay page covers the web-view');

    // The user pays on the mini-program's page, which navigates back.
    await sandbox.settleOrder(id, 'pay');
    await ui.evaluate(() => (window as any).__miniProgramPage.back());
    await ui.expectHeading('缴款成功');
    await ui.expectText('¥150.00');
    await ui.expectAccessible();
    check((await sandbox.orders()).length === 1, 'a second order was made');
  },
};
