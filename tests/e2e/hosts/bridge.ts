// The in-page half of the host simulator: what the WeChat and Alipay apps inject into every page
// their web-view loads. It is a plain, self-contained function (serialised into the page), so the
// same code is installed by Playwright (`page.addInitScript`, before the page's own scripts, as
// the host's native injection is) and by WebDriver (right after a page loads).
//
// As the hosts' documents say:
// - WeChat: `WeixinJSBridge` is not there when the page starts; it appears some time later and
//   WeChat fires `WeixinJSBridgeReady` on `document`. `window.__wxjs_environment` is set then (not
//   before): `'miniprogram'` inside a mini-program web-view. `WeixinJSBridge.invoke(
//   'getBrandWCPayRequest', params, cb)` takes six strings (appId, timeStamp, nonceStr, package
//   `prepay_id=…`, signType, paySign) and calls `cb({err_msg})` with
//   `get_brand_wcpay_request:ok|cancel|fail` (and `fail_…` variants) when the cashier closes.
// - Alipay: `AlipayJSBridge` appears later, announced by `AlipayJSBridgeReady` on `document`;
//   `AlipayJSBridge.call('tradePay', {tradeNO}, cb)` calls `cb({resultCode})` with '9000' paid,
//   '8000' processing, '4000' failed, '6001' cancelled, '6002' network error, '6004' unknown,
//   '99' (iOS: "forgot password", left the cashier).
// - "ok" / '9000' only once the provider has the money: the simulator settles the order the
//   parameters name (found by its `package` / trade number, never "the newest") through the stub's
//   sandbox first, as the provider's server would have, then answers.
// - Anything else leaves the order as it is on the provider's side; 'none' never answers at all.
//
// Every call is recorded, with its arguments as the page passed them, in `window.__hostSim.calls`
// and, when the test exposed it (Playwright), through `window.__hostRecord(json)`.

export type HostKind = 'wechat' | 'alipay';

export type HostConfig = {
  kind: HostKind;
  /** One answer per pay call, in order; after the last, the last repeats. 'none': never answers. */
  answers: string[];
  /** When the bridge appears after the page's `DOMContentLoaded` (ms). */
  readyAfterMs: number;
  /** The bridge never appears (an outdated or broken host). */
  neverReady: boolean;
  /** WeChat only: the value of `__wxjs_environment` set at the ready event (none: not set). */
  environment?: string;
};

export function installHostBridge(config: HostConfig) {
  const w = window as any;
  if (w.__hostSim) return; // installed once per document
  const sim = (w.__hostSim = { calls: [] as unknown[], config });
  let next = 0;
  const answerFor = () => {
    const list = config.answers;
    const a = list[Math.min(next, list.length - 1)];
    next += 1;
    return a;
  };
  const record = (name: string, params: unknown) => {
    const call = { host: config.kind, name, params, argTypes: params && typeof params === 'object' ? Object.fromEntries(Object.entries(params as object).map(([k, v]) => [k, typeof v])) : typeof params };
    sim.calls.push(call);
    if (typeof w.__hostRecord === 'function') w.__hostRecord(JSON.stringify(call));
  };
  // The provider's server settles the order the cashier paid (the sandbox stands in for it).
  const settle = async (match: (order: any) => boolean) => {
    const { orders } = await (await fetch('/sandbox/orders')).json();
    const found = orders.find((o: any) => !o.superseded && o.order.action && match(o.order.action));
    if (!found) throw new Error('the provider knows no such order');
    const res = await fetch(`/sandbox/pay/${encodeURIComponent(found.order.order_id)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'pay' }),
    });
    if (!res.ok) throw new Error(`settling failed: ${res.status}`);
  };
  // The cashier sheet takes a moment to open and close.
  const later = (fn: () => void) => setTimeout(fn, 150);

  const wechat = {
    invoke(name: string, params: any, cb?: (r: unknown) => void) {
      record(name, params);
      if (name !== 'getBrandWCPayRequest') {
        later(() => cb?.({ err_msg: `${name}:fail_not_supported` }));
        return;
      }
      const answer = answerFor();
      if (answer === 'none') return;
      const keys = ['appId', 'timeStamp', 'nonceStr', 'package', 'signType', 'paySign'];
      const complete = params && keys.every((k) => typeof params[k] === 'string' && params[k] !== '') && /^prepay_id=/.test(params.package);
      if (!complete) {
        later(() => cb?.({ err_msg: 'get_brand_wcpay_request:fail_invalid_params' }));
        return;
      }
      if (answer === 'ok') {
        settle((a) => a.kind === 'wechat_jsapi' && a.params.package === params.package).then(
          () => later(() => cb?.({ err_msg: 'get_brand_wcpay_request:ok' })),
          () => later(() => cb?.({ err_msg: 'get_brand_wcpay_request:fail' })),
        );
        return;
      }
      later(() => cb?.({ err_msg: `get_brand_wcpay_request:${answer}` }));
    },
    on() {},
    call() {},
  };
  const alipay = {
    call(name: string, params: any, cb?: (r: unknown) => void) {
      record(name, params);
      if (name !== 'tradePay') {
        later(() => cb?.({ error: 1, errorMessage: 'not supported' }));
        return;
      }
      const answer = answerFor();
      if (answer === 'none') return;
      if (!params || typeof params.tradeNO !== 'string' || params.tradeNO === '') {
        later(() => cb?.({ resultCode: '4000', memo: 'tradeNO missing' }));
        return;
      }
      if (answer === '9000') {
        settle((a) => a.kind === 'alipay_trade_pay' && a.trade_no === params.tradeNO).then(
          () => later(() => cb?.({ resultCode: '9000', memo: '', result: '' })),
          () => later(() => cb?.({ resultCode: '4000', memo: 'no such trade' })),
        );
        return;
      }
      later(() => cb?.({ resultCode: answer, memo: '' }));
    },
  };

  if (config.neverReady) return;
  const inject = () =>
    setTimeout(() => {
      if (config.kind === 'wechat') {
        w.WeixinJSBridge = wechat;
        if (config.environment !== undefined) w.__wxjs_environment = config.environment;
        document.dispatchEvent(new Event('WeixinJSBridgeReady'));
      } else {
        w.AlipayJSBridge = alipay;
        document.dispatchEvent(new Event('AlipayJSBridgeReady'));
      }
    }, config.readyAfterMs);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', inject, { once: true });
  else inject();
}
