import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';
import { invalidNumber, wrongCodeThenRight } from '../walks/sign-in';

const PHONE = '13800138000';

test('signs in with a phone number and the SMS code, then lands on the account page', { tag: '@layout' }, async ({ page, sandbox }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: '机动车备案与违法处理' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: '登录或注册' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await page.getByLabel('手机号码').fill('138 0013 8000');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText('验证码已发送至 138****8000，5 分钟内有效。')).toBeVisible();
  await expect(page.getByText(/秒后可重新获取验证码/)).toBeVisible();
  const code = page.getByLabel('短信验证码');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expectAccessible(page);

  // The whole text message can be pasted: the code is picked out of it.
  await code.fill(`【交管】您的验证码是 ${await sandbox.lastCode(PHONE)}，5 分钟内有效。`);
  await page.getByRole('button', { name: '登录', exact: true }).click();

  await expect(page.getByText('当前账号')).toBeVisible();
  await expect(page.getByText('138****8000')).toBeVisible();
  await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);

  // Nothing personal is kept in localStorage; the token lives in sessionStorage only.
  const stored = await page.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) }));
  expect(stored.local).not.toContain('13800138000');
  expect(stored.local).not.toContain('token');
  expect(stored.session).not.toContain('13800138000');
});

// Shared walks (walks/sign-in.ts): the same steps run in WebKit (webkit/walks.spec.ts).
test(invalidNumber.title, { tag: '@layout' }, ({ ui, sandbox }) => invalidNumber.run(ui, sandbox));

test(wrongCodeThenRight.title, { tag: '@layout' }, ({ ui, sandbox }) => wrongCodeThenRight.run(ui, sandbox));

test('an expired code asks for a new one, and the new code signs in', async ({ page, sandbox }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  const first = await sandbox.lastCode(PHONE);
  await sandbox.advanceClock(301);

  await page.getByLabel('短信验证码').fill(first);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '请修改以下问题' })).toContainText('验证码已过期（有效期 5 分钟），请重新获取');

  await page.getByRole('button', { name: '更换手机号码' }).click();
  await page.getByLabel('手机号码').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  const second = await sandbox.lastCode(PHONE);
  expect(await sandbox.smsCount(PHONE)).toBe(2);
  await page.getByLabel('短信验证码').fill(second);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('当前账号')).toBeVisible();
});

test('a pending code survives a reload of the page', async ({ page, sandbox }) => {
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至 138\*\*\*\*8000/)).toBeVisible();
  await page.reload();
  await expect(page.getByText(/验证码已发送至 138\*\*\*\*8000/)).toBeVisible();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode(PHONE));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByText('当前账号')).toBeVisible();
});

test('an expired session goes to sign-in and then back to the page the user was on', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.getByRole('link', { name: /消息/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '消息' })).toBeVisible();

  await sandbox.reset(); // the server forgets every session
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('next')).toBe('/messages');

  await page.getByLabel('手机号码').fill(PHONE);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode(PHONE));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '消息' })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/messages');
});

test('signing out forgets the session', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await expect(page.getByText('当前账号')).toBeVisible();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByText('您已退出登录。')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await page.goto('/vehicles');
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
});
