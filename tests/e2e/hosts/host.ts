// The host simulator for Playwright (Chromium): the host app's user agent (set on the context,
// `test.use({ userAgent })`) and its native injection of the bridge into every page the web-view
// loads (`page.addInitScript`, which runs before the page's own scripts, as the app's injection
// does). See bridge.ts for what the bridges do and when they appear. The app's own CSP stays in
// force: the stub serves the app with it, and nothing here touches the page's markup or headers.
import type { Page } from '@playwright/test';
import { installHostBridge, type HostConfig, type HostKind } from './bridge';

export type Call = { host: HostKind; name: string; params: any; argTypes: Record<string, string> | string };

export type HostOptions = {
  /** One answer per pay call, in order (the last repeats); 'none' never answers. */
  answers?: string[];
  /** When the bridge appears after DOMContentLoaded (ms): some hundred ms, as in the real apps. */
  readyAfterMs?: number;
  /** The bridge never appears. */
  neverReady?: boolean;
  /** WeChat: `__wxjs_environment`, set at the ready event. */
  environment?: string;
};

export class HostApp {
  /** Every bridge call, across every page the tab loaded. */
  readonly calls: Call[] = [];

  private constructor(readonly kind: HostKind) {}

  static async install(page: Page, kind: HostKind, options: HostOptions = {}): Promise<HostApp> {
    const host = new HostApp(kind);
    await page.exposeFunction('__hostRecord', (json: string) => {
      host.calls.push(JSON.parse(json));
    });
    const config: HostConfig = {
      kind,
      answers: options.answers ?? [kind === 'wechat' ? 'ok' : '9000'],
      readyAfterMs: options.readyAfterMs ?? 400,
      neverReady: options.neverReady ?? false,
      environment: options.environment,
    };
    await page.addInitScript(installHostBridge, config);
    return host;
  }

  /** The pay calls only. */
  payCalls(): Call[] {
    return this.calls.filter((c) => c.name === (this.kind === 'wechat' ? 'getBrandWCPayRequest' : 'tradePay'));
  }
}
