// Upload progress of the QR method's prompted photos (XMLHttpRequest's upload events through the
// API client): Chromium's own network throttling (CDP Network.emulateNetworkConditions) slows the
// upload so that a photo takes about four seconds, the percentage is seen on its way and then the
// photo is uploaded; a connection the stub drops half-way (its fault injection) says how far the
// upload got, and "upload again" sends it.
import type { CDPSession, Page } from '@playwright/test';
import { test, expect, expectAccessible, signIn, type Sandbox } from '../fixtures';
import { pngGrey, qrPng } from '../qr-images';
import { ACTIVE, prompt, scanPhoto, startQrFiling } from '../qr-steps';

test.describe.configure({ timeout: 90_000 });

/** A photo with fine detail everywhere (deterministic noise), so its JPEG is some hundreds of KB. */
function detailedPhoto() {
  const w = 1200;
  const h = 900;
  const px = new Uint8Array(w * h);
  let seed = 12345;
  for (let i = 0; i < px.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    px[i] = ((i % w) >> 2) + (seed >>> 26);
  }
  return { name: 'photo.png', mimeType: 'image/png', buffer: pngGrey(w, h, px) };
}

const FRONT = '车辆左前方45°照片';
const ENGINE = '发动机号铭牌照片';
const SECONDS = 4;

/**
 * To the photos screen; the front photo goes up at full speed (its size measured), then uploads
 * are throttled so that the same photo takes about SECONDS seconds.
 */
async function toSlowPhotos(page: Page, sandbox: Sandbox): Promise<{ cdp: CDPSession; bytes: number }> {
  await signIn(page, sandbox);
  await startQrFiling(page);
  await scanPhoto(page, ACTIVE);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible();
  // The size of what the page sends (Playwright keeps no XHR Blob body): read from send's argument.
  await page.evaluate(() => {
    const send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.send = function (body?: Document | XMLHttpRequestBodyInit | null) {
      (window as any).__sentBytes = body instanceof Blob ? body.size : 0;
      return send.call(this, body);
    };
  });
  await page.getByLabel(FRONT, { exact: true }).setInputFiles(detailedPhoto());
  await expect(prompt(page, FRONT).getByText('照片已上传')).toBeVisible({ timeout: 15_000 });
  const bytes: number = await page.evaluate(() => (window as any).__sentBytes);
  expect(bytes, 'the size of the uploaded photo').toBeGreaterThan(50_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: Math.round(bytes / SECONDS) });
  return { cdp, bytes };
}

/** The engine photo's progress bar value and the percentage shown beside it, read together. */
const shown = (page: Page) =>
  page.evaluate(() => {
    const bar = document.getElementById('photo-engine_number-progress') as HTMLProgressElement | null;
    if (!bar) return null;
    return { value: bar.hasAttribute('value') ? bar.value : null, text: bar.parentElement?.querySelector('.upload__percent')?.textContent ?? '' };
  });

test('a slow photo upload shows its percentage on the way, then the photo is uploaded', { tag: '@layout' }, async ({ page, sandbox }, info) => {
  const { bytes } = await toSlowPhotos(page, sandbox);
  const started = Date.now();
  await page.getByLabel(ENGINE, { exact: true }).setInputFiles(detailedPhoto());
  const engine = prompt(page, ENGINE);
  const bar = engine.getByRole('progressbar', { name: `${ENGINE}上传进度` });
  await expect(bar).toBeVisible();
  await expect(engine.getByRole('status').filter({ hasText: '正在上传照片…' })).toBeVisible();

  // An intermediate percentage, shown as text too, and never going back.
  const seen: number[] = [];
  await expect
    .poll(async () => {
      const now = await shown(page);
      if (now?.value != null) {
        expect(now.text).toBe(`${now.value}%`);
        seen.push(now.value);
      }
      return seen.some((v) => v >= 10 && v <= 90);
    }, { timeout: 15_000, intervals: [100] })
    .toBe(true);
  await expectAccessible(page);

  await expect(engine.getByText('照片已上传')).toBeVisible({ timeout: 20_000 });
  const seconds = (Date.now() - started) / 1000;
  await expect(bar).toHaveCount(0);
  expect(seen, 'the percentage only grows').toEqual([...seen].sort((a, b) => a - b));
  console.log(`[${info.project.name}] ${bytes} bytes at ${Math.round(bytes / SECONDS)} B/s: uploaded in ${seconds.toFixed(1)} s; percentages seen: ${[...new Set(seen)].join(' ')}`);
  expect(seconds, 'the throttled upload took its time').toBeGreaterThan(SECONDS / 2);

  // Only the photos' ids are kept; the flow goes on.
  const stored = await page.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage));
  expect(stored).not.toContain('blob:');
  expect(stored).not.toContain('data:image');
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '填写备案信息' })).toBeVisible();
});

test('a connection dropped half-way says how far the upload got, and "upload again" sends the photo', { tag: '@layout' }, async ({ page, sandbox }) => {
  const { cdp } = await toSlowPhotos(page, sandbox);
  // The stub reads nothing for 1.5 s (about a third of the photo is on its way) and then drops the
  // connection, until the fault is cleared (Chromium silently sends a request again once when a
  // reused connection closes unanswered, so a one-off drop would not be seen).
  await sandbox.fault({ path: '/api/filings/matches/*', method: 'PUT', delay_ms: 1_500, drop: true });
  await page.getByLabel(ENGINE, { exact: true }).setInputFiles(detailedPhoto());
  const engine = prompt(page, ENGINE);
  const message = engine.getByText(/照片上传中断（已上传 \d+%）：网络连接断开。照片仍在本页，请检查网络后点“重新上传”。/);
  await expect(message).toBeVisible({ timeout: 15_000 });
  const percent = Number(/已上传 (\d+)%/.exec((await message.textContent()) ?? '')?.[1]);
  expect(percent).toBeGreaterThan(0);
  expect(percent).toBeLessThan(100);
  await expect(engine.getByText('照片已上传')).toHaveCount(0);
  // The message is the field's own error (read with the file input) and the photo is still shown.
  await expect(page.getByLabel(ENGINE, { exact: true })).toHaveAccessibleDescription(/照片上传中断/);
  await expect(engine.getByRole('img', { name: '发动机号铭牌照片预览' })).toBeVisible();
  await expectAccessible(page);

  // The connection is back (and fast again): the same photo goes up.
  await sandbox.clearFaults();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await engine.getByRole('button', { name: '重新上传' }).click();
  await expect(engine.getByText('照片已上传')).toBeVisible({ timeout: 15_000 });
  await expect(message).toHaveCount(0);
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '填写备案信息' })).toBeVisible();
});

test.describe('in English', () => {
  test.use({ locale: 'en-US' });

  test('the progress and a dropped upload read in English', { tag: '@layout' }, async ({ page, sandbox }) => {
    await signIn(page, sandbox);
    await page.getByRole('button', { name: /Switch to English/ }).click();
    await page.getByRole('link', { name: /File a vehicle/ }).click();
    await page.getByRole('radio', { name: "Scan the owner's vehicle filing code" }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Take or choose a photo of the QR code').setInputFiles({ name: 'code.png', mimeType: 'image/png', buffer: qrPng(ACTIVE, { angle: 5 }) });
    await expect(page.getByRole('heading', { level: 1, name: 'Photos of the vehicle' })).toBeVisible();
    const label = 'The engine-number plate';
    await sandbox.fault({ path: '/api/filings/matches/*', method: 'PUT', delay_ms: 1_500, drop: true });
    await page.getByLabel(label, { exact: true }).setInputFiles(detailedPhoto());
    const engine = prompt(page, label);
    await expect(engine.getByRole('progressbar', { name: `Upload progress: ${label}` })).toBeVisible();
    await expect(engine.getByText(/The upload stopped( at \d+%)?: the connection was lost\. The photo is still here/)).toBeVisible({ timeout: 15_000 });
    await expectAccessible(page);
    await sandbox.clearFaults();
    await engine.getByRole('button', { name: 'Upload again' }).click();
    await expect(engine.getByText('Photo uploaded')).toBeVisible({ timeout: 15_000 });
  });
});
