// A walk: one user journey, written once against `Ui`, run by the Chromium specs (specs/*.spec.ts,
// through Playwright) and by the WebKit walks (webkit/walks.spec.ts, through WebDriver).
import type { SandboxApi, Ui } from '../ui';

export type Walk = {
  /** The test title, the same in both engines. */
  title: string;
  run(ui: Ui, sandbox: SandboxApi): Promise<void>;
};

/** Fails with `message` unless `ok`. (Plain checks; the waiting ones are on `Ui`.) */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}
