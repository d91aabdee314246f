// The camera scanner facing a payment code in a 1280×720 picture (Chromium's fake camera playing a
// video rendered here): it says "not a filing code" once, keeps scanning, and its decode time per
// frame (the worker's own measure, median of the last 30 frames) is printed.
import { test, expect, expectAccessible, signIn } from '../fixtures';
import { writeQrY4m } from '../qr-images';
import { PAYMENT, fakeCamera, startQrFiling, videoPath } from '../qr-steps';

const video = videoPath('payment-720p.y4m');
writeQrY4m(video, PAYMENT, { width: 1280, height: 720, share: 0.5, angle: -10, noise: 24, frames: 4 });
test.use({ launchOptions: fakeCamera(video) });

test('a payment code in front of the camera is refused, scanning goes on, and the decode time is measured', { tag: '@layout' }, async ({ page, sandbox }, info) => {
  let asked = 0;
  page.on('request', (r) => {
    if (r.url().includes('/api/filings/qr')) asked++;
  });
  await signIn(page, sandbox);
  await startQrFiling(page);
  await expect(page.getByRole('alert').filter({ hasText: '这是付款码，不是机动车备案二维码' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('将车主的备案二维码放入框内，保持手机稳定')).toBeVisible();
  const video = page.getByLabel('摄像头画面：将二维码放入框内');
  await expect(video).toHaveAttribute('playsinline', '');
  await expect(video).toHaveAttribute('muted', '');
  // One fake camera, without a torch: neither control is offered.
  await expect(page.getByRole('button', { name: '手电筒' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '切换摄像头' })).toHaveCount(0);
  const scanner = page.locator('[data-decode-ms]');
  await expect.poll(async () => Number(await scanner.getAttribute('data-frames')), { timeout: 20_000 }).toBeGreaterThanOrEqual(30);
  const ms = Number(await scanner.getAttribute('data-decode-ms'));
  const frames = await scanner.getAttribute('data-frames');
  info.annotations.push({ type: 'decode-ms', description: `median ${ms} ms (720×720 centre of 1280×720), ${frames} frames` });
  console.log(`[${info.project.name}] camera decode in the worker: median ${ms} ms per frame (720x720 centre of 1280x720), ${frames} frames`);
  expect(ms).toBeGreaterThan(0);
  expect(asked, 'the server is never asked about a payment code').toBe(0);
  await expectAccessible(page);
});
