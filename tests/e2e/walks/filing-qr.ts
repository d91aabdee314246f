// Filing by the owner's vehicle QR code through the photo route (a still of the code, decoded by
// the same decoder and worker as the camera), to "under review". Shared by Chromium
// (specs/filing-qr-walk.spec.ts) and WebKit (webkit/walks.spec.ts).
import { pngGrey, qrPng } from '../qr-images';
import type { Walk } from './walk';
import { check } from './walk';
import { PHONE } from './sign-in';

const OWNER = '13500135000';

function vehiclePhoto() {
  const w = 1200;
  const h = 800;
  const px = new Uint8Array(w * h);
  for (let i = 0; i < px.length; i++) px[i] = (i % w) % 255;
  return { name: 'vehicle.png', mimeType: 'image/png', buffer: pngGrey(w, h, px) };
}

export const qrPhotoRoute: Walk = {
  title: "filing by the owner's QR code through the photo route: code read from a still, photos, details, owner's code, under review",
  async run(ui, sandbox) {
    await ui.goto('/sign-in');
    await ui.fillByLabel('手机号码', PHONE);
    await ui.clickButton('获取验证码');
    await ui.expectText('验证码已发送至');
    await ui.fillByLabel('短信验证码', await sandbox.lastCode(PHONE));
    await ui.clickButton('登录', { exact: true });
    await ui.expectText('当前账号');

    await ui.clickLink(/备案机动车/);
    await ui.checkByLabel('扫描车主的备案二维码');
    await ui.clickButton('继续');
    await ui.expectHeading('扫描备案二维码');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();

    await ui.uploadByLabel('拍摄或选择二维码照片', {
      name: 'code.png',
      mimeType: 'image/png',
      buffer: qrPng('BEIAN:1:demo-qr-yueB67890-active', { angle: 9, keystone: 0.08, noise: 24, share: 0.55 }),
    });
    await ui.expectHeading('拍摄车辆照片');
    await ui.expectText('135****5000');
    check((await ui.evaluate(() => document.querySelectorAll('video').length)) === 0, 'the camera is still on after the scan');
    for (const label of ['车辆左前方45°照片', '发动机号铭牌照片']) {
      const before = await ui.evaluate(() => document.querySelectorAll('.upload--done').length);
      await ui.uploadByLabel(label, vehiclePhoto());
      for (let i = 0; ; i++) {
        if ((await ui.evaluate(() => document.querySelectorAll('.upload--done').length)) > before) break;
        check(i < 100, `the ${label} photo was not uploaded`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await ui.expectText('照片已上传');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();
    await ui.clickButton('继续');

    await ui.expectHeading('填写备案信息');
    await ui.fillByLabel('发动机号后六位', '305118');
    await ui.checkByLabel(/^亲属$/);
    await ui.clickButton('继续');

    await ui.expectHeading('车主验证');
    await ui.clickButton('发送验证码给车主');
    await ui.fillByLabel('车主收到的验证码', await sandbox.lastCode(OWNER, 'owner_consent'));
    await ui.clickButton('提交备案申请');
    await ui.expectHeading('已提交人工审核');
    await ui.expectAccessible();
    const stored = await ui.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage));
    check(!stored.includes(OWNER) && !stored.includes('blob:') && !stored.includes('data:image'), `personal data or a photo in storage: ${stored}`);
  },
};
