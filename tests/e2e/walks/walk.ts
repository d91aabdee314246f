// A walk: one user journey, written once against `Ui`, run by the Chromium specs (specs/*.spec.ts,
// through Playwright) and by the WebKit walks (webkit/walks.spec.ts, through WebDriver).
import type { SandboxApi, Ui } from '../ui';

/**
 * A walk inside a host app rather than a plain browser: the browser gets the host's user agent, and
 * the host simulator answers the host's SDK addresses (host-sdk.ts: Playwright routes in Chromium,
 * webkit/host-proxy.ts in WebKit).
 */
export type WalkHost = { userAgent: string; sdk: Partial<Record<string, 'serve' | 404 | 'network-error'>> };

export type Walk = {
  /** The test title, the same in both engines. */
  title: string;
  /** Set for a walk inside a host app. */
  host?: WalkHost;
  run(ui: Ui, sandbox: SandboxApi): Promise<void>;
};

/** Fails with `message` unless `ok`. (Plain checks; the waiting ones are on `Ui`.) */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
