// The camera scanner reading Chromium's fake camera, which plays a YUV4MPEG2 video rendered here
// from the seed code's matrix: turned 14°, keystoned, with noise in every frame. The frames are
// grabbed as the camera gives them (`VideoFrame.copyTo`, the luma plane read by the worker) where
// the engine has `VideoFrame`, else through a 2D canvas: both ways read the code, and the scanner
// says which way it used (a `performance.mark`, `qr-scanner:grab:<way>`).
import type { Page } from '@playwright/test';
import { test, expect, signIn } from '../fixtures';
import { writeQrY4m } from '../qr-images';
import { ACTIVE, fakeCamera, startQrFilingWithCode, videoPath } from '../qr-steps';

const video = videoPath('active.y4m');
writeQrY4m(video, ACTIVE, { width: 640, height: 480, share: 0.55, angle: 14, keystone: 0.1, noise: 30, frames: 4 });
test.use({ launchOptions: fakeCamera(video) });

/** The ways this page's scanners grabbed frames, in order (`video-frame:I420`, `canvas`…). */
const grabWays = (page: Page) =>
  page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('qr-scanner:grab:')).map((n) => n.slice('qr-scanner:grab:'.length)));

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
  // Read from the camera's own frames (Chromium's fake camera gives I420): the code was read from
  // the luma plane the worker took out of them, not from a canvas's RGB pixels.
  expect(await grabWays(page)).toEqual([expect.stringMatching(/^video-frame:(I420|NV12)$/)]);
});

test('where the engine has no VideoFrame, the scanner grabs frames through a canvas and reads the code all the same', async ({ page, sandbox }) => {
  await page.addInitScript(() => {
    delete (window as { VideoFrame?: unknown }).VideoFrame;
  });
  await signIn(page, sandbox);
  await startQrFilingWithCode(page);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('粤B67890')).toBeVisible();
  expect(await grabWays(page)).toEqual(['canvas']);
});
