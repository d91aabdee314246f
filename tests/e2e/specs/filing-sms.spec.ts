// Filing a vehicle not in your name by the owner's SMS code (issue 3): the wizard under /file,
// the face check with Chromium's fake camera, the document fallback and the review desk, every
// refusal the stub can answer, resuming after a reload, and My vehicles / Messages afterwards.
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, expectAccessible, expectNoHorizontalOverflow, signIn, type Sandbox } from '../fixtures';
import { png } from '../images';
import { fileBySmsWithDocuments } from '../walks/filing-sms';
import {
  LU, OWNER_CHEN, OWNER_LIU, YUE, ZHE, enterOwnerCode, enterVehicle, faceCheck, fileUpToFace, myVehicleCard, sendOwnerCode, startFiling, summary,
  uploadDocument,
} from '../sms-steps';

// Each spec walks several screens and runs axe-core on most of them.
test.describe.configure({ timeout: 90_000 });

const ME = '13800138000';

// ---- sandbox helpers (review desk, face-check outcome) ----

async function setFaceCheck(request: APIRequestContext, sandbox: Sandbox, outcome: 'pass' | 'fail' | 'unavailable') {
  expect((await request.post(`${sandbox.url}/sandbox/face-check`, { data: { outcome } })).ok()).toBeTruthy();
}

async function decideReview(request: APIRequestContext, sandbox: Sandbox, plate: string, approve: boolean, reason?: string) {
  const { pending } = await (await request.get(`${sandbox.url}/sandbox/reviews`)).json();
  const filing = pending.find((f: any) => f.plate_number === plate);
  expect(filing, `a review is pending for ${plate}`).toBeTruthy();
  const res = await request.post(`${sandbox.url}/sandbox/reviews/${filing.id}`, { data: { approve, reason } });
  expect(res.ok()).toBeTruthy();
}

async function smsTexts(request: APIRequestContext, sandbox: Sandbox, phone: string, purpose: string): Promise<string[]> {
  const { messages } = await (await request.get(`${sandbox.url}/sandbox/sms`)).json();
  return messages.filter((m: any) => m.to === phone && m.purpose === purpose).map((m: any) => m.text ?? m.body ?? JSON.stringify(m));
}

// A shared walk (walks/filing-sms.ts): the same steps run in WebKit (webkit/walks.spec.ts).
test(fileBySmsWithDocuments.title, { tag: '@layout' }, ({ ui, sandbox }) => fileBySmsWithDocuments.run(ui, sandbox));

// ---- the specs ----

test('files a vehicle by the owner\'s code and the face check: approved at once, listed in My vehicles', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await expect(page.getByText('当前账号')).toBeVisible();
  await startFiling(page, true);
  await enterVehicle(page, YUE, true);
  await sendOwnerCode(page, '135****5000', true);
  const code = page.getByLabel('车主收到的验证码');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(code).toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByText(/秒后可重新发送验证码/)).toBeVisible();
  await expectAccessible(page);

  // The owner forwards the whole message; the code is picked out of it.
  await code.fill(`【交管12123】验证码 ${await sandbox.lastCode(OWNER_LIU, 'owner_consent')}，5 分钟内有效`);
  await page.getByRole('button', { name: '提交备案申请' }).click();

  await expect(page.getByRole('heading', { level: 1, name: '人脸核验' })).toBeVisible();
  await expect(page.getByText('第 4 步，共 5 步：身份核验')).toBeVisible();
  await expect(page.getByText('粤B67890 的备案申请已提交，请完成本人人脸核验。')).toBeVisible();
  const video = page.getByLabel('前置摄像头画面');
  await expect(video).toHaveAttribute('playsinline', '');
  await expectAccessible(page);
  await faceCheck(page);

  await expect(page.getByRole('heading', { level: 1, name: '备案完成' })).toBeVisible();
  await expect(page.getByText('粤B67890 已备案成功')).toBeVisible();
  // The camera is off once the face step is left.
  expect(await page.evaluate(() => document.querySelectorAll('video').length)).toBe(0);
  await expectAccessible(page);

  const card = await myVehicleCard(page, '粤B67890');
  await expect(card.getByText('已备案')).toBeVisible();
  await expect(page.getByText('已备案 3/3 辆')).toBeVisible();
  await expect(page.getByText('您已备案 3 辆车，达到上限；需先解除一辆才能再申请。')).toBeVisible();
  await expectAccessible(page);

  // Nothing personal was kept in the tab.
  const stored = await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage));
  expect(stored).not.toContain(OWNER_LIU);
  expect(stored).not.toContain('data:image');
});

test('a failed face check goes to the documents; the desk approves; the vehicle and a message show it', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await setFaceCheck(request, sandbox, 'fail');
  await signIn(page, sandbox);
  await fileUpToFace(page, sandbox, YUE);
  await faceCheck(page);

  await expect(page.getByRole('heading', { level: 1, name: '上传证件照片' })).toBeVisible();
  await expect(page.getByText('人脸核验未通过。请上传证件照片，由工作人员在一个工作日内审核。')).toBeVisible();
  await expectAccessible(page);
  // Submitting without a choice or a photo says what is missing, at the top and at each field.
  await page.getByRole('button', { name: '提交人工审核' }).click();
  await expect(summary(page)).toContainText('请选择证件照片的种类');
  await expect(summary(page)).toContainText('请拍摄或选择证件照片');
  await expectAccessible(page);

  await uploadDocument(page);
  await expect(page.getByText('结果将在一个工作日内通过短信和站内消息通知您')).toBeVisible();
  await expectAccessible(page);
  let card = await myVehicleCard(page, '粤B67890');
  await expect(card.getByText('审核中（一个工作日内出结果）')).toBeVisible();

  await decideReview(request, sandbox, '粤B67890', true);
  card = await myVehicleCard(page, '粤B67890');
  await expect(card.getByText('已备案')).toBeVisible();
  expect((await smsTexts(request, sandbox, ME, 'review_result')).length).toBe(1);
  expect((await smsTexts(request, sandbox, OWNER_LIU, 'review_result')).length).toBe(1);

  await page.goto('/');
  await expect(page.getByText(/条未读/)).toBeVisible();
  await page.getByRole('link', { name: /消息/ }).click();
  // The row says what, which plate and what next, without opening it.
  const row = page.getByRole('link', { name: /备案已通过/ });
  await expect(row).toContainText('您对 粤B67890 的备案已通过');
  await expect(row).toContainText('下一步：查询该车的违法记录');
});

test('the desk rejects with a reason, shown in My vehicles and in Messages', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await setFaceCheck(request, sandbox, 'unavailable');
  await signIn(page, sandbox);
  await fileUpToFace(page, sandbox, YUE);
  await faceCheck(page);
  await expect(page.getByText('人脸核验服务暂时不可用。请上传证件照片，由工作人员在一个工作日内审核。')).toBeVisible();
  await uploadDocument(page, '本人驾驶证', '驾驶证照片');

  const reason = '照片模糊，无法辨认证件信息';
  await decideReview(request, sandbox, '粤B67890', false, reason);
  const card = await myVehicleCard(page, '粤B67890');
  await expect(card.getByText('未通过')).toBeVisible();
  await expect(card.getByText(reason)).toBeVisible();
  await expectAccessible(page);
  await page.goto('/messages');
  const row = page.getByRole('link', { name: /备案未通过/ });
  await expect(row).toContainText(`您对 粤B67890 的备案未通过：${reason}`);
  await expect(row).toContainText('下一步：按原因修改后重新申请备案');
});

test('a wrong owner code says how many tries are left and keeps it; an expired one asks for a new code', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startFiling(page);
  await enterVehicle(page, YUE);
  await sendOwnerCode(page, '135****5000');
  const right = await sandbox.lastCode(OWNER_LIU, 'owner_consent');
  const wrong = right === '000000' ? '111111' : '000000';
  await enterOwnerCode(page, wrong);
  await expect(summary(page)).toContainText('验证码不正确，还可以再试 4 次');
  await expect(page.getByLabel('车主收到的验证码')).toHaveValue(wrong);
  await expect(page.getByLabel('车主收到的验证码')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await sandbox.advanceClock(301);
  await enterOwnerCode(page, right);
  await expect(summary(page)).toContainText('验证码已过期（有效期 5 分钟），请重新发送验证码给车主');
  await expect(page.getByLabel('车主收到的验证码')).toHaveValue(right);
  await expectAccessible(page);
});

test('five wrong owner codes void the code, and the page says to send a new one', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startFiling(page);
  await enterVehicle(page, YUE);
  await sendOwnerCode(page, '135****5000');
  const right = await sandbox.lastCode(OWNER_LIU, 'owner_consent');
  const wrong = right === '000000' ? '111111' : '000000';
  for (const left of [4, 3, 2, 1]) {
    await enterOwnerCode(page, wrong);
    await expect(summary(page)).toContainText(`验证码不正确，还可以再试 ${left} 次`);
  }
  await enterOwnerCode(page, wrong);
  await expect(summary(page)).toContainText('错误次数过多，该验证码已失效，请重新发送验证码给车主');
  await enterOwnerCode(page, right);
  await expect(summary(page)).toContainText('错误次数过多');
  await expect(page.getByRole('heading', { level: 1, name: '车主验证' })).toBeVisible();
});

test('a server failure while applying keeps the code typed, and "try again" applies once', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startFiling(page);
  await enterVehicle(page, YUE);
  await sendOwnerCode(page, '135****5000');
  const code = await sandbox.lastCode(OWNER_LIU, 'owner_consent');
  await sandbox.fault({ method: 'POST', path: '/api/filings', status: 503, times: 1 });
  await enterOwnerCode(page, code);
  await expect(page.getByText('服务暂时不可用（错误 503），请稍后重试。您填写的内容已保留。')).toBeVisible();
  await expect(page.getByLabel('车主收到的验证码')).toHaveValue(code);
  await expectAccessible(page);
  await page.getByRole('button', { name: '重试' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '人脸核验' })).toBeVisible();
  const card = await myVehicleCard(page, '粤B67890');
  await expect(card).toHaveCount(1);
  await expect(card.getByText('待人脸核验')).toBeVisible();
});

test('the vehicle entries are checked as typed and every refusal of the lookup is explained at its field', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startFiling(page);
  await expect(page.getByRole('heading', { level: 1, name: '号牌种类' })).toBeVisible();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(summary(page)).toContainText('请选择号牌种类');
  await page.getByRole('radio', { name: '小型汽车（蓝牌）' }).check();
  await page.getByRole('button', { name: '继续' }).click();

  const plate = page.getByLabel('号牌号码（省份简称之后的部分）');
  const engine = page.getByLabel('发动机号后六位');
  const lookUp = page.getByRole('button', { name: '查询车辆' });
  await lookUp.click();
  await expect(summary(page)).toContainText('请输入号牌号码');
  await expect(summary(page)).toContainText('请输入发动机号后六位');

  await plate.fill('B1234警');
  await engine.fill('30511');
  await lookUp.click();
  await expect(summary(page)).toContainText('请选择号牌的省份简称');
  await page.getByRole('radio', { name: '粤', exact: true }).check();
  await lookUp.click();
  await expect(summary(page)).toContainText('含“警”字的号牌');
  await expect(summary(page)).toContainText('发动机号后六位应为 6 个字母或数字，您输入了 5 个');
  await expectAccessible(page);

  const cases: [string, string, string, string][] = [
    ['粤', 'B00001', '123456', '没有找到该号牌种类和号牌号码的车辆'],
    ['粤', 'B67890', '000000', '发动机号后六位与该车登记信息不符'],
    ['京', 'B88888', 'A77001', '这辆车登记在您本人名下，无需备案'],
    ['京', 'A12345', 'A52011', '您已备案或正在申请备案这辆车'],
    ['川', 'A55555', 'C33003', '这辆车已有 3 位非车主备案，达到上限'],
  ];
  for (const [province, rest, digits, message] of cases) {
    await page.getByRole('radio', { name: province, exact: true }).check();
    await plate.fill(rest);
    await engine.fill(digits);
    await lookUp.click();
    await expect(summary(page)).toContainText(message);
    await expect(page.locator('.field--error')).toContainText(message);
    await expect(plate).toHaveValue(rest);
  }
  await expectAccessible(page);
});

test('limits: a yearly limit is shown before it bites and explained when it does', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox, '13600136000');
  await page.getByRole('link', { name: /备案机动车/ }).click();
  await expect(page.getByText('今年的 5 次申请已用完，明年才能再申请。')).toBeVisible();
  await page.getByRole('radio', { name: '车主短信验证码' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await enterVehicle(page, YUE);
  await expect(summary(page)).toContainText('每人每年最多提交 5 次备案申请，今年的次数已用完');
  await expect(page.getByRole('link', { name: '查看我的车辆' })).toBeVisible();
  await expectAccessible(page);
  // Leaving the wizard by a link really leaves it (the wizard must not pull the user back).
  await page.getByRole('link', { name: '查看我的车辆' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
  await expect(page).toHaveURL(/\/vehicles$/);
});

test('limits: one application a day, and at most three vehicles', async ({ page, sandbox }) => {
  // 李娜 holds one vehicle: after filing 粤B67890 today, another application waits for tomorrow.
  await signIn(page, sandbox, '13900139000');
  await fileUpToFace(page, sandbox, YUE);
  await faceCheck(page);
  await expect(page.getByRole('heading', { level: 1, name: '备案完成' })).toBeVisible();
  await page.getByRole('button', { name: '备案另一辆车' }).click();
  await expect(page.getByText('今天已提交过 1 次申请，明天才能再申请。')).toBeVisible();
  await page.getByRole('radio', { name: '车主短信验证码' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await enterVehicle(page, ZHE);
  await expect(summary(page)).toContainText('每人每天只能提交 1 次备案申请，请明天再来');

  // 张伟 holds two: a third is filed, then a fourth is refused.
  await page.getByRole('button', { name: '退出登录' }).click();
  await signIn(page, sandbox, ME);
  await fileUpToFace(page, sandbox, LU, OWNER_CHEN, '133****3000');
  await faceCheck(page);
  await expect(page.getByRole('heading', { level: 1, name: '备案完成' })).toBeVisible();
  await page.getByRole('button', { name: '备案另一辆车' }).click();
  await page.getByRole('radio', { name: '车主短信验证码' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await enterVehicle(page, ZHE);
  await expect(summary(page)).toContainText('您已备案 3 辆非本人名下的车辆，达到上限');
});

test('a reload at the code step comes back with the vehicle, the code sent and what was typed', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startFiling(page);
  await enterVehicle(page, YUE);
  await sendOwnerCode(page, '135****5000');
  await page.getByLabel('车主收到的验证码').fill('12');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '车主验证' })).toBeVisible();
  await expect(page.getByText('粤B67890')).toBeVisible();
  await expect(page.getByText('验证码已发送至车主手机 135****5000，5 分钟内有效。')).toBeVisible();
  await expect(page.getByText(/秒后可重新发送验证码/)).toBeVisible();
  await expect(page.getByLabel('车主收到的验证码')).toHaveValue('12');
  expect(await sandbox.smsCount(OWNER_LIU, 'owner_consent')).toBe(1);

  // Going back shows the entries as typed.
  await page.getByRole('link', { name: '返回上一步' }).click();
  await expect(page.getByLabel('号牌号码（省份简称之后的部分）')).toHaveValue(YUE.rest);
  await expect(page.getByRole('radio', { name: '粤', exact: true })).toBeChecked();
  await page.goBack();
  await enterOwnerCode(page, await sandbox.lastCode(OWNER_LIU, 'owner_consent'));
  await expect(page.getByRole('heading', { level: 1, name: '人脸核验' })).toBeVisible();
});

test('a reload at the documents step keeps the choice; the photo is chosen again and submitted', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await setFaceCheck(request, sandbox, 'fail');
  await signIn(page, sandbox);
  await fileUpToFace(page, sandbox, YUE);
  await faceCheck(page);
  await expect(page.getByRole('heading', { level: 1, name: '上传证件照片' })).toBeVisible();
  await page.getByRole('radio', { name: '本人驾驶证' }).check();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '上传证件照片' })).toBeVisible();
  await expect(page.getByText('人脸核验未通过')).toBeVisible();
  await expect(page.getByRole('radio', { name: '本人驾驶证' })).toBeChecked();
  // An empty file and a non-image are refused in the browser, with their reason.
  const input = page.getByLabel('驾驶证照片', { exact: true });
  await input.setInputFiles({ name: 'empty.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(0) });
  await expect(summary(page)).toContainText('所选文件是空的（0 字节）');
  await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(summary(page)).toContainText('所选文件不是图片');
  await expectAccessible(page);
  await uploadDocument(page, '本人驾驶证', '驾驶证照片');
});

test.describe('without camera permission', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    });
  });

  test('the face step says the camera was refused and leads to the documents, which go to review', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    await signIn(page, sandbox);
    await fileUpToFace(page, sandbox, YUE);
    const refused = page.getByRole('alert').filter({ has: page.getByRole('button', { name: '改为上传证件照片' }) });
    await expect(refused).toContainText('无法使用摄像头：摄像头权限被拒绝');
    await expect(summary(page)).toContainText('无法使用摄像头：摄像头权限被拒绝');
    await expect(page.getByRole('button', { name: '拍照核验' })).toHaveCount(0);
    await expectAccessible(page);
    await page.getByRole('button', { name: '改为上传证件照片' }).click();
    await expect(page.getByRole('heading', { level: 1, name: '上传证件照片' })).toBeVisible();
    await expect(page.getByText('无法使用摄像头完成人脸核验')).toBeVisible();
    await expect(page.getByRole('link', { name: '已允许使用摄像头？返回人脸核验' })).toBeVisible();
    await expectAccessible(page);
    // Without a camera the documents go to staff review all the same.
    await uploadDocument(page, '本人驾驶证', '驾驶证照片');
    await decideReview(request, sandbox, '粤B67890', true);
    await expect(await myVehicleCard(page, '粤B67890')).toContainText('已备案');
  });
});

test('My vehicles unbinds a vehicle after a confirmation', { tag: '@layout' }, async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await myVehicleCard(page, '京A12345');
  await expect(page.getByText('已备案 2/3 辆')).toBeVisible();
  await page.getByRole('button', { name: '解除备案 京A12345' }).click();
  const dialog = page.getByRole('dialog', { name: '确定解除 京A12345 的备案吗？' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: '解除备案 京A12345' }).click();
  await dialog.getByRole('button', { name: '确定解除' }).click();
  await expect(page.getByText('已解除 京A12345 的备案。')).toBeVisible();
  await expect(page.getByRole('heading', { name: '京A12345' })).toHaveCount(0);
  await expect(page.getByText('已备案 1/3 辆')).toBeVisible();
});

test('a photo the server refuses is explained at the field; the choice stays and sending again works', { tag: '@layout' }, async ({ page, sandbox, request }) => {
  await setFaceCheck(request, sandbox, 'fail');
  await signIn(page, sandbox);
  await fileUpToFace(page, sandbox, YUE);
  await faceCheck(page);
  await expect(page.getByRole('heading', { level: 1, name: '上传证件照片' })).toBeVisible();
  await page.getByRole('radio', { name: '本人驾驶证' }).check();
  await page.getByLabel('驾驶证照片', { exact: true }).setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: png(2400, 1800) });
  await expect(page.getByRole('img', { name: '待上传的证件照片预览' })).toBeVisible();
  // The server refuses the photo once, as it would a blurred or unreadable one.
  await sandbox.fault({ method: 'PUT', path: '/api/filings/*', status: 422, code: 'photo_rejected', times: 1 });
  await page.getByRole('button', { name: '提交人工审核' }).click();
  await expect(summary(page)).toContainText('照片未被接受：请上传清晰的 JPG 或 PNG 照片（不超过 4 MB）');
  await expect(page.locator('.field--error')).toContainText('照片未被接受');
  await expect(page.getByRole('radio', { name: '本人驾驶证' })).toBeChecked();
  await expectAccessible(page);
  await page.getByRole('button', { name: '提交人工审核' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交人工审核' })).toBeVisible();
});

test('the owner\'s code can be sent again once the 60 s countdown ends', async ({ page, sandbox }) => {
  // Real time: the countdown is the browser's own clock against the server's 60 s resend rule.
  test.setTimeout(180_000);
  await signIn(page, sandbox);
  await startFiling(page);
  await enterVehicle(page, YUE);
  await sendOwnerCode(page, '135****5000');
  await expect(page.getByText(/^(60|59) 秒后可重新发送验证码$/)).toBeVisible();
  await expect(page.getByRole('button', { name: '重新发送验证码' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '重新发送验证码' })).toBeVisible({ timeout: 65_000 });
  await page.getByRole('button', { name: '重新发送验证码' }).click();
  await expect(page.getByText(/^(60|59) 秒后可重新发送验证码$/)).toBeVisible();
  expect(await sandbox.smsCount(OWNER_LIU, 'owner_consent')).toBe(2);
  // The new code works.
  await enterOwnerCode(page, await sandbox.lastCode(OWNER_LIU, 'owner_consent'));
  await expect(page.getByRole('heading', { level: 1, name: '人脸核验' })).toBeVisible();
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('the document route and My vehicles read in English and pass axe-core', { tag: '@layout' }, async ({ page, sandbox, request }) => {
    await setFaceCheck(request, sandbox, 'fail');
    await signIn(page, sandbox);
    await fileUpToFace(page, sandbox, YUE);
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await faceCheckEn(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Upload a document photo' })).toBeVisible();
    await expect(page.getByText('The face check did not pass.')).toBeVisible();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Choose which document photo you upload' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('radio', { name: 'Your driving licence' }).check();
    await page.getByLabel('Photo of your driving licence', { exact: true }).setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: png(1200, 900) });
    await expect(page.getByRole('img', { name: 'Preview of the document photo to upload' })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Submitted for review' })).toBeVisible();
    await expectAccessible(page);
    await page.goto('/vehicles');
    await expect(page.getByRole('heading', { level: 1, name: 'My vehicles' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '粤B67890' })).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
  });

  test('the main screens of the flow read in English and pass axe-core', { tag: '@layout' }, async ({ page, sandbox }) => {
    await signIn(page, sandbox);
    await expect(page.getByText('当前账号')).toBeVisible();
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.getByRole('link', { name: /File a vehicle/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'File a vehicle that is not in your name' })).toBeVisible();
    await expect(page.getByText('Step 1 of 5: Method')).toBeVisible();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Choose how the owner will agree' })).toBeVisible();
    await page.getByRole('radio', { name: "The owner's SMS code" }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('radio', { name: 'Small car (blue plate)' }).check();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('radio', { name: '粤', exact: true }).check();
    await page.getByLabel('Plate number (after the province character)').fill('B67890');
    await page.getByLabel('Last six characters of the engine number').fill('000000');
    await page.getByRole('button', { name: 'Find the vehicle' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'do not match this vehicle' })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Last six characters of the engine number').fill('305118');
    await page.getByRole('button', { name: 'Find the vehicle' }).click();
    await expect(page.getByRole('heading', { level: 1, name: "Owner's consent" })).toBeVisible();
    await page.getByRole('button', { name: 'Send the code to the owner' }).click();
    await expect(page.getByLabel('Code the owner received')).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel('Code the owner received').fill(await sandbox.lastCode(OWNER_LIU, 'owner_consent'));
    await page.getByRole('button', { name: 'Apply to file the vehicle' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Face check' })).toBeVisible();
    await expectAccessible(page);
    await faceCheckEn(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Vehicle filed' })).toBeVisible();
    await expectAccessible(page);
  });
});

async function faceCheckEn(page: Page) {
  const capture = page.getByRole('button', { name: 'Take photo and check' });
  await expect(capture).toBeEnabled({ timeout: 10_000 });
  await capture.click();
}
