import { test, expect, expectAccessible, expectNoHorizontalOverflow } from '../fixtures';

test.describe('with an English-language browser', () => {
  test.use({ locale: 'en-US' });

  test('the app starts in Simplified Chinese, switches to English, and remembers it', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1, name: '机动车备案与违法处理' })).toBeVisible();

    await page.getByRole('button', { name: /Switch to English/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Vehicle filing and fines' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('link', { name: 'Sign in or register' })).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Vehicle filing and fines' })).toBeVisible();

    await page.getByRole('link', { name: 'Sign in or register' }).click();
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toContainText('Enter your mobile number');

    // Switching keeps what is on the page and translates the messages already shown.
    await page.getByLabel('Mobile number').fill('12');
    await page.getByRole('button', { name: 'Send code' }).click();
    await expect(page.getByText('Enter a valid 11-digit mobile number', { exact: false }).first()).toBeVisible();
    await page.getByRole('button', { name: /切换到简体中文/ }).click();
    await expect(page.getByLabel('手机号码')).toHaveValue('12');
    await expect(page.getByText('请输入以 1 开头的 11 位有效手机号码', { exact: false }).first()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
});

test('an unknown address shows a clear not-found page with a way home', async ({ page }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: '页面不存在' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: '返回首页' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '机动车备案与违法处理' })).toBeVisible();
});
