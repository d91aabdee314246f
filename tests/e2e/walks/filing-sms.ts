// Filing a vehicle by the owner's SMS code when the face check fails: documents, staff review,
// approved. The same steps in Chromium (specs/filing-sms.spec.ts) and WebKit (with WebKitGTK's
// mock camera for the face still).
import { png } from '../images';
import type { Walk } from './walk';
import { check } from './walk';
import { signInAs } from './sign-in';

const OWNER = '13500135000'; // owner of 粤B67890

export const fileBySmsWithDocuments: Walk = {
  title: 'filing by the owner\'s SMS code: the face check fails, documents go to review, the desk approves',
  async run(ui, sandbox) {
    await sandbox.setFaceCheck('fail');
    await signInAs(ui, sandbox);
    await ui.clickLink(/备案机动车/);
    await ui.expectHeading('备案非本人名下机动车');
    await ui.checkByLabel('车主短信验证码');
    await ui.clickButton('继续');

    await ui.expectHeading('号牌种类');
    await ui.checkByLabel('小型汽车（蓝牌）');
    await ui.clickButton('继续');
    await ui.expectHeading('车辆信息');
    await ui.checkByLabel(/^粤$/);
    await ui.fillByLabel('号牌号码（省份简称之后的部分）', 'b67890');
    await ui.fillByLabel('发动机号后六位', '305118');
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();
    await ui.clickButton('查询车辆');

    await ui.expectHeading('车主验证');
    await ui.expectText('135****5000');
    await ui.clickButton('发送验证码给车主');
    await ui.expectText('验证码已发送至车主手机 135****5000，5 分钟内有效。');
    await ui.fillByLabel('车主收到的验证码', await sandbox.lastCode(OWNER, 'owner_consent'));
    await ui.clickButton('提交备案申请');

    await ui.expectHeading('人脸核验');
    await ui.expectAccessible();
    await ui.clickButton('拍照核验');

    await ui.expectHeading('上传证件照片');
    await ui.expectText('人脸核验未通过。请上传证件照片，由工作人员在一个工作日内审核。');
    await ui.checkByLabel('本人驾驶证');
    await ui.uploadByLabel('驾驶证照片', { name: 'licence.png', mimeType: 'image/png', buffer: png(2400, 1800) });
    // The chosen file is named in the app's words (no browser "Choose File" button).
    await ui.expectText('已选择：licence.png');
    await ui.expectAccessible();
    await ui.clickButton('提交人工审核');
    await ui.expectHeading('已提交人工审核');
    await ui.expectText('结果将在一个工作日内通过短信和站内消息通知您');

    await sandbox.decideReview('粤B67890', true);
    await ui.goto('/vehicles');
    await ui.expectHeading('我的车辆');
    await ui.expectHeading('粤B67890', 2);
    await ui.expectText('已备案 3/3 辆');
    const stored = await ui.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage));
    check(!stored.includes(OWNER) && !stored.includes('data:image'), `storage holds personal data: ${stored.slice(0, 200)}`);
  },
};
