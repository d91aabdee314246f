// Filing a vehicle not in your name by scanning the owner's vehicle filing QR code (issue 4),
// through the photo route: a still read by the same decoder and worker as the camera; codes
// refused in the browser and by the stub; the whole path to the review desk and My vehicles.
// The camera scanner itself: filing-qr-camera*.spec.ts; the camera refused: filing-qr-no-camera.
// Every QR image is rendered from a matrix a real encoder produced (qr-images.ts).
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn } from '../fixtures';
import { qrPng } from '../qr-images';
import {
  ACTIVE, OWNER_LIU, PAYMENT, decideReview, fillDetails, ownerCodeAndSubmit, prompt, scanPhoto, startQrFiling, summary,
  takePhotos, vehiclePhoto,
} from '../qr-steps';

test.describe.configure({ timeout: 90_000 });

test('the photo route reads the owner\'s code; photos, details and the owner\'s code go to review; the desk approves', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await startQrFiling(page, true);
  await expectAccessible(page);
  await expectNoHorizontalOverflow(page);
  await scanPhoto(page, ACTIVE);

  // Vehicle found: plate and the owner's masked phone; the camera is off once the scanner is left.
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
  await expect(page.getByText('粤B67890')).toBeVisible();
  await expect(page.getByText('135****5000')).toBeVisible();
  expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(0);
  await expectAccessible(page);

  // Nothing taken yet: both photos are asked for.
  await page.getByRole('button', { name: '继续' }).click();
  await expect(summary(page)).toContainText('请拍摄并上传车辆左前方45°照片');
  await expect(summary(page)).toContainText('请拍摄并上传发动机号铭牌照片');
  await expectAccessible(page);

  // One photo, then a reload: it is remembered as uploaded (by id), the other is still asked for.
  const front = page.getByLabel('车辆左前方45°照片', { exact: true });
  await front.setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: vehiclePhoto() });
  await expect(prompt(page, '车辆左前方45°照片').getByText('照片已上传')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
  await expect(prompt(page, '车辆左前方45°照片').getByText('照片已上传')).toBeVisible();
  await expect(prompt(page, '发动机号铭牌照片').getByText('照片已上传')).toHaveCount(0);
  await takePhotos(page, true);

  // Details: checked with the domain rules before anything is sent.
  await expect(page.getByRole('heading', { level: 1, name: '填写备案信息' })).toBeVisible();
  await page.getByLabel('发动机号后六位').fill('3051');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(summary(page)).toContainText('您与车主的关系');
  await expect(summary(page)).toContainText('发动机号');
  await expectAccessible(page);
  await fillDetails(page);

  await expect(page.getByRole('heading', { level: 1, name: '车主验证' })).toBeVisible();
  await expectAccessible(page);
  await ownerCodeAndSubmit(page, sandbox);

  await expect(page.getByRole('heading', { level: 1, name: '已提交人工审核' })).toBeVisible();
  await expect(page.getByText('粤B67890 的备案申请正在审核')).toBeVisible();
  await expectAccessible(page);

  // Nothing personal and no photo was kept in the tab.
  const stored = await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage));
  expect(stored).not.toContain(OWNER_LIU);
  expect(stored).not.toContain('data:image');
  expect(stored).not.toContain('blob:');
  expect(page.url()).not.toContain('demo-qr');

  await decideReview(request, sandbox, '粤B67890');
  await page.goto('/vehicles');
  await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: '粤B67890' }) });
  await expect(card.getByText('已备案')).toBeVisible();
  await expectAccessible(page);
});

test('codes that are not vehicle filing codes are refused in the browser, without asking the server', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  let asked = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/filings/qr')) asked++;
  });
  await startQrFiling(page);
  await scanPhoto(page, PAYMENT);
  await expect(page.getByRole('alert').filter({ hasText: '这是付款码，不是机动车备案二维码' })).toBeVisible();
  await scanPhoto(page, 'https://example.com/pay?id=12');
  await expect(page.getByRole('alert').filter({ hasText: '这是网址二维码，不是机动车备案二维码' })).toBeVisible();
  await expectAccessible(page);
  // A photo with no code in it.
  await page.getByLabel('拍摄或选择二维码照片').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: vehiclePhoto() });
  await expect(page.getByRole('alert').filter({ hasText: '照片中没有找到可识别的二维码' })).toBeVisible();
  expect(asked).toBe(0);
  await expect(page.getByRole('heading', { level: 1, name: '扫描备案二维码' })).toBeVisible();
});

test('codes the stub refuses (expired, revoked, unknown) each say what to do', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startQrFiling(page);
  for (const [code, words] of [
    ['BEIAN:1:demo-qr-yueB67890-expired', '该备案二维码已过期。请车主在交管12123中刷新二维码后再扫。'],
    ['BEIAN:1:demo-qr-zheAF66888-revoked', '车主已作废该备案二维码'],
    ['BEIAN:1:forged-token-00000000', '该二维码不是有效的机动车备案二维码，或已失效。请车主重新出示本车的备案二维码。'],
  ]) {
    await scanPhoto(page, code);
    await expect(page.getByRole('alert').filter({ hasText: words })).toBeVisible();
  }
  await expectAccessible(page);
  // The right code afterwards goes on.
  await scanPhoto(page, ACTIVE);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
});

test('once too many codes were checked from this place, the wait is said as for SMS codes, and after it the code goes through', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await signIn(page, sandbox);
  await startQrFiling(page);
  // Other accounts on the same address used up its limit (30 codes in 10 minutes) on forged codes.
  for (const phone of ['13700000001', '13700000002', '13700000003']) {
    const challenge = await (await request.post(`${sandbox.url}/api/session/code`, { data: { phone } })).json();
    const code = await sandbox.lastCode(phone);
    const { token } = await (await request.post(`${sandbox.url}/api/session`, { data: { challenge_id: challenge.challenge_id, code } })).json();
    for (let i = 0; i < 10; i++) {
      const res = await request.post(`${sandbox.url}/api/filings/qr`, { headers: { Authorization: `Bearer ${token}` }, data: { payload: 'BEIAN:1:forged-token-00000000' } });
      expect(res.status()).toBe(422);
    }
  }
  await scanPhoto(page, ACTIVE);
  await expect(page.getByRole('alert').filter({ hasText: /^操作过于频繁，请 \d+ 秒后再试$/ })).toBeVisible();
  // No "try again" that could only be refused again; the user stays on the scan screen.
  await expect(page.getByRole('button', { name: '重试' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: '扫描备案二维码' })).toBeVisible();
  await expectAccessible(page);
  await sandbox.advanceClock(600);
  await scanPhoto(page, ACTIVE);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
});

test.describe('in a host without Web Workers', () => {
  test.beforeEach(async ({ page }) => {
    // Some web-views forbid workers: `new Worker` throws there. The decoder's wasm must then be
    // loaded on the main thread, and the photo route still read the code.
    await page.addInitScript(() => {
      (window as any).__workerAttempts = 0;
      (window as any).Worker = function () {
        (window as any).__workerAttempts++;
        throw new DOMException('Workers are not allowed here', 'SecurityError');
      };
    });
  });

  test('the photo route decodes on the main thread instead', async ({ page, sandbox }) => {
    const wasm = page.waitForRequest((r) => r.url().endsWith('/scan_worker_bg.wasm'));
    await signIn(page, sandbox);
    await startQrFiling(page);
    await scanPhoto(page, ACTIVE);
    await wasm;
    await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
    expect(await page.evaluate(() => (window as any).__workerAttempts)).toBeGreaterThan(0);
  });
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('the QR screens read in English, refusals included, and pass axe-core', { tag: '@layout' }, async ({ page, sandbox }) => {
    await signIn(page, sandbox);
    await expect(page.getByText('当前账号')).toBeVisible();
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.getByRole('link', { name: /File a vehicle/ }).click();
    await page.getByRole('radio', { name: "Scan the owner's vehicle filing code" }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Scan the vehicle filing code' })).toBeVisible();
    const photo = page.getByLabel('Take or choose a photo of the QR code');
    await photo.setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: qrPng(PAYMENT, { angle: 5 }) });
    await expect(page.getByRole('alert').filter({ hasText: 'This is a payment code, not a vehicle filing code' })).toBeVisible();
    await photo.setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: qrPng('BEIAN:1:demo-qr-yueB67890-expired', { angle: 5 }) });
    await expect(page.getByRole('alert').filter({ hasText: 'This vehicle filing code has expired' })).toBeVisible();
    await expectAccessible(page);
    await photo.setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: qrPng(ACTIVE, { angle: 5 }) });
    await expect(page.getByRole('heading', { level: 1, name: 'Photos of the vehicle' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'The engine-number plate' })).toBeVisible();
    await expectAccessible(page);
    await takePhotosEnglish(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Filing details' })).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Choose your relationship to the owner' })).toBeVisible();
    await expectAccessible(page);
  });
});

async function takePhotosEnglish(page: import('@playwright/test').Page) {
  for (const label of ['The vehicle from the front left at 45°', 'The engine-number plate']) {
    await page.getByLabel(label, { exact: true }).setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: vehiclePhoto() });
    await expect(prompt(page, label).getByText('Photo uploaded')).toBeVisible();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
}
