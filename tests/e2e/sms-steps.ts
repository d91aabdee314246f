// Steps of the SMS filing flow (the owner's code), shared by specs/filing-sms.spec.ts and the
// fault matrix (specs/fault-matrix.spec.ts).
import type { Page } from '@playwright/test';
import { expect, expectAccessible, expectNoHorizontalOverflow, type Sandbox } from './fixtures';
import { png } from './images';

export const OWNER_LIU = '13500135000'; // owner of 粤B67890, 川A55555, 京A12345

export type Vehicle = { type: '小型汽车（蓝牌）' | '小型新能源汽车（绿牌）'; province: string; rest: string; engine: string };
export const YUE: Vehicle = { type: '小型汽车（蓝牌）', province: '粤', rest: 'b67890', engine: '305118' };
export const ZHE: Vehicle = { type: '小型新能源汽车（绿牌）', province: '浙', rest: 'AF66888', engine: 'e20488' };
export const LU: Vehicle = { type: '小型汽车（蓝牌）', province: '鲁', rest: 'B2K7X9', engine: '0M4420' };
export const OWNER_CHEN = '13300133000'; // owner of 浙AF66888, 鲁B2K7X9

export const summary = (page: Page) => page.getByRole('alert').filter({ hasText: '请修改以下问题' });

export async function startFiling(page: Page, check = false) {
  await page.getByRole('link', { name: /备案机动车/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '备案非本人名下机动车' })).toBeVisible();
  await expect(page.getByText('第 1 步，共 5 步：备案方式')).toBeVisible();
  if (check) await expectAccessible(page);
  await page.getByRole('radio', { name: '车主短信验证码' }).check();
  await page.getByRole('button', { name: '继续' }).click();
}

export async function enterVehicle(page: Page, v: Vehicle, check = false) {
  await expect(page.getByRole('heading', { level: 1, name: '号牌种类' })).toBeVisible();
  if (check) await expectAccessible(page);
  await page.getByRole('radio', { name: v.type }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '车辆信息' })).toBeVisible();
  await expect(page.getByText('第 2 步，共 5 步：车辆信息')).toBeVisible();
  await page.getByRole('radio', { name: v.province, exact: true }).check();
  await page.getByLabel('号牌号码（省份简称之后的部分）').fill(v.rest);
  await page.getByLabel('发动机号后六位').fill(v.engine);
  if (check) {
    await expectAccessible(page);
    await expectNoHorizontalOverflow(page);
  }
  await page.getByRole('button', { name: '查询车辆' }).click();
}

export async function sendOwnerCode(page: Page, ownerMasked: string, check = false) {
  await expect(page.getByRole('heading', { level: 1, name: '车主验证' })).toBeVisible();
  await expect(page.getByText(ownerMasked)).toBeVisible();
  if (check) await expectAccessible(page);
  await page.getByRole('button', { name: '发送验证码给车主' }).click();
  await expect(page.getByText(`验证码已发送至车主手机 ${ownerMasked}，5 分钟内有效。`)).toBeVisible();
}

export async function enterOwnerCode(page: Page, code: string) {
  await page.getByLabel('车主收到的验证码').fill(code);
  await page.getByRole('button', { name: '提交备案申请' }).click();
}

/** From the home page to the face check, for `v` owned by 135****5000 unless told. */
export async function fileUpToFace(page: Page, sandbox: Sandbox, v: Vehicle, owner = OWNER_LIU, ownerMasked = '135****5000') {
  await startFiling(page);
  await enterVehicle(page, v);
  await sendOwnerCode(page, ownerMasked);
  await enterOwnerCode(page, await sandbox.lastCode(owner, 'owner_consent'));
  await expect(page.getByRole('heading', { level: 1, name: '人脸核验' })).toBeVisible();
}

export async function faceCheck(page: Page) {
  const capture = page.getByRole('button', { name: '拍照核验' });
  await expect(capture).toBeEnabled({ timeout: 10_000 });
  await capture.click();
}

export async function uploadDocument(page: Page, kind = '本人手持身份证照片', label = '手持身份证照片') {
  await expect(page.getByRole('heading', { level: 1, name: '上传证件照片' })).toBeVisible();
  await page.getByRole('radio', { name: kind }).check();
  await page.getByLabel(label, { exact: true }).setInputFiles({ name: 'id.png', mimeType: 'image/png', buffer: png(2400, 1800) });
  await expect(page.getByRole('img', { name: '待上传的证件照片预览' })).toBeVisible();
  await page.getByRole('button', { name: '提交人工审核' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '已提交人工审核' })).toBeVisible();
}

export async function myVehicleCard(page: Page, plate: string) {
  await page.goto('/vehicles');
  await expect(page.getByRole('heading', { level: 1, name: '我的车辆' })).toBeVisible();
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: plate }) });
}

