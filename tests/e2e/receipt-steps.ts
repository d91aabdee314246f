// Steps of the receipt and driver-edges specs: paying through the API (the app's own flow is
// walked elsewhere), and signing in in English.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, type Sandbox } from './fixtures';
import { settle } from './pay-steps';

export const ME = '13800138000';

/** Switches the app to English (it starts in Chinese whatever the browser's language). */
export async function english(page: Page) {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: /Switch to English/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
}

/** Signs in through the UI, in English. */
export async function signInEnglish(page: Page, sandbox: Sandbox, phone = ME) {
  await english(page);
  await page.getByLabel('Mobile number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByLabel('SMS code').fill(await sandbox.lastCode(phone));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('Signed in as')).toBeVisible();
}

/** The session token the app keeps (sessionStorage), to call the API as the signed-in user. */
export async function token(page: Page): Promise<string> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem('beian.session') ?? '{}').token);
}

/** Orders (and unless `pay` is false, pays) the decided violation at `place` through the API and the sandbox; returns the order id. */
export async function payByApi(page: Page, request: APIRequestContext, sandbox: Sandbox, place: string, pay = true): Promise<string> {
  const headers = { Authorization: `Bearer ${await token(page)}` };
  const { violations } = await (await request.get(`${sandbox.url}/api/violations?status=processed`, { headers })).json();
  const v = violations.find((x: any) => x.place.includes(place));
  expect(v, `a decided violation at ${place}`).toBeTruthy();
  const res = await request.post(`${sandbox.url}/api/payments`, {
    headers: { ...headers, 'Idempotency-Key': `test-${Date.now()}-${Math.random().toString(36).slice(2)}` },
    data: { decision_numbers: [v.decision_number], channel: 'alipay', host: 'browser', return_path: '/pay/result' },
  });
  expect(res.status(), await res.text()).toBe(201);
  const order = await res.json();
  if (pay) await settle(request, sandbox, order.order_id, 'pay');
  return order.order_id;
}

