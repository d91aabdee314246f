// `Ui` for Playwright (Chromium): each step is Playwright's own locator and web-first assertion.
import { expect, type Locator, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { Name, Scope, Ui } from './ui';

export class PlaywrightUi implements Ui {
  readonly engine = 'chromium' as const;

  constructor(readonly page: Page) {}

  private scope(options?: Scope): Page | Locator {
    return options?.inAlert ? this.page.getByRole('alert').filter({ hasText: options.inAlert }) : this.page;
  }

  async goto(path: string) {
    await this.page.goto(path);
  }

  async reload() {
    await this.page.reload();
  }

  async location() {
    const url = new URL(this.page.url());
    return url.pathname + url.search;
  }

  async fillByLabel(label: string, value: string) {
    await this.page.getByLabel(label).fill(value);
  }

  async uploadByLabel(label: string, file: { name: string; mimeType: string; buffer: Buffer }) {
    await this.page.getByLabel(label, { exact: true }).setInputFiles(file);
  }

  async checkByLabel(label: Name) {
    await this.page.getByLabel(label).first().check();
  }

  async clickButton(name: Name, options?: Scope & { exact?: boolean }) {
    await this.scope(options).getByRole('button', { name, exact: options?.exact }).click();
  }

  async clickLink(name: Name, options?: Scope & { exact?: boolean }) {
    await this.scope(options).getByRole('link', { name, exact: options?.exact }).click();
  }

  async expectText(text: Name) {
    await expect(this.page.getByText(text).first()).toBeVisible();
  }

  async expectNoText(text: Name) {
    await expect(this.page.getByText(text)).toHaveCount(0);
  }

  async expectHeading(name: Name, level = 1) {
    await expect(this.page.getByRole('heading', { level, name })).toBeVisible();
  }

  async expectButton(name: Name, options?: { exact?: boolean }) {
    await expect(this.page.getByRole('button', { name, exact: options?.exact })).toBeVisible();
  }

  async expectLink(name: Name, options?: { exact?: boolean }) {
    await expect(this.page.getByRole('link', { name, exact: options?.exact })).toBeVisible();
  }

  async expectAlert(alert: string, text: string) {
    await expect(this.page.getByRole('alert').filter({ hasText: alert })).toContainText(text);
  }

  async expectNoAlert(alert: string) {
    await expect(this.page.getByRole('alert').filter({ hasText: alert })).toBeHidden();
  }

  async expectValueByLabel(label: string, value: string) {
    await expect(this.page.getByLabel(label)).toHaveValue(value);
  }

  async expectAttributeByLabel(label: string, attribute: string, value: string) {
    await expect(this.page.getByLabel(label)).toHaveAttribute(attribute, value);
  }

  async expectFocusedByLabel(label: string) {
    await expect(this.page.getByLabel(label)).toBeFocused();
  }

  async expectLang(lang: string) {
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang);
  }

  async evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    return (await this.page.evaluate(fn as any, arg)) as T;
  }

  /** In Chromium every axe-core violation fails, whatever its impact (stricter than WebKit's walk). */
  async expectAccessible() {
    const results = await new AxeBuilder({ page: this.page }).analyze();
    const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(summary, 'axe-core violations').toEqual([]);
  }

  async expectNoHorizontalOverflow() {
    const overflow = await this.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
  }
}
