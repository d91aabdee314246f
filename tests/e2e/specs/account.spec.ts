import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';

test('the home page links only to services that work, and each page they open is accessible', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await expect(page.getByText('当前账号')).toBeVisible();
  await expect(page.getByText('C1')).toBeVisible();

  await page.getByRole('link', { name: /我的车辆/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
  // The seeded user already holds two filed vehicles.
  await expect(page.getByRole('heading', { name: '京A12345' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '沪AD12345' })).toBeVisible();
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  // Each approved vehicle leads to its own violations.
  await page.getByRole('link', { name: '查看违法 沪AD12345' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '违法处理' })).toBeVisible();
  await expect(page.getByLabel('车辆')).toHaveValue(/.+/);
  await expect(page.getByRole('listitem').filter({ hasText: '世纪大道' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: '国贸桥北' })).toHaveCount(0);

  await page.goto('/');
  await page.getByRole('link', { name: /消息/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '消息' })).toBeVisible();
  await expect(page.getByText('暂无消息。')).toBeVisible();
  await expectAccessible(page);
});

test('a page that needs a session sends a signed-out visitor to sign in, then back', async ({ page, sandbox }) => {
  await page.goto('/vehicles');
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('next')).toBe('/vehicles');
  await page.getByLabel('手机号码').fill('13800138000');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode('13800138000'));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
});

test('a failed page load says what happened and "try again" loads it', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await expect(page.getByText('当前账号')).toBeVisible();
  await sandbox.fault({ method: 'GET', path: '/api/vehicles', status: 503 });
  await page.goto('/vehicles');
  const notice = page.getByRole('alert').filter({ hasText: '服务暂时不可用' });
  await expect(notice).toContainText('错误 503');
  await expectAccessible(page);
  await sandbox.clearFaults();
  await notice.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { name: '京A12345' })).toBeVisible();
  await expect(notice).toBeHidden();
});
