import type { Walk } from './walk';

export const notFound: Walk = {
  title: 'an unknown address shows a clear not-found page with a way home',
  async run(ui) {
    await ui.goto('/no/such/page');
    await ui.expectHeading('页面不存在');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();
    await ui.clickLink('返回首页');
    await ui.expectHeading('机动车备案与违法处理');
  },
};
