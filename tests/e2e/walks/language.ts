import type { Walk } from './walk';

/** Run with an English-language browser (Chromium: locale en-US; WebKit: LANG=en_US from the harness). */
export const switchLanguage: Walk = {
  title: 'the app starts in Simplified Chinese, switches to English, and remembers it',
  async run(ui) {
    await ui.goto('/');
    await ui.expectLang('zh-CN');
    await ui.expectHeading('机动车备案与违法处理');
    await ui.expectAccessible();

    await ui.clickButton(/Switch to English/);
    await ui.expectHeading('Vehicle filing and fines');
    await ui.expectLang('en');
    await ui.expectLink('Sign in or register');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();

    await ui.reload();
    await ui.expectHeading('Vehicle filing and fines');
    await ui.expectLang('en');

    await ui.clickLink('Sign in or register');
    await ui.clickButton('Send code');
    await ui.expectAlert('There is a problem', 'Enter your mobile number');

    // Switching keeps what is on the page and translates the messages already shown.
    await ui.fillByLabel('Mobile number', '12');
    await ui.clickButton('Send code');
    await ui.expectText('Enter a valid 11-digit mobile number');
    await ui.expectAccessible();
    await ui.clickButton(/切换到简体中文/);
    await ui.expectValueByLabel('手机号码', '12');
    await ui.expectText('请输入以 1 开头的 11 位有效手机号码');
    await ui.expectLang('zh-CN');
  },
};
