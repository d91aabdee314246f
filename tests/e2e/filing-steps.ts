// Steps of the SMS filing flow shared by specs outside filing-sms.spec.ts.
import type { Page } from '@playwright/test';
import { expect, signIn, type Sandbox } from './fixtures';

const OWNER_LIU = '13500135000'; // owner of 粤B67890

/**
 * Signs in and files 粤B67890 by the owner's SMS code with the face check service down, to the
 * document upload with the driving licence chosen.
 */
export async function toDocuments(page: Page, sandbox: Sandbox) {
  await sandbox.setFaceCheck('unavailable');
  await signIn(page, sandbox);
  await page.getByRole('link', { name: /备案机动车/ }).click();
  await page.getByRole('radio', { name: '车主短信验证码' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByRole('radio', { name: '小型汽车（蓝牌）' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await page.getByRole('radio', { name: '粤', exact: true }).check();
  await page.getByLabel('号牌号码（省份简称之后的部分）').fill('b67890');
  await page.getByLabel('发动机号后六位').fill('305118');
  await page.getByRole('button', { name: '查询车辆' }).click();
  await page.getByRole('button', { name: '发送验证码给车主' }).click();
  await page.getByLabel('车主收到的验证码').fill(await sandbox.lastCode(OWNER_LIU, 'owner_consent'));
  await page.getByRole('button', { name: '提交备案申请' }).click();
  const capture = page.getByRole('button', { name: '拍照核验' });
  await expect(capture).toBeEnabled({ timeout: 10_000 });
  await capture.click();
  await expect(page.getByRole('heading', { level: 1, name: '上传证件照片' })).toBeVisible();
  await page.getByRole('radio', { name: '本人驾驶证' }).check();
}

