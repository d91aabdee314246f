// WeChat's in-app browser, simulated (see host.ts and bridge.ts).
import type { Page } from '@playwright/test';
import { HostApp, type HostOptions } from './host';

/** WeChat 8.0 on Android, as its web-view says (MicroMessenger, no miniProgram). */
export const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
/** WeChat on iOS: a mini-program web-view says nothing of it in the agent; only `__wxjs_environment` does. */
export const WECHAT_IOS_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800323a) NetType/WIFI Language/zh_CN';

/** Installs WeChat's bridge injection; answers are `ok`, `cancel`, `fail`, `fail_…` or `none`. */
export const wechatApp = (page: Page, options?: HostOptions) => HostApp.install(page, 'wechat', options);
