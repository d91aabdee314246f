// The camera scanner reading Chromium's fake camera, which plays a YUV4MPEG2 video rendered here
// from the seed code's matrix: turned 14°, keystoned, with noise in every frame.
import { test, expect, signIn } from '../fixtures';
import { writeQrY4m } from '../qr-images';
import { ACTIVE, fakeCamera, startQrFilingWithCode, videoPath } from '../qr-steps';

const video = videoPath('active.y4m');
writeQrY4m(video, ACTIVE, { width: 640, height: 480, share: 0.55, angle: 14, keystone: 0.1, noise: 30, frames: 4 });
test.use({ launchOptions: fakeCamera(video) });

test('the scanner reads the owner\'s code at an angle and with noise, in the worker, and goes on to the photos', async ({ page, sandbox }) => {
  const worker = page.waitForRequest((r) => r.url().endsWith('/scan_worker_bg.wasm'));
  await signIn(page, sandbox);
  await startQrFilingWithCode(page);
  // The code is read within a few frames, so the scanner may be gone before it could be looked at
  // (its video element is checked in filing-qr-camera-timing, where it stays).
  await worker;
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('粤B67890')).toBeVisible();
  // The camera is off once the scanner is left.
  expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(0);
});
