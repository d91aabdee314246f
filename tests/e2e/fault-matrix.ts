// The fault matrix's table (specs/fault-matrix.spec.ts): every step of the three flows that sends
// a request the user waits for, and what a user does and sees there. A new step joins the matrix
// by adding a row here; every fault in FAULTS then runs against it.
//
// A row is driven through the same helpers as the flow specs (sms-steps.ts, qr-steps.ts,
// pay-steps.ts). `reach` gets to the screen with everything typed or chosen that the step needs;
// `act` is the user's tap (or choice of a photo) that sends the request; `done` is what the user
// sees once it went through; `kept` checks that what they typed is still there after a failure.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, type Sandbox } from './fixtures';
import { png } from './images';
import { card, ME, orders, payOnProviderPage } from './pay-steps';
import { ACTIVE, prompt, scanPhoto, startQrFiling, vehiclePhoto } from './qr-steps';
import { faceCheck, OWNER_LIU, startFiling, YUE } from './sms-steps';

export type Ctx = { page: Page; sandbox: Sandbox; request: APIRequestContext; token: string };

export type Flow = 'SMS filing' | 'QR filing' | 'payment';

export type Step = {
  flow: Flow;
  name: string;
  /** The request the user waits for at this step (`path` may end in `*`, as the stub's faults). */
  request?: { method: string; path: string };
  /** The screen's heading while the user is on the step. */
  heading: string | RegExp;
  reach(ctx: Ctx): Promise<void>;
  act(ctx: Ctx): Promise<void>;
  done(ctx: Ctx): Promise<void>;
  /** What was typed or chosen is still shown (after an error, without leaving the screen). */
  kept(ctx: Ctx): Promise<void>;
  /**
   * What must survive a reload, back-and-forward or a new sign-in (the screen is built again):
   * everything typed; photos are never stored on the device, so they are chosen again (`rearm`).
   */
  keptAfterReload?(ctx: Ctx): Promise<void>;
  rearm?(ctx: Ctx): Promise<void>;
  /**
   * The request creates something (a filing, decisions, a payment order) under an idempotency
   * key: a retry after the server did the work but its answer was lost must find it done.
   */
  creates?: true;
  /** The submit button, for the double tap (steps sent by choosing a photo have none). */
  submit?: { name: string; exact?: boolean };
  /**
   * How the user tries again after a failure: by default the retry button of the message
   * ("重试", "重新上传") when there is one, else the same tap again.
   */
  retry?(ctx: Ctx): Promise<void>;
  /** Expected words for a refusal at this step, where the step words it itself (by status, or `timeout` / `network`). */
  messages?: Partial<Record<string, RegExp>>;
};

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

// ---- the SMS filing flow (粤B67890, owner 135****5000) ----

async function smsVehicleScreen({ page }: Ctx) {
  await page.goto('/');
  await startFiling(page);
  await expect(heading(page, '号牌种类')).toBeVisible();
  await page.getByRole('radio', { name: YUE.type }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(heading(page, '车辆信息')).toBeVisible();
  await page.getByRole('radio', { name: YUE.province, exact: true }).check();
  await page.getByLabel('号牌号码（省份简称之后的部分）').fill(YUE.rest);
  await page.getByLabel('发动机号后六位').fill(YUE.engine);
}

async function vehicleTyped({ page }: Ctx) {
  await expect(page.getByRole('radio', { name: YUE.province, exact: true })).toBeChecked();
  await expect(page.getByLabel('号牌号码（省份简称之后的部分）')).toHaveValue(YUE.rest);
  await expect(page.getByLabel('发动机号后六位')).toHaveValue(YUE.engine);
}

async function smsOwnerScreen(ctx: Ctx) {
  await smsVehicleScreen(ctx);
  await ctx.page.getByRole('button', { name: '查询车辆' }).click();
  await expect(heading(ctx.page, '车主验证')).toBeVisible();
}

async function ownerCodeSent({ page }: Ctx) {
  await expect(page.getByText('验证码已发送至车主手机 135****5000，5 分钟内有效。')).toBeVisible();
}

/** The owner's code is sent and typed; `typed` remembers it for `kept`. */
const typed = new WeakMap<Page, string>();
async function ownerCodeTyped(ctx: Ctx) {
  await ctx.page.getByRole('button', { name: '发送验证码给车主' }).click();
  await ownerCodeSent(ctx);
  const code = await ctx.sandbox.lastCode(OWNER_LIU, 'owner_consent');
  typed.set(ctx.page, code);
  await ctx.page.getByLabel('车主收到的验证码').fill(code);
}

async function codeKept({ page }: Ctx, label: string) {
  await expect(page.getByLabel(label)).toHaveValue(typed.get(page)!);
}

async function faceScreen(ctx: Ctx) {
  await smsOwnerScreen(ctx);
  await ownerCodeTyped(ctx);
  await ctx.page.getByRole('button', { name: '提交备案申请' }).click();
  await expect(heading(ctx.page, '人脸核验')).toBeVisible();
}

const documentPhoto = () => ({ name: 'licence.png', mimeType: 'image/png', buffer: png(1600, 1200) });

async function chooseDocumentPhoto({ page }: Ctx) {
  await page.getByLabel('驾驶证照片', { exact: true }).setInputFiles(documentPhoto());
  await expect(page.getByRole('img', { name: '待上传的证件照片预览' })).toBeVisible();
}

// ---- the QR filing flow (the owner's code for 粤B67890) ----

async function qrPhotosScreen(ctx: Ctx) {
  await ctx.page.goto('/');
  await startQrFiling(ctx.page);
  await scanPhoto(ctx.page, ACTIVE);
  await expect(heading(ctx.page, '拍摄车辆照片')).toBeVisible();
}

async function chooseFrontPhoto({ page }: Ctx) {
  await page.getByLabel('车辆左前方45°照片', { exact: true }).setInputFiles({ name: 'front.png', mimeType: 'image/png', buffer: vehiclePhoto() });
}

async function qrDetailsScreen(ctx: Ctx) {
  await qrPhotosScreen(ctx);
  for (const label of ['车辆左前方45°照片', '发动机号铭牌照片']) {
    await ctx.page.getByLabel(label, { exact: true }).setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: vehiclePhoto() });
    await expect(prompt(ctx.page, label).getByText('照片已上传')).toBeVisible();
  }
  await ctx.page.getByRole('button', { name: '继续' }).click();
  await expect(heading(ctx.page, '填写备案信息')).toBeVisible();
  await ctx.page.getByLabel('发动机号后六位').fill('305118');
  await ctx.page.getByRole('radio', { name: '亲属' }).check();
}

async function detailsTyped({ page }: Ctx) {
  await expect(page.getByLabel('发动机号后六位')).toHaveValue('305118');
  await expect(page.getByRole('radio', { name: '亲属' })).toBeChecked();
}

async function qrOwnerScreen(ctx: Ctx) {
  await qrDetailsScreen(ctx);
  await ctx.page.getByRole('button', { name: '继续' }).click();
  await expect(heading(ctx.page, '车主验证')).toBeVisible();
}

// ---- paying (张伟 138****8000: 国贸桥北 unprocessed ¥200, 大望桥 decided ¥150; the spec sets the
// stub's clock to midday first, outside the 23:45–00:05 payment pause) ----

async function payCodeScreen({ page }: Ctx) {
  await page.goto('/violations');
  await expect(heading(page, '违法处理')).toBeVisible();
  await card(page, '国贸桥北').getByRole('checkbox', { name: /选择/ }).check();
  await page.getByRole('button', { name: '处理并缴款' }).click();
  await expect(heading(page, '处理须知')).toBeVisible();
  await page.getByLabel('我已阅读并同意处理以上违法').check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(heading(page, '短信验证确认')).toBeVisible();
}

async function handlingCodeTyped(ctx: Ctx) {
  await ctx.page.getByRole('button', { name: '发送验证码' }).click();
  await expect(ctx.page.getByText('验证码已发送至 138****8000，5 分钟内有效。')).toBeVisible();
  const code = await ctx.sandbox.lastCode(ME, 'handling');
  typed.set(ctx.page, code);
  await ctx.page.getByLabel('短信验证码').fill(code);
}

async function payCheckScreen({ page }: Ctx) {
  await page.goto('/violations?tab=processed');
  await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
  await expect(heading(page, '核对并缴款')).toBeVisible();
  await page.getByLabel('支付宝').check();
}

/** Back on the result page with the order still pending (paid in the provider's app later). */
async function payResultScreen(ctx: Ctx) {
  await payCheckScreen(ctx);
  await ctx.page.getByRole('button', { name: '支付 ¥150.00' }).click();
  await expect(ctx.page.getByRole('heading', { name: /确认付款/ })).toBeVisible();
  await ctx.page.goto('/pay/result');
  await expect(heading(ctx.page, '正在确认缴款结果')).toBeVisible();
}

async function receipt({ page }: Ctx) {
  await expect(heading(page, '缴款成功')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('.panel__amount')).toHaveText('¥150.00');
}

const nothing = async () => {};

export const STEPS: Step[] = [
  {
    flow: 'SMS filing',
    name: 'plate lookup',
    request: { method: 'POST', path: '/api/filings/lookup' },
    heading: '车辆信息',
    reach: smsVehicleScreen,
    act: ({ page }) => page.getByRole('button', { name: '查询车辆' }).click(),
    done: async ({ page }) => {
      await expect(heading(page, '车主验证')).toBeVisible();
      await expect(page.getByText('135****5000').first()).toBeVisible();
    },
    kept: vehicleTyped,
    submit: { name: '查询车辆' },
  },
  {
    flow: 'SMS filing',
    name: "sending the owner's code",
    request: { method: 'POST', path: '/api/filings/matches/*' },
    heading: '车主验证',
    reach: smsOwnerScreen,
    act: ({ page }) => page.getByRole('button', { name: '发送验证码给车主' }).click(),
    done: ownerCodeSent,
    kept: async ({ page }) => {
      await expect(page.getByText('粤B67890').first()).toBeVisible();
    },
    submit: { name: '发送验证码给车主' },
  },
  {
    flow: 'SMS filing',
    name: "submitting the owner's code (creating the filing)",
    creates: true,
    request: { method: 'POST', path: '/api/filings' },
    heading: '车主验证',
    reach: async (ctx) => {
      await smsOwnerScreen(ctx);
      await ownerCodeTyped(ctx);
    },
    act: ({ page }) => page.getByRole('button', { name: '提交备案申请' }).click(),
    done: async ({ page }) => {
      await expect(heading(page, '人脸核验')).toBeVisible();
    },
    kept: (ctx) => codeKept(ctx, '车主收到的验证码'),
    submit: { name: '提交备案申请' },
  },
  {
    flow: 'SMS filing',
    name: 'face check',
    request: { method: 'POST', path: '/api/filings/*' },
    heading: '人脸核验',
    reach: faceScreen,
    act: ({ page }) => faceCheck(page),
    done: async ({ page }) => {
      await expect(heading(page, '备案完成')).toBeVisible();
    },
    kept: async ({ page }) => {
      await expect(page.getByText('粤B67890 的备案申请已提交')).toBeVisible();
    },
    submit: { name: '拍照核验' },
  },
  {
    flow: 'SMS filing',
    name: 'document upload',
    request: { method: 'PUT', path: '/api/filings/*' },
    heading: '上传证件照片',
    reach: async (ctx) => {
      await ctx.sandbox.setFaceCheck('fail');
      await faceScreen(ctx);
      await faceCheck(ctx.page);
      await expect(heading(ctx.page, '上传证件照片')).toBeVisible();
      await ctx.page.getByRole('radio', { name: '本人驾驶证' }).check();
      await chooseDocumentPhoto(ctx);
    },
    act: ({ page }) => page.getByRole('button', { name: '提交人工审核' }).click(),
    done: async ({ page }) => {
      await expect(heading(page, '已提交人工审核')).toBeVisible();
    },
    kept: async ({ page }) => {
      await expect(page.getByRole('radio', { name: '本人驾驶证' })).toBeChecked();
      await expect(page.getByRole('img', { name: '待上传的证件照片预览' })).toBeVisible();
    },
    keptAfterReload: async ({ page }) => {
      await expect(page.getByRole('radio', { name: '本人驾驶证' })).toBeChecked();
    },
    rearm: chooseDocumentPhoto,
    submit: { name: '提交人工审核' },
  },
  {
    flow: 'QR filing',
    name: 'resolving the scanned code',
    request: { method: 'POST', path: '/api/filings/qr' },
    heading: '扫描备案二维码',
    reach: async ({ page }) => {
      await page.goto('/');
      await startQrFiling(page);
    },
    act: ({ page }) => scanPhoto(page, ACTIVE),
    done: async ({ page }) => {
      await expect(heading(page, '拍摄车辆照片')).toBeVisible();
      await expect(page.getByText('135****5000').first()).toBeVisible();
    },
    kept: nothing,
  },
  {
    flow: 'QR filing',
    name: 'photo upload',
    request: { method: 'PUT', path: '/api/filings/matches/*' },
    heading: '拍摄车辆照片',
    reach: qrPhotosScreen,
    act: chooseFrontPhoto,
    // An upload that stops says how far it got and that the photo is still on the page.
    messages: {
      timeout: /照片上传超时：一段时间内没有进展。照片仍在本页，请检查网络后点“重新上传”。/,
      network: /照片上传中断(（已上传 \d+%）)?：网络连接断开。照片仍在本页，请检查网络后点“重新上传”。/,
    },
    done: async ({ page }) => {
      await expect(prompt(page, '车辆左前方45°照片').getByText('照片已上传')).toBeVisible();
    },
    kept: async ({ page }) => {
      await expect(page.getByRole('img', { name: '车辆左前方45°照片预览' })).toBeVisible();
    },
    keptAfterReload: nothing,
  },
  {
    flow: 'QR filing',
    name: 'details',
    heading: '填写备案信息',
    reach: qrDetailsScreen,
    act: ({ page }) => page.getByRole('button', { name: '继续' }).click(),
    done: async ({ page }) => {
      await expect(heading(page, '车主验证')).toBeVisible();
    },
    kept: detailsTyped,
    submit: { name: '继续' },
  },
  {
    flow: 'QR filing',
    name: "sending the owner's code",
    request: { method: 'POST', path: '/api/filings/matches/*' },
    heading: '车主验证',
    reach: qrOwnerScreen,
    act: ({ page }) => page.getByRole('button', { name: '发送验证码给车主' }).click(),
    done: ownerCodeSent,
    kept: async ({ page }) => {
      await expect(page.getByText('粤B67890').first()).toBeVisible();
    },
    submit: { name: '发送验证码给车主' },
  },
  {
    flow: 'QR filing',
    name: 'submitting (creating the filing)',
    creates: true,
    request: { method: 'POST', path: '/api/filings' },
    heading: '车主验证',
    reach: async (ctx) => {
      await qrOwnerScreen(ctx);
      await ownerCodeTyped(ctx);
    },
    act: ({ page }) => page.getByRole('button', { name: '提交备案申请' }).click(),
    done: async ({ page }) => {
      await expect(heading(page, '已提交人工审核')).toBeVisible();
    },
    kept: (ctx) => codeKept(ctx, '车主收到的验证码'),
    submit: { name: '提交备案申请' },
  },
  {
    flow: 'payment',
    name: 'sending the handling SMS',
    request: { method: 'POST', path: '/api/handling/code' },
    heading: '短信验证确认',
    reach: payCodeScreen,
    act: ({ page }) => page.getByRole('button', { name: '发送验证码' }).click(),
    done: async ({ page }) => {
      await expect(page.getByText('验证码已发送至 138****8000，5 分钟内有效。')).toBeVisible();
    },
    kept: async ({ page }) => {
      await expect(page.getByText('您将处理 1 条违法')).toBeVisible();
    },
    submit: { name: '发送验证码' },
  },
  {
    flow: 'payment',
    name: 'confirming the code',
    creates: true,
    request: { method: 'POST', path: '/api/handling' },
    heading: '短信验证确认',
    reach: async (ctx) => {
      await payCodeScreen(ctx);
      await handlingCodeTyped(ctx);
    },
    act: ({ page }) => page.getByRole('button', { name: '确认', exact: true }).click(),
    done: async ({ page }) => {
      await expect(heading(page, '核对并缴款')).toBeVisible();
    },
    kept: (ctx) => codeKept(ctx, '短信验证码'),
    submit: { name: '确认', exact: true },
  },
  {
    flow: 'payment',
    name: 'creating the payment order',
    creates: true,
    request: { method: 'POST', path: '/api/payments' },
    heading: '核对并缴款',
    reach: payCheckScreen,
    act: ({ page }) => page.getByRole('button', { name: '支付 ¥150.00' }).click(),
    done: async ({ page }) => {
      await expect(page.getByRole('heading', { name: /确认付款/ })).toBeVisible();
      await payOnProviderPage(page);
      await receipt({ page } as Ctx);
    },
    kept: async ({ page }) => {
      await expect(page.getByLabel('支付宝')).toBeChecked();
    },
    submit: { name: '支付 ¥150.00' },
  },
  {
    flow: 'payment',
    name: "the result page's status check",
    request: { method: 'GET', path: '/api/payments/*' },
    heading: /正在确认缴款结果|缴款成功/,
    reach: payResultScreen,
    // The provider confirms the payment; the page learns it by asking.
    act: async ({ request, sandbox }) => {
      const [o] = await orders(request, sandbox);
      if (o.order.state !== 'pending') return;
      const res = await request.post(`${sandbox.url}/sandbox/pay/${o.order.order_id}`, { data: { outcome: 'pay' } });
      expect(res.ok()).toBeTruthy();
    },
    done: receipt,
    kept: nothing,
    // The page asks again by itself every 2 s; the message's retry asks at once.
    retry: async ({ page }) => {
      const retry = page.getByRole('alert').getByRole('button', { name: '重试', exact: true });
      if (await retry.isVisible()) await retry.click().catch(() => {});
    },
  },
];
