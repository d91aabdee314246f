// The few things a walk does on a page, as a user would: by visible labels, roles and texts.
// Two implementations: ui-playwright.ts (Chromium, through Playwright) and ui-webdriver.ts
// (WebKit, through W3C WebDriver). A walk written against `Ui` (walks/*.ts) runs in both engines.
//
// Matching is the same in both: a string matches when the accessible name (or text) contains it,
// ignoring case and runs of white space; `exact: true` asks for the whole name; a RegExp is tested
// against the name. Every `expect*` waits (up to a few seconds) for the page to get there.

export type Name = string | RegExp;

export type Engine = 'chromium' | 'webkit';

export interface Scope {
  /** Only inside the live region (`role="alert"`) whose text contains this. */
  inAlert?: string;
}

export interface Ui {
  readonly engine: Engine;
  /** Opens a path of the app (relative to the stub's address). */
  goto(path: string): Promise<void>;
  reload(): Promise<void>;
  /** The current location's path and query, e.g. `/sign-in?next=%2Fmessages`. */
  location(): Promise<string>;

  /** Replaces the value of the form control labelled `label`. */
  fillByLabel(label: string, value: string): Promise<void>;
  /** Chooses a file for the file input labelled `label` (as picking a photo from the library). */
  uploadByLabel(label: string, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void>;
  /** Ticks the first checkbox or radio whose label matches (nothing if it is ticked already). */
  checkByLabel(label: Name): Promise<void>;
  clickButton(name: Name, options?: Scope & { exact?: boolean }): Promise<void>;
  clickLink(name: Name, options?: Scope & { exact?: boolean }): Promise<void>;

  /** A visible element shows this text. */
  expectText(text: Name): Promise<void>;
  /** No visible element shows this text. */
  expectNoText(text: Name): Promise<void>;
  expectHeading(name: Name, level?: number): Promise<void>;
  /** A visible button or link with this name is there. */
  expectButton(name: Name, options?: { exact?: boolean }): Promise<void>;
  expectLink(name: Name, options?: { exact?: boolean }): Promise<void>;
  /** The alert whose text contains `alert` also contains `text`. */
  expectAlert(alert: string, text: string): Promise<void>;
  /** No visible alert contains `alert`. */
  expectNoAlert(alert: string): Promise<void>;
  expectValueByLabel(label: string, value: string): Promise<void>;
  expectAttributeByLabel(label: string, attribute: string, value: string): Promise<void>;
  expectFocusedByLabel(label: string): Promise<void>;
  /** `<html lang>`. */
  expectLang(lang: string): Promise<void>;

  /**
   * Runs a function in the page (with `arg`, JSON-serialisable) and returns its JSON-serialisable
   * result; a promise it returns is awaited.
   */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** axe-core on the page as it is now: serious and critical violations fail the walk. */
  expectAccessible(): Promise<void>;
  /** The page has no horizontal scroll at the window's width. */
  expectNoHorizontalOverflow(): Promise<void>;
}

/** What a walk needs from the stub's sandbox (fixtures.ts `Sandbox` implements it). */
export interface SandboxApi {
  lastCode(phone: string, purpose?: string): Promise<string>;
  smsCount(phone: string, purpose?: string): Promise<number>;
  fault(fault: { path: string; method?: string; status?: number; code?: string; delay_ms?: number; drop?: boolean; after?: boolean; times?: number }): Promise<void>;
  clearFaults(): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
  setTimeOfDay(hour: number, minute: number): Promise<void>;
  /** Outcome of the next face checks. */
  setFaceCheck(outcome: 'pass' | 'fail' | 'unavailable'): Promise<void>;
  /** The review desk approves or rejects the pending filing of `plate`. */
  decideReview(plate: string, approve: boolean, reason?: string): Promise<void>;
  reset(): Promise<void>;
  /** Every payment order, as `GET /sandbox/orders` lists them, oldest first. */
  orders(): Promise<{ owner: string; host: string; superseded: boolean; payer_id?: string; order: { order_id: string; state: string } }[]>;
  /** Settles an order as the payment channel would. */
  settleOrder(orderId: string, outcome: 'pay' | 'cancel' | 'fail'): Promise<void>;
}

/** Impacts that fail a walk (axe-core's four levels are minor, moderate, serious, critical). */
export const FAILING_IMPACTS = ['serious', 'critical'];
