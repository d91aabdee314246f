// A walk: one user journey, written once against `Ui`, run by the Chromium specs (specs/*.spec.ts,
// through Playwright) and by the WebKit walks (webkit/walks.spec.ts, through WebDriver).
import type { HostConfig } from '../hosts/bridge';
import type { SandboxApi, Ui } from '../ui';

export type Walk = {
  /** The test title, the same in both engines. */
  title: string;
  /**
   * The host app the walk runs in (hosts/bridge.ts): its user agent, and the bridge it injects into
   * every page. Chromium: the context's user agent and `addInitScript`; WebKit: MiniBrowser's
   * `--user-agent` and the bridge installed as soon as each page has loaded.
   */
  host?: { userAgent: string; bridge: HostConfig };
  run(ui: Ui, sandbox: SandboxApi): Promise<void>;
};

/** Fails with `message` unless `ok`. (Plain checks; the waiting ones are on `Ui`.) */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
