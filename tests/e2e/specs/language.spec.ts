// Shared walks (walks/*.ts): the same steps run in WebKit (webkit/walks.spec.ts).
import { expect, test } from '../fixtures';
import { switchLanguage } from '../walks/language';
import { notFound } from '../walks/not-found';

test.describe('with an English-language browser', () => {
  test.use({ locale: 'en-US' });

  test(switchLanguage.title, { tag: '@layout' }, ({ ui, sandbox }) => switchLanguage.run(ui, sandbox));

  // The browser's languages are never consulted (src/locale.rs; build.rs gives the generated
  // `Locale` a `find_locale` of its own): when they change while the app is open (the phone's
  // language set anew, a `languagechange` event), the language the user chose stays.
  test('a change of the browser\'s languages leaves the language the user chose', { tag: '@layout' }, async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vehicle filing and fines');

    await page.evaluate(() => {
      Object.defineProperty(navigator, 'languages', { get: () => ['zh-CN', 'zh'], configurable: true });
      Object.defineProperty(navigator, 'language', { get: () => 'zh-CN', configurable: true });
      window.dispatchEvent(new Event('languagechange'));
    });
    // The app answers a languagechange within a task or two; give it well over that.
    await page.waitForTimeout(500);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vehicle filing and fines');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');

    // And the other way round: Chinese chosen on a browser whose languages become English only.
    await page.getByRole('button', { name: /切换到简体中文/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('机动车备案与违法处理');
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'languages', { get: () => ['en-GB', 'en'], configurable: true });
      Object.defineProperty(navigator, 'language', { get: () => 'en-GB', configurable: true });
      window.dispatchEvent(new Event('languagechange'));
    });
    await page.waitForTimeout(500);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('机动车备案与违法处理');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  });
});

test(notFound.title, { tag: '@layout' }, ({ ui, sandbox }) => notFound.run(ui, sandbox));
