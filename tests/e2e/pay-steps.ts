// Steps of handling and paying a violation, shared by specs/violations.spec.ts and the fault
// matrix (specs/fault-matrix.spec.ts). Orders are counted through the stub's sandbox.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, type Sandbox } from './fixtures';

export const ME = '13800138000';

export const summary = (page: Page) => page.getByRole('alert').filter({ hasText: '请修改以下问题' });
export const card = (page: Page, place: string) => page.getByRole('listitem').filter({ hasText: place });

export type Order = { owner: string; host: string; superseded: boolean; order: { order_id: string; state: string; amount_fen: number; decision_numbers: string[] } };

export async function orders(request: APIRequestContext, sandbox: Sandbox): Promise<Order[]> {
  return (await (await request.get(`${sandbox.url}/sandbox/orders`)).json()).orders;
}

export async function settle(request: APIRequestContext, sandbox: Sandbox, orderId: string, outcome: 'pay' | 'cancel' | 'fail') {
  const res = await request.post(`${sandbox.url}/sandbox/pay/${orderId}`, { data: { outcome } });
  expect(res.ok(), await res.text()).toBeTruthy();
}

export async function openViolations(page: Page) {
  await page.getByRole('link', { name: /^违法处理/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '违法处理' })).toBeVisible();
}

/** Selects the unprocessed violations at these places and goes through rules and SMS code. */
export async function handle(page: Page, sandbox: Sandbox, places: string[], phone = ME) {
  for (const place of places) {
    await card(page, place).getByRole('checkbox', { name: /选择/ }).check();
  }
  await page.getByRole('button', { name: '处理并缴款' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '处理须知' })).toBeVisible();
  await page.getByLabel('我已阅读并同意处理以上违法').check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '短信验证确认' })).toBeVisible();
  await page.getByRole('button', { name: '发送验证码' }).click();
  await expect(page.getByText(/验证码已发送至 139\*\*\*\*|验证码已发送至 138\*\*\*\*/)).toBeVisible();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode(phone, 'handling'));
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
}

/** Pays on the stub's simulated provider page, which returns to the result page. */
export async function payOnProviderPage(page: Page, button: '支付 Pay' | '取消 Cancel' | '模拟失败 Fail' = '支付 Pay') {
  await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible();
  await page.getByRole('button', { name: button }).click();
}

export async function expectReceipt(page: Page, amount: string) {
  await expect(page.getByRole('heading', { level: 1, name: '缴款成功' })).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.panel__amount')).toHaveText(amount);
  await expect(page.getByRole('heading', { name: '缴款凭证' })).toBeVisible();
}

