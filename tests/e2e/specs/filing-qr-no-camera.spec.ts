// The QR scanner when the camera is refused: Chromium launched without the fake-UI flag and with
// no camera permission granted refuses getUserMedia itself (no script stands in for it). The
// scanner says so and the photo route still files.
import { test, expect, expectAccessible, signIn } from '../fixtures';
import { ACTIVE, BASE_ARGS, CHROMIUM, scanPhoto, startQrFiling } from '../qr-steps';

test.use({ launchOptions: { executablePath: CHROMIUM, args: [...BASE_ARGS, '--use-fake-device-for-media-stream'] }, permissions: [] });

test('the scanner says the camera was refused and the photo route still files', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startQrFiling(page);
  const refused = page.getByRole('alert').filter({ hasText: '无法使用摄像头：摄像头权限被拒绝' });
  await expect(refused).toBeVisible();
  await expect(refused).toContainText('您可以改为拍摄或选择二维码的照片');
  await expect(page.locator('video')).toHaveCount(0);
  await expectAccessible(page);
  await scanPhoto(page, ACTIVE);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
});
