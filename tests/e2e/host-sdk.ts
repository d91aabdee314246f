// The host simulator for the mini-programs' web-views: stand-ins for the scripts WeChat and Alipay
// publish for pages inside a mini-program's <web-view>, answered by the test browser at their real
// addresses. As in the real hosts, `wx.miniProgram` and `my` exist only once the page has loaded
// the script from that address (nothing is put into the page before it loads; a page that never
// loads the script never has them), a script that cannot be fetched fails the way a browser fails
// it (`error` event), and `navigateTo` answers through its `success` / `fail` callbacks.
//
// While a mini-program page is on top of the web-view the host hides the web-view
// (`document.visibilityState` "hidden", a `visibilitychange` event); the mini-program's pay page
// ends with `navigateBack`, which shows it again. The stand-in plays that part: `back()` below is
// the pay page navigating back. Every call is recorded in `window.__sdkCalls`.
import type { Page, Route } from '@playwright/test';

/** WeChat's JS-SDK and its documented fallback host; Alipay's web-view script. */
export const WECHAT_SDK = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
export const WECHAT_SDK_FALLBACK = 'https://res2.wx.qq.com/open/js/jweixin-1.6.0.js';
export const ALIPAY_SDK = 'https://appx/web-view.min.js';

/** What the mini-program does with each `navigateTo`: opens the page, or fails (no such page…). */
export type NavigateOutcome = 'ok' | 'fail';
/** How an SDK address answers: the stand-in, a 404, or a network error. */
export type Answer = 'serve' | 404 | 'network-error';

export type SdkCall = { api: string; url?: string };

/** The stand-in script for `which`, with the mini-program's answers to its `navigateTo` calls. */
export function standIn(which: 'wechat' | 'alipay', outcomes: NavigateOutcome[] = []): string {
  return `(function () {
  var which = ${JSON.stringify(which)};
  var outcomes = ${JSON.stringify(outcomes)};
  var calls = (window.__sdkCalls = window.__sdkCalls || []);
  var hidden = false;
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: function () { return hidden ? 'hidden' : 'visible'; } });
  Object.defineProperty(document, 'hidden', { configurable: true, get: function () { return hidden; } });
  function cover(h) { hidden = h; document.dispatchEvent(new Event('visibilitychange')); }
  var prefix = which === 'wechat' ? 'wx.miniProgram.' : 'my.';
  function navigateTo(o) {
    o = o || {};
    calls.push({ api: prefix + 'navigateTo', url: o.url });
    var outcome = outcomes.length ? outcomes.shift() : 'ok';
    setTimeout(function () {
      if (outcome === 'ok') {
        cover(true);
        var ok = which === 'wechat' ? { errMsg: 'navigateTo:ok' } : {};
        if (o.success) o.success(ok);
        if (o.complete) o.complete(ok);
      } else {
        var err = which === 'wechat' ? { errMsg: 'navigateTo:fail page "pages/pay/pay" is not found' } : { error: 4, errorMessage: '无权跳转' };
        if (o.fail) o.fail(err);
        if (o.complete) o.complete(err);
      }
    }, 50);
  }
  function recorder(name) { return function (o) { calls.push({ api: prefix + name, url: o && o.url }); if (o && o.success) setTimeout(function () { o.success({}); }, 0); }; }
  var api = {
    navigateTo: navigateTo,
    navigateBack: recorder('navigateBack'),
    redirectTo: recorder('redirectTo'),
    switchTab: recorder('switchTab'),
    reLaunch: recorder('reLaunch'),
    postMessage: function (o) { calls.push({ api: prefix + 'postMessage', url: JSON.stringify(o && o.data) }); },
    getEnv: function (cb) { cb({ miniprogram: true }); },
  };
  if (which === 'wechat') window.wx = { miniProgram: api, config: function () {}, ready: function () {}, error: function () {} };
  else window.my = api;
  // The mini-program's pay page, done, navigates back: the web-view is shown again.
  window.__miniProgramPage = { back: function () { calls.push({ api: '(pay page) navigateBack' }); cover(false); } };
})();`;
}

/**
 * Answers the SDK addresses in this page's browser context: `answers` per address (unlisted ones
 * answer a network error, as a host that is not this one would). Returns the list of SDK
 * requests made, in order.
 */
export async function simulateHost(page: Page, answers: Partial<Record<string, Answer>>, outcomes: NavigateOutcome[] = []) {
  const requested: string[] = [];
  const answer = (url: string) => async (route: Route) => {
    requested.push(url);
    const how = answers[url] ?? 'network-error';
    if (how === 'network-error') return route.abort('internetdisconnected');
    if (how === 404) return route.fulfill({ status: 404, contentType: 'text/html', body: '<h1>404 Not Found</h1>' });
    const which = url === ALIPAY_SDK ? 'alipay' : 'wechat';
    return route.fulfill({ status: 200, contentType: 'application/javascript; charset=utf-8', body: standIn(which, outcomes) });
  };
  // Anything else on those hosts is a request the app should not make. (Registered first: Playwright
  // tries the newest route first.)
  for (const pattern of ['https://res.wx.qq.com/**', 'https://res2.wx.qq.com/**', 'https://appx/**']) {
    await page.context().route(pattern, async (route) => {
      requested.push(route.request().url());
      await route.abort('blockedbyclient');
    });
  }
  for (const url of [WECHAT_SDK, WECHAT_SDK_FALLBACK, ALIPAY_SDK]) {
    await page.context().route(url, answer(url));
  }
  return requested;
}

export const sdkCalls = (page: Page) => page.evaluate(() => ((window as any).__sdkCalls ?? []) as SdkCall[]);
/** The mini-program's pay page navigates back to the web-view. */
export const payPageGoesBack = (page: Page) => page.evaluate(() => (window as any).__miniProgramPage.back());
