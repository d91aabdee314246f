// Bad files chosen as photos (issue 7, "Bad input"): a 50 MB file, a text saved as .jpg, a zero-byte
// file and a 30000×30000 PNG that deflates to about 110 KB (a decompression bomb) are each refused
// with their own message, read from the file's size and header before anything is decoded, and
// the tab stays responsive: the page reacts at once and a good photo chosen next goes through.
// On the document upload (SMS filing, face check unavailable) and on the QR code's photo route.
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, expectAccessible, signIn } from '../fixtures';
import { bombPng, paddedPng, png } from '../images';
import { ACTIVE, scanPhoto, startQrFiling } from '../qr-steps';
import { toDocuments } from '../filing-steps';

test.describe.configure({ timeout: 120_000 });

type BadFile = { what: string; file: (info: TestInfo) => Promise<string | { name: string; mimeType: string; buffer: Buffer }>; message: string };

const BAD_FILES: BadFile[] = [
  {
    what: 'a 50 MB file',
    // Written to disk: Playwright sends large buffers badly, and a phone hands over a file anyway.
    file: async (info) => {
      const path = info.outputPath('huge-photo.png');
      writeFileSync(path, paddedPng(8000, 6000, 50 * 1024 * 1024));
      return path;
    },
    message: '该文件有 50 MB，照片不能超过 25 MB。请用相机拍摄或选择较小的文件',
  },
  {
    what: 'a text saved as .jpg',
    file: async () => ({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('This is a shopping list, not a photo.\n') }),
    message: '所选文件不是图片，请选择 JPG 或 PNG 格式的照片',
  },
  {
    what: 'a zero-byte file',
    file: async () => ({ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) }),
    message: '所选文件是空的（0 字节），请重新拍摄或选择照片',
  },
  {
    what: 'a 30000×30000 PNG bomb',
    file: async () => {
      const buffer = bombPng(30_000);
      expect(buffer.length, 'the bomb is small on disk').toBeLessThan(200_000);
      return { name: 'bomb.png', mimeType: 'image/png', buffer };
    },
    message: '这张图片有 30000 × 30000 像素，太大无法处理（最多 6400 万像素）。请用相机拍摄或选择较小的图片',
  },
];

/** The page still runs script and paints: a frame comes within a second. */
async function expectResponsive(page: Page) {
  const started = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(Date.now() - started, 'the tab answered within a second').toBeLessThan(1_000);
}

test('the document upload refuses a huge, a fake, an empty and a bomb image with their reasons, and then takes a good photo', { tag: '@layout' }, async ({ page, sandbox }, info) => {
  await toDocuments(page, sandbox);
  const input = page.getByLabel('驾驶证照片', { exact: true });
  const fieldError = page.locator('.field__error');
  for (const bad of BAD_FILES) {
    await input.setInputFiles(await bad.file(info));
    await expect(fieldError, bad.what).toHaveText(bad.message);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByRole('img', { name: '待上传的证件照片预览' })).toHaveCount(0);
    await expectResponsive(page);
  }
  await expectAccessible(page);
  // The choice of document is kept, and a good photo goes through.
  await expect(page.getByRole('radio', { name: '本人驾驶证' })).toBeChecked();
  await input.setInputFiles({ name: 'licence.png', mimeType: 'image/png', buffer: png(2400, 1800) });
  await expect(page.getByRole('img', { name: '待上传的证件照片预览' })).toBeVisible();
  await expect(fieldError).toHaveCount(0);
  await page.getByRole('button', { name: '提交人工审核' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交人工审核' })).toBeVisible();
});

test('the QR photo route refuses a huge, a fake, an empty and a bomb image with their reasons, and then reads a good one', { tag: '@layout' }, async ({ page, sandbox }, info) => {
  await signIn(page, sandbox);
  await startQrFiling(page);
  const input = page.getByLabel('拍摄或选择二维码照片');
  for (const bad of BAD_FILES) {
    await input.setInputFiles(await bad.file(info));
    await expect(page.getByRole('alert').filter({ hasText: bad.message }), bad.what).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: '扫描备案二维码' })).toBeVisible();
    await expectResponsive(page);
  }
  await expectAccessible(page);
  await scanPhoto(page, ACTIVE);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
});
