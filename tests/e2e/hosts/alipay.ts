// The Alipay app's browser, simulated (see host.ts and bridge.ts).
import type { Page } from '@playwright/test';
import { HostApp, type HostOptions } from './host';

/** Alipay 10.5 on Android, as its web-view says (AlipayClient, no MiniProgram). */
export const ALIPAY_UA =
  'Mozilla/5.0 (Linux; U; Android 14; zh-CN; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/69.0.3497.100 Mobile Safari/537.36 NebulaSDK/1.8.100112 Nebula AlipayDefined(nt:WIFI,ws:393|0|2.75) AliApp(AP/10.5.96.8000) AlipayClient/10.5.96.8000 Language/zh-Hans Region/CN';

/** Installs Alipay's bridge injection; answers are result codes ('9000', '6001', …) or `none`. */
export const alipayApp = (page: Page, options?: HostOptions) => HostApp.install(page, 'alipay', options);
