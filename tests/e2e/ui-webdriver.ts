// `Ui` over W3C WebDriver (selenium-webdriver), for WebKitGTK's MiniBrowser driven by WebKitWebDriver.
//
// Elements are found in the page by the same rules as Playwright's getByRole / getByLabel / getByText
// (accessible name from aria-labelledby, aria-label or the visible content; only rendered elements),
// then acted on through WebDriver's own Element Click and Element Send Keys, so the engine sees real
// pointer and key input. Every step retries until it holds or TIMEOUT_MS passes, like Playwright's.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// selenium-webdriver is CommonJS without bundled types.
// @ts-ignore
import { Builder } from 'selenium-webdriver';
import { installHostBridge, type HostConfig } from './hosts/bridge';
import { FAILING_IMPACTS, type Name, type Scope, type Ui } from './ui';

export const TIMEOUT_MS = 7_000;
/** The phone-sized viewport the walks use (as Chromium's 390×844 project). */
export const VIEWPORT = { width: 390, height: 844 };

type Matcher = { text?: string; regex?: { source: string; flags: string }; exact?: boolean };
type Query = { kind: 'button' | 'link' | 'heading' | 'label' | 'text' | 'alert' | 'html'; name?: Matcher; level?: number; inAlert?: string };
type Want = 'element' | 'tapTarget' | 'checked' | 'value' | 'focused' | 'text' | 'count' | { attribute: string };

const matcher = (name: Name, exact?: boolean): Matcher =>
  name instanceof RegExp ? { regex: { source: name.source, flags: name.flags } } : { text: name, exact };

/** Runs in the page: finds what `q` describes and returns what `want` asks for (null if absent). */
function probe(q: Query, want: Want): unknown {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
  const matches = (value: string, m?: Matcher) => {
    if (!m) return true;
    const v = norm(value);
    if (m.regex) return new RegExp(m.regex.source, m.regex.flags).test(v);
    return m.exact ? v === norm(m.text) : v.toLowerCase().includes(norm(m.text).toLowerCase());
  };
  const rendered = (el: Element) => {
    if (!el.isConnected || el.closest('[aria-hidden="true"],[hidden]')) return false;
    const style = getComputedStyle(el);
    return style.display !== 'none' && style.visibility !== 'hidden';
  };
  const visible = (el: Element) => {
    if (!rendered(el)) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  // The accessible name from content: text, minus what is hidden from assistive technology.
  const fromContent = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
    if (!(node instanceof Element)) return '';
    if (node.getAttribute('aria-hidden') === 'true' || node.hasAttribute('hidden')) return '';
    if (node instanceof HTMLElement && getComputedStyle(node).display === 'none') return '';
    const label = node.getAttribute('aria-label');
    if (label) return label;
    return Array.from(node.childNodes).map(fromContent).join(' ');
  };
  const accessibleName = (el: Element) => {
    const by = el.getAttribute('aria-labelledby');
    if (by) return by.split(/\s+/).map((id) => fromContent(document.getElementById(id) ?? document.createElement('span'))).join(' ');
    const label = el.getAttribute('aria-label');
    if (label) return label;
    if (el instanceof HTMLInputElement && ['button', 'submit', 'reset'].includes(el.type)) return el.value;
    return Array.from(el.childNodes).map(fromContent).join(' ');
  };

  let root: ParentNode = document;
  if (q.inAlert) {
    const alert = Array.from(document.querySelectorAll('[role="alert"]')).find((a) => rendered(a) && matches(a.textContent ?? '', { text: q.inAlert }));
    if (!alert) return want === 'count' ? 0 : null;
    root = alert;
  }
  let found: Element[] = [];
  const all = (selector: string) => Array.from(root.querySelectorAll(selector));
  switch (q.kind) {
    case 'html':
      found = [document.documentElement];
      break;
    case 'button':
      found = all('button, input[type="button"], input[type="submit"], input[type="reset"], [role="button"]').filter((e) => visible(e) && matches(accessibleName(e), q.name));
      break;
    case 'link':
      found = all('a[href], [role="link"]').filter((e) => visible(e) && matches(accessibleName(e), q.name));
      break;
    case 'heading':
      found = all('h1, h2, h3, h4, h5, h6, [role="heading"]').filter((e) => {
        const level = Number(e.getAttribute('aria-level') ?? (/^H([1-6])$/.exec(e.tagName)?.[1] ?? '2'));
        return visible(e) && (q.level === undefined || level === q.level) && matches(accessibleName(e), q.name);
      });
      break;
    case 'alert':
      found = all('[role="alert"]').filter((e) => rendered(e) && matches(e.textContent ?? '', q.name));
      break;
    case 'label': {
      const controls = new Set<Element>();
      for (const label of all('label')) {
        const control = (label as HTMLLabelElement).control;
        if (control && matches(fromContent(label), q.name)) controls.add(control);
      }
      for (const e of all('[aria-label], [aria-labelledby]')) if (matches(accessibleName(e), q.name)) controls.add(e);
      found = Array.from(controls).filter(visible);
      break;
    }
    case 'text': {
      // The innermost elements whose text matches (as getByText: not their ancestors too).
      const hits = all('body *').filter((e) => !['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(e.tagName) && matches(e.textContent ?? '', q.name));
      found = hits.filter((e) => !hits.some((other) => other !== e && e.contains(other))).filter(visible);
      break;
    }
  }
  if (want === 'count') return found.length;
  const el = found[0];
  if (!el) return null;
  if (want === 'element') return el;
  // What a finger taps to tick a control: whatever is on top at the control's centre when that
  // is the control (an invisible input laid over its label), else its label (an input beside it).
  if (want === 'tapTarget') {
    el.scrollIntoView({ block: 'center', inline: 'nearest' });
    const topAt = (e: Element) => {
      const r = e.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    };
    const top = topAt(el);
    if (top && (top === el || el.contains(top))) return el;
    return (el as HTMLInputElement).labels?.[0] ?? el;
  }
  if (want === 'checked') return (el as HTMLInputElement).checked === true;
  if (want === 'value') return (el as HTMLInputElement).value;
  if (want === 'focused') return document.activeElement === el;
  if (want === 'text') return norm(el.textContent);
  return el.getAttribute(want.attribute);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const describe = (name: Name) => (name instanceof RegExp ? String(name) : JSON.stringify(name));

export class WebDriverUi implements Ui {
  readonly engine = 'webkit' as const;

  /**
   * The host app's bridge (hosts/bridge.ts), when the walk runs in one. WebDriver has no way to run
   * a script before a page's own, so it is installed as soon as each page has loaded: at `goto`
   * and before every look at the page (every step polls), which is within ~100 ms of any load; it
   * then appears `readyAfterMs` later with its ready event, as the host apps inject theirs.
   */
  constructor(readonly driver: any, readonly baseUrl: string, readonly hostBridge?: HostConfig) {}

  private async ask(q: Query, want: Want): Promise<any> {
    await this.installHost();
    return this.driver.executeScript(probe, q, want);
  }

  private async installHost() {
    if (this.hostBridge) await this.driver.executeScript(installHostBridge, this.hostBridge);
  }

  /** Retries `step` until it returns true (or stops throwing), then fails with `what`. */
  private async until(what: string, step: () => Promise<boolean | void>) {
    const deadline = Date.now() + TIMEOUT_MS;
    let last: unknown;
    for (;;) {
      try {
        if ((await step()) !== false) return;
        last = undefined;
      } catch (e) {
        last = e;
      }
      if (Date.now() > deadline) {
        const detail = last instanceof Error ? ` (${last.message.split('\n')[0]})` : '';
        throw new Error(`WebKit: timed out after ${TIMEOUT_MS} ms waiting for ${what}${detail}`);
      }
      await sleep(100);
    }
  }

  private async element(q: Query, what: string) {
    let el: any = null;
    await this.until(what, async () => {
      el = await this.ask(q, 'element');
      return el !== null;
    });
    return el;
  }

  private async click(q: Query, what: string) {
    // Found afresh on each try: the framework may re-render the element between find and click.
    // Like Playwright's click, it waits until the control is enabled: a click on a disabled button
    // (the face check's capture button until the camera streams) is silently lost.
    await this.until(what, async () => {
      const el = await this.ask(q, 'element');
      if (!el || !(await el.isEnabled())) return false;
      await this.tap(el);
    });
  }

  /**
   * WebDriver's Element Click scrolls the element to the bottom edge of the viewport, where a
   * sticky bar (the violations list's "handle and pay") covers it and the click is refused as
   * intercepted. A user scrolls it into the middle of the screen first: so do we.
   */
  private async tap(el: any) {
    await this.driver.executeScript('arguments[0].scrollIntoView({ block: "center", inline: "nearest" })', el);
    await el.click();
  }

  async goto(path: string) {
    await this.driver.get(new URL(path, this.baseUrl).href);
    await this.installHost();
  }

  async reload() {
    await this.driver.navigate().refresh();
  }

  async location() {
    const url = new URL(await this.driver.getCurrentUrl());
    return url.pathname + url.search;
  }

  async fillByLabel(label: string, value: string) {
    // Like Playwright's fill: found afresh on each try and done again until the field holds the
    // value. The app takes over from the HTML's first screen by replacing its fields, so a field
    // found before the takeover can go stale halfway through the typing.
    const q: Query = { kind: 'label', name: { text: label } };
    await this.until(`a field labelled ${describe(label)} to hold ${describe(value)}`, async () => {
      const el = await this.ask(q, 'element');
      if (!el) return false;
      await el.clear();
      await el.sendKeys(value);
      return (await this.ask(q, 'value')) === value;
    });
  }

  async uploadByLabel(label: string, file: { name: string; mimeType: string; buffer: Buffer }) {
    // WebDriver picks files by path (Element Send Keys on the file input).
    const path = join(mkdtempSync(join(tmpdir(), 'beian-upload-')), file.name);
    writeFileSync(path, file.buffer);
    const el = await this.element({ kind: 'label', name: { text: label, exact: true } }, `a file input labelled ${describe(label)}`);
    await el.sendKeys(path);
  }

  async checkByLabel(label: Name) {
    const q: Query = { kind: 'label', name: matcher(label) };
    await this.until(`a checkbox or radio labelled ${describe(label)} to tick`, async () => {
      if ((await this.ask(q, 'checked')) === true) return true;
      const target = await this.ask(q, 'tapTarget');
      if (!target) return false;
      await this.tap(target);
      return (await this.ask(q, 'checked')) === true;
    });
  }

  async clickButton(name: Name, options?: Scope & { exact?: boolean }) {
    await this.click({ kind: 'button', name: matcher(name, options?.exact), inAlert: options?.inAlert }, `a button ${describe(name)} to click`);
  }

  async clickLink(name: Name, options?: Scope & { exact?: boolean }) {
    await this.click({ kind: 'link', name: matcher(name, options?.exact), inAlert: options?.inAlert }, `a link ${describe(name)} to click`);
  }

  async expectText(text: Name) {
    await this.element({ kind: 'text', name: matcher(text) }, `the text ${describe(text)}`);
  }

  async expectNoText(text: Name) {
    await this.until(`the text ${describe(text)} to go`, async () => (await this.ask({ kind: 'text', name: matcher(text) }, 'count')) === 0);
  }

  async expectHeading(name: Name, level = 1) {
    await this.element({ kind: 'heading', name: matcher(name), level }, `a level-${level} heading ${describe(name)}`);
  }

  async expectButton(name: Name, options?: { exact?: boolean }) {
    await this.element({ kind: 'button', name: matcher(name, options?.exact) }, `a button ${describe(name)}`);
  }

  async expectLink(name: Name, options?: { exact?: boolean }) {
    await this.element({ kind: 'link', name: matcher(name, options?.exact) }, `a link ${describe(name)}`);
  }

  async expectAlert(alert: string, text: string) {
    let seen: string | null = null;
    await this.until(`an alert with ${describe(alert)} containing ${describe(text)}`, async () => {
      seen = await this.ask({ kind: 'alert', name: { text: alert } }, 'text');
      return seen !== null && seen.toLowerCase().includes(text.replace(/\s+/g, ' ').trim().toLowerCase());
    });
  }

  async expectNoAlert(alert: string) {
    await this.until(`no alert with ${describe(alert)}`, async () => (await this.ask({ kind: 'alert', name: { text: alert } }, 'count')) === 0);
  }

  async expectValueByLabel(label: string, value: string) {
    let seen: unknown;
    await this.until(`the field labelled ${describe(label)} to hold ${describe(value)}`, async () => {
      seen = await this.ask({ kind: 'label', name: { text: label } }, 'value');
      return seen === value;
    });
  }

  async expectAttributeByLabel(label: string, attribute: string, value: string) {
    await this.until(`the field labelled ${describe(label)} to have ${attribute}="${value}"`, async () => (await this.ask({ kind: 'label', name: { text: label } }, { attribute })) === value);
  }

  async expectFocusedByLabel(label: string) {
    await this.until(`the field labelled ${describe(label)} to have focus`, async () => (await this.ask({ kind: 'label', name: { text: label } }, 'focused')) === true);
  }

  async expectLang(lang: string) {
    await this.until(`<html lang="${lang}">`, async () => (await this.ask({ kind: 'html' }, { attribute: 'lang' })) === lang);
  }

  /** Through Execute Async Script, so that a promise the function returns is awaited in every driver. */
  async evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    const script = `const done = arguments[arguments.length - 1];
const arg = arguments[0];
Promise.resolve().then(() => (${fn.toString()})(arg)).then(
  (value) => done({ value: value === undefined ? null : value }),
  (e) => done({ error: String((e && e.stack) || e) }),
);`;
    const result = await this.driver.executeAsyncScript(script, arg ?? null);
    if (result && result.error !== undefined) throw new Error(`WebKit: the page script failed: ${result.error}`);
    return result.value as T;
  }

  /** Injects axe-core from node_modules (once per document) and runs it on the whole page. */
  async expectAccessible() {
    const loaded = await this.driver.executeScript('return typeof window.axe === "object"');
    if (!loaded) await this.driver.executeScript(`${axeSource()}\n;return true;`);
    const result = await this.driver.executeAsyncScript(function (done: (r: unknown) => void) {
      const w = window as any;
      w.axe.run(document, { resultTypes: ['violations'] }).then(
        (r: any) => done({ violations: r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n: any) => n.target.join(' ')) })) }),
        (e: unknown) => done({ error: String(e) }),
      );
    });
    if (result.error) throw new Error(`axe-core failed in WebKit: ${result.error}`);
    const violations = result.violations as { id: string; impact: string; help: string; targets: string[] }[];
    const line = (v: (typeof violations)[number]) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`;
    for (const v of violations.filter((v) => !FAILING_IMPACTS.includes(v.impact))) console.log(`axe-core (WebKit, not failing): ${line(v)}`);
    const failing = violations.filter((v) => FAILING_IMPACTS.includes(v.impact)).map(line);
    if (failing.length) throw new Error(`axe-core serious/critical violations in WebKit:\n  ${failing.join('\n  ')}`);
  }

  async expectNoHorizontalOverflow() {
    const overflow = await this.driver.executeScript('return document.documentElement.scrollWidth - document.documentElement.clientWidth');
    if (overflow > 0) throw new Error(`WebKit: horizontal overflow of ${overflow} px at ${VIEWPORT.width} px wide`);
  }
}

let axeCache: string | undefined;
function axeSource() {
  return (axeCache ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
}

/** Where the harness (`cargo xtask webkit` / `xtask test`) put the driver and the browser. */
export function webkitEnv() {
  const driverUrl = process.env.BEIAN_WEBKIT_DRIVER;
  const miniBrowser = process.env.BEIAN_MINIBROWSER;
  if (!driverUrl || !miniBrowser) {
    throw new Error('BEIAN_WEBKIT_DRIVER and BEIAN_MINIBROWSER must be set: run the WebKit walks with `cargo xtask webkit` or `cargo xtask test`');
  }
  return { driverUrl, miniBrowser };
}

/**
 * A new MiniBrowser session (fresh storage) with a 390×844 viewport, and the mock camera on.
 * The window is sized so that the page (not the window with its toolbar) gets the phone's size.
 */
export async function openWebKit(baseUrl: string, host: { userAgent?: string; bridge?: HostConfig; proxy?: string } = {}): Promise<WebDriverUi> {
  const { driverUrl, miniBrowser } = webkitEnv();
  const args = ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true', '--time-zone=Asia/Shanghai'];
  // Inside a host app: its user agent, and the host simulator as the proxy for the host's SDK
  // addresses (webkit/host-proxy.ts), whose made-up certificate MiniBrowser cannot trust.
  if (host.userAgent) args.push(`--user-agent=${host.userAgent}`);
  if (host.proxy) args.push(`--proxy=${host.proxy}`, '--ignore-host=127.0.0.1', '--ignore-host=localhost', '--ignore-tls-errors');
  const driver = await new Builder()
    .usingServer(driverUrl)
    .withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: miniBrowser, args },
    })
    .build();
  try {
    await driver.manage().setTimeouts({ script: 30_000, pageLoad: 30_000 });
    await driver.manage().window().setRect({ x: 0, y: 0, ...VIEWPORT });
    // The window manager may apply a size a moment late (seen under load): measure and correct
    // a few times before giving up.
    let [w, h] = [0, 0];
    for (let attempt = 0; attempt < 5; attempt++) {
      const [iw, ih, ow, oh] = (await driver.executeScript('return [innerWidth, innerHeight, outerWidth, outerHeight]')) as number[];
      if (iw === VIEWPORT.width && ih === VIEWPORT.height) break;
      await driver.manage().window().setRect({ width: VIEWPORT.width + (ow - iw), height: VIEWPORT.height + (oh - ih) });
      await sleep(150);
    }
    [w, h] = (await driver.executeScript('return [innerWidth, innerHeight]')) as number[];
    if (w !== VIEWPORT.width || h !== VIEWPORT.height) {
      throw new Error(`WebKit: the viewport is ${w}×${h}, not ${VIEWPORT.width}×${VIEWPORT.height} (is the GTK style from the harness in XDG_CONFIG_HOME?)`);
    }
  } catch (e) {
    await driver.quit().catch(() => {});
    throw e;
  }
  return new WebDriverUi(driver, baseUrl, host?.bridge);
}
