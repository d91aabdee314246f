// Steps of the QR filing flow shared by the filing-qr*.spec.ts files (each camera setup needs
// its own browser launch, hence its own file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, expectNoHorizontalOverflow, type Sandbox } from './fixtures';
import { pngGrey, qrPng } from './qr-images';

export const ACTIVE = 'BEIAN:1:demo-qr-yueB67890-active';
export const PAYMENT = 'wxp://f2f0GkUSfM7lqOaX8xI';
export const OWNER_LIU = '13500135000'; // owner of 粤B67890
export const prompt = (page: Page, title: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 2, name: title }) });
export const summary = (page: Page) => page.getByRole('alert').filter({ hasText: '请修改以下问题' });

// Chromium flags of playwright.config.ts, without the ones that grant or fake the camera.
export const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A path for a fake camera's video in a folder of its own, removed when this process ends (each
 *  Playwright worker, and the runner that lists the specs, loads a spec file and writes its video). */
export function videoPath(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'beian-qr-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

/** Launch options whose fake camera shows the video `file`. */
export const fakeCamera = (file: string) => ({
  executablePath: CHROMIUM,
  args: [...BASE_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`],
});

export async function decideReview(request: APIRequestContext, sandbox: Sandbox, plate: string) {
  const { pending } = await (await request.get(`${sandbox.url}/sandbox/reviews`)).json();
  const filing = pending.find((f: any) => f.plate_number === plate);
  expect(filing, `a review is pending for ${plate}`).toBeTruthy();
  expect((await request.post(`${sandbox.url}/sandbox/reviews/${filing.id}`, { data: { approve: true } })).ok()).toBeTruthy();
}

/** From the home page to the scan screen, choosing the QR method. */
export async function startQrFiling(page: Page, check = false) {
  await chooseQrMethod(page, check);
  await expect(page.getByRole('heading', { level: 1, name: '扫描备案二维码' })).toBeVisible();
  await expect(page.getByText('第 2 步，共 5 步：车辆信息')).toBeVisible();
}

/**
 * From the home page through the QR method's "继续", with a camera that shows a readable filing
 * code: the scanner may read it in its first frames and be gone (on to the photos) before its
 * heading could be looked at, so only the way there is walked here; the spec checks where it ends.
 */
export async function startQrFilingWithCode(page: Page) {
  await chooseQrMethod(page, false);
  await expect(page.getByRole('heading', { level: 1, name: /^(扫描备案二维码|拍摄车辆照片)$/ })).toBeVisible();
}

async function chooseQrMethod(page: Page, check: boolean) {
  await page.getByRole('link', { name: /备案机动车/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '备案非本人名下机动车' })).toBeVisible();
  await page.getByRole('radio', { name: '扫描车主的备案二维码' }).check();
  if (check) await expectAccessible(page);
  await page.getByRole('button', { name: '继续' }).click();
}

/** The photo route: a still of `text`'s code, taken at an angle with some noise. */
export async function scanPhoto(page: Page, text: string) {
  await page
    .getByLabel('拍摄或选择二维码照片')
    .setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: qrPng(text, { angle: 9, keystone: 0.08, noise: 24, share: 0.55 }) });
}

/** A plain photo (a grey PNG) standing in for a photo of the vehicle. */
export function vehiclePhoto(): Buffer {
  const w = 1800;
  const h = 1200;
  const px = new Uint8Array(w * h);
  for (let i = 0; i < px.length; i++) px[i] = (i % w) % 255;
  return pngGrey(w, h, px);
}

export async function takePhotos(page: Page, check = false) {
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
  for (const [label, alt] of [
    ['车辆左前方45°照片', '车辆左前方45°照片预览'],
    ['发动机号铭牌照片', '发动机号铭牌照片预览'],
  ]) {
    const input = page.getByLabel(label, { exact: true });
    await expect(input).toHaveAttribute('capture', 'environment');
    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: vehiclePhoto() });
    await expect(page.getByRole('img', { name: alt })).toBeVisible();
    await expect(prompt(page, label).getByText('照片已上传')).toBeVisible();
  }
  if (check) {
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
  }
  await page.getByRole('button', { name: '继续' }).click();
}

export async function fillDetails(page: Page, engine = '305118') {
  await expect(page.getByRole('heading', { level: 1, name: '填写备案信息' })).toBeVisible();
  await page.getByLabel('发动机号后六位').fill(engine);
  await page.getByRole('radio', { name: '亲属' }).check();
  await page.getByRole('button', { name: '继续' }).click();
}

export async function ownerCodeAndSubmit(page: Page, sandbox: Sandbox) {
  await expect(page.getByRole('heading', { level: 1, name: '车主验证' })).toBeVisible();
  await page.getByRole('button', { name: '发送验证码给车主' }).click();
  await expect(page.getByText('验证码已发送至车主手机 135****5000，5 分钟内有效。')).toBeVisible();
  await page.getByLabel('车主收到的验证码').fill(await sandbox.lastCode(OWNER_LIU, 'owner_consent'));
  await page.getByRole('button', { name: '提交备案申请' }).click();
}

