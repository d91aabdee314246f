import { test, expect } from '../fixtures';
import { serverErrorRecovers } from '../walks/server-error';

const PHONE = '13800138000';

// A shared walk (walks/server-error.ts): the same steps run in WebKit (webkit/walks.spec.ts).
test(serverErrorRecovers.title, { tag: '@layout' }, ({ ui, sandbox }) => serverErrorRecovers.run(ui, sandbox));

test('a dropped connection says so and the retry goes through', async ({ page, sandbox }) => {
  // Chromium silently retries a POST once when a kept-alive connection drops, so the fault
  // stays on until the user has seen the message.
  await sandbox.fault({ method: 'POST', path: '/api/session/code', drop: true });
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const notice = page.getByRole('alert').filter({ hasText: '无法连接网络' });
  await expect(notice).toBeVisible();
  await expect(page.getByLabel('手机号码')).toHaveValue(PHONE);
  await sandbox.clearFaults();
  await notice.getByRole('button', { name: '重试' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
});

test('going offline is announced, and coming back too', async ({ page, context }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill(PHONE);
  await context.setOffline(true);
  await expect(page.getByText('当前处于离线状态。网络恢复后可继续办理，已填写的内容不会丢失。')).toBeVisible();
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '无法连接网络' })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByText('网络已恢复。')).toBeVisible();
  await expect(page.getByLabel('手机号码')).toHaveValue(PHONE);
});

test('a rate limit tells the user how long to wait, and the code already sent still works', async ({ page, sandbox }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  // Ask again at once through another tab: the server refuses within 60 s, naming the code sent.
  const other = await page.context().newPage();
  await other.goto('/sign-in');
  await other.getByLabel('手机号码').fill(PHONE);
  await other.getByRole('button', { name: '获取验证码' }).click();
  await expect(other.getByText(/不到 1 分钟前已向 \d{3}\*{4}\d{4} 发送过验证码/)).toBeVisible();
  await expect(other.getByText(/^\d+ 秒后可重新获取验证码$/)).toBeVisible();
  expect(await sandbox.smsCount(PHONE)).toBe(1);
  await other.getByLabel('短信验证码').fill(await sandbox.lastCode(PHONE));
  await other.getByRole('button', { name: '登录', exact: true }).click();
  await expect(other.getByText('当前账号')).toBeVisible();
});
