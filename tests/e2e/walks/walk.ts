// A walk: one user journey, written once against `Ui`, run by the Chromium specs (specs/*.spec.ts,
// through Playwright) and by the WebKit walks (webkit/walks.spec.ts, through WebDriver).
import type { HostConfig } from '../hosts/bridge';
import type { SandboxApi, Ui } from '../ui';

/** A host app a walk runs in, rather than a plain browser (see `Walk.host`). */
export type WalkHost = { userAgent: string; bridge?: HostConfig; sdk?: Partial<Record<string, 'serve' | 404 | 'network-error'>> };

export type Walk = {
  /** The test title, the same in both engines. */
  title: string;
  /**
   * The host app the walk runs in: its user agent; the bridge it injects into every page
   * (hosts/bridge.ts; Chromium: `addInitScript`, WebKit: installed as soon as each page has
   * loaded); and its SDK addresses, answered by the host simulator (host-sdk.ts: Playwright routes
   * in Chromium, webkit/host-proxy.ts in WebKit).
   */
  host?: WalkHost;
  run(ui: Ui, sandbox: SandboxApi): Promise<void>;
};

/** Fails with `message` unless `ok`. (Plain checks; the waiting ones are on `Ui`.) */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
