// The QR scanner's controls in Chromium, with its one fake camera (no picture of a code: the
// scanner keeps looking). The camera start and switch, and a code read through the camera path,
// are shared walks (walks/filing-qr-camera.ts; WebKit runs them with its two cameras). The torch:
// neither engine's test camera has one, so here the browser's getUserMedia is wrapped (before the
// app loads) to answer with a track that reports `torch` among its capabilities and records what
// applyConstraints is asked; the app itself is not touched.
import { test, expect, expectAccessible, signIn } from '../fixtures';
import { startQrFiling } from '../qr-steps';
import { qrCameraReadsCode, qrCameraStart } from '../walks/filing-qr-camera';

test.describe.configure({ timeout: 60_000 });

test(qrCameraStart.title, { tag: '@layout' }, ({ ui, sandbox }) => qrCameraStart.run(ui, sandbox));
test(qrCameraReadsCode.title, ({ ui, sandbox }) => qrCameraReadsCode.run(ui, sandbox));

test('"继续" answers the tap at once: the scan screen is built in a task of its own, once however often it is tapped', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await page.getByRole('link', { name: /备案机动车/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '备案非本人名下机动车' })).toBeVisible();
  await page.getByRole('radio', { name: '扫描车主的备案二维码' }).check();
  // Two taps in one go (a double tap): while they are handled, nothing of the next page is built
  // (on a slow phone that made the tap one main-thread task of 90–200 ms) and no history entry added.
  const during = await page.getByRole('button', { name: '继续' }).evaluate((button: HTMLButtonElement) => {
    const entries = history.length;
    button.click();
    button.click();
    return { path: location.pathname, added: history.length - entries, heading: document.querySelector('h1')?.textContent };
  });
  expect(during).toEqual({ path: '/file/method', added: 0, heading: '备案非本人名下机动车' });
  await expect(page.getByRole('heading', { level: 1, name: '扫描备案二维码' })).toBeVisible();
  await expect(page).toHaveURL(/\/file\/scan$/);
  // The camera, then the photo route, come in below the heading.
  await expect(page.getByText('将车主的备案二维码放入框内，保持手机稳定')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: '从照片识别' })).toBeVisible();
  // One navigation for the two taps: back is the method page, with the method kept.
  await page.goBack();
  await expect(page.getByRole('heading', { level: 1, name: '备案非本人名下机动车' })).toBeVisible();
  await expect(page.getByRole('radio', { name: '扫描车主的备案二维码' })).toBeChecked();
});

/** What the page asked of the torch, in order (`true` on, `false` off). */
const torchCalls = (page: import('@playwright/test').Page) =>
  page.evaluate(() => ((window as any).__applied as any[]).map((c) => c?.torch ?? c?.advanced?.find((a: any) => 'torch' in a)?.torch ?? null));

test.describe('with a camera that has a torch', () => {
  test.beforeEach(async ({ page }) => {
    await page.addInitScript(() => {
      const w = window as any;
      w.__applied = [];
      const real = MediaDevices.prototype.getUserMedia;
      MediaDevices.prototype.getUserMedia = async function (constraints?: MediaStreamConstraints) {
        const stream = await real.call(this, constraints);
        for (const track of stream.getVideoTracks()) {
          const capabilities = track.getCapabilities.bind(track);
          track.getCapabilities = () => ({ ...capabilities(), torch: true }) as MediaTrackCapabilities;
          // A camera with a torch accepts the torch constraint (Chromium's fake camera, which has
          // none, refuses it: that case is the next test's).
          track.applyConstraints = (c?: MediaTrackConstraints) => {
            w.__applied.push(JSON.parse(JSON.stringify(c ?? null)));
            return Promise.resolve();
          };
        }
        return stream;
      };
    });
  });

  test('the torch toggle is offered, says whether it is on, and turns the torch on and off', { tag: '@layout' }, async ({ page, sandbox }) => {
    await signIn(page, sandbox);
    await startQrFiling(page);
    await expect(page.getByText('将车主的备案二维码放入框内，保持手机稳定')).toBeVisible();
    const torch = page.getByRole('button', { name: '手电筒', exact: true });
    await expect(torch).toBeVisible();
    await expect(torch).toHaveAttribute('aria-pressed', 'false');
    expect(await torchCalls(page)).toEqual([]);
    await expectAccessible(page);

    await torch.click();
    await expect(torch).toHaveAttribute('aria-pressed', 'true');
    expect(await torchCalls(page)).toEqual([true]);
    await torch.click();
    await expect(torch).toHaveAttribute('aria-pressed', 'false');
    expect(await torchCalls(page)).toEqual([true, false]);
    // The camera kept running throughout.
    await expect(page.getByText('将车主的备案二维码放入框内，保持手机稳定')).toBeVisible();
    await expectAccessible(page);
  });

  test('a torch the camera refuses to switch stays off', async ({ page, sandbox }) => {
    await page.addInitScript(() => {
      const real = MediaDevices.prototype.getUserMedia;
      MediaDevices.prototype.getUserMedia = async function (constraints?: MediaStreamConstraints) {
        const stream = await real.call(this, constraints);
        for (const track of stream.getVideoTracks()) {
          const record = track.applyConstraints.bind(track);
          track.applyConstraints = (c?: MediaTrackConstraints) =>
            record(c).then(() => Promise.reject(new DOMException('The torch is busy', 'NotReadableError')));
        }
        return stream;
      };
    });
    await signIn(page, sandbox);
    await startQrFiling(page);
    const torch = page.getByRole('button', { name: '手电筒', exact: true });
    await torch.click();
    await expect.poll(() => torchCalls(page)).toEqual([true]);
    await expect(torch).toHaveAttribute('aria-pressed', 'false');
  });

  test.describe('in English', () => {
    test.use({ locale: 'en-US' });
    test('the torch toggle is named in English', async ({ page, sandbox }) => {
      await signIn(page, sandbox);
      await page.getByRole('button', { name: /Switch to English/ }).click();
      await page.getByRole('link', { name: /File a vehicle/ }).click();
      await page.getByRole('radio', { name: "Scan the owner's vehicle filing code" }).check();
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect(page.getByRole('button', { name: 'Torch', exact: true })).toHaveAttribute('aria-pressed', 'false');
      await expect(page.getByLabel('Camera view: put the QR code inside the frame')).toBeVisible();
    });
  });
});

test('without a torch on the camera no torch toggle is shown', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  await startQrFiling(page);
  // The scanner is streaming and has looked at the camera (it says how many cameras it found).
  await expect(page.getByText('将车主的备案二维码放入框内，保持手机稳定')).toBeVisible();
  await expect(page.locator('.scanner')).toHaveAttribute('data-cameras', /^\d+$/);
  await expect(page.getByRole('button', { name: '手电筒' })).toHaveCount(0);
});
