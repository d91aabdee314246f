// Text from the API is shown as text (issue 7, "Bad input"): a reason the review desk writes with
// HTML and script in it (the stub's sandbox lets staff write any reason) shows literally in
// My vehicles and in Messages; no element is created from it, no script of it runs and no dialog
// opens. A regression to inner_html (or a `<div inner_html=…>`) would fail here.
import type { Page } from '@playwright/test';
import { test, expect, expectAccessible } from '../fixtures';
import { png } from '../images';
import { toDocuments } from '../filing-steps';

test.describe.configure({ timeout: 90_000 });

const REASON = `<img src=x onerror="window.__xss='img';alert(1)"><script>window.__xss='script'</script><b id="xss-b">粗体</b> & "引号"`;

async function expectNothingInjected(page: Page, dialogs: string[]) {
  const found = await page.evaluate(() => ({
    xss: (window as any).__xss ?? null,
    images: document.querySelectorAll('img[src="x"]').length,
    bold: document.querySelectorAll('#xss-b').length,
    scripts: [...document.querySelectorAll('body script')].map((s) => s.textContent).filter((t) => t?.includes('__xss')).length,
  }));
  expect(found).toEqual({ xss: null, images: 0, bold: 0, scripts: 0 });
  expect(dialogs).toEqual([]);
}

test('a rejection reason with HTML and script from the API shows as literal text and runs nothing', { tag: '@layout' }, async ({ page, sandbox }) => {
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await toDocuments(page, sandbox);
  await page.getByLabel('驾驶证照片', { exact: true }).setInputFiles({ name: 'licence.png', mimeType: 'image/png', buffer: png(1200, 900) });
  await expect(page.getByRole('img', { name: '待上传的证件照片预览' })).toBeVisible();
  await page.getByRole('button', { name: '提交人工审核' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交人工审核' })).toBeVisible();
  await sandbox.decideReview('粤B67890', false, REASON);

  await page.goto('/vehicles');
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '粤B67890' }) });
  await expect(card.getByText('未通过')).toBeVisible();
  // The very characters the server sent, visible as text.
  await expect(card).toContainText(REASON);
  await expectNothingInjected(page, dialogs);
  await expectAccessible(page);

  await page.goto('/messages');
  await expect(page.getByRole('link', { name: /备案未通过/ })).toContainText(`您对 粤B67890 的备案未通过：${REASON}`);
  await expectNothingInjected(page, dialogs);
  // Give an onerror handler a moment to fire, had an <img> been made.
  await page.waitForTimeout(300);
  await expectNothingInjected(page, dialogs);
});
