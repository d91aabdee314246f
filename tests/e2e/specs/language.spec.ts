// Shared walks (walks/*.ts): the same steps run in WebKit (webkit/walks.spec.ts).
import { test } from '../fixtures';
import { switchLanguage } from '../walks/language';
import { notFound } from '../walks/not-found';

test.describe('with an English-language browser', () => {
  test.use({ locale: 'en-US' });

  test(switchLanguage.title, { tag: '@layout' }, ({ ui, sandbox }) => switchLanguage.run(ui, sandbox));
});

test(notFound.title, { tag: '@layout' }, ({ ui, sandbox }) => notFound.run(ui, sandbox));
