// The camera shows a WeChat payment code beside the owner's vehicle filing code (two stickers side by
// side), the payment code higher up, so it is the one a reader scanning from the top finds first.
// Chromium's fake camera plays a YUV4MPEG2 video rendered here from both codes' matrices (made by
// a real encoder, qr-codes.json), with noise in every frame. The decoder reads every code in the
// frame and the scanner takes the filing code: it goes on to the photos and never says "this is a
// payment code".
import { writeFileSync } from 'node:fs';
import { test, expect, signIn } from '../fixtures';
import { renderGrey } from '../qr-images';
import { ACTIVE, PAYMENT, fakeCamera, startQrFilingWithCode, videoPath } from '../qr-steps';

const W = 640;
const H = 480;
const SIDE = 210;

/** One frame: grey 200, the payment code's square at upper left, the filing code's lower right. */
function frame(seed: number): Uint8Array {
  const out = new Uint8Array(W * H).fill(200);
  const place = (grey: Uint8Array, left: number, top: number) => {
    for (let y = 0; y < SIDE; y++) out.set(grey.subarray(y * SIDE, (y + 1) * SIDE), (top + y) * W + left);
  };
  // Both inside the centre square the scanner decodes (x 80..560 of a 640x480 frame).
  place(renderGrey(PAYMENT, { width: SIDE, height: SIDE, share: 0.95, angle: 5, noise: 14, seed }), 100, 20);
  place(renderGrey(ACTIVE, { width: SIDE, height: SIDE, share: 0.95, angle: -7, noise: 14, seed: seed + 50 }), 330, 250);
  return out;
}

const video = videoPath('two-codes.y4m');
{
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`, 'ascii')];
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  for (let f = 0; f < 4; f++) parts.push(Buffer.from('FRAME\n', 'ascii'), Buffer.from(frame(1 + f)), chroma);
  writeFileSync(video, Buffer.concat(parts));
}
test.use({ launchOptions: fakeCamera(video) });

test('with a payment code beside the filing code in view, the scanner takes the filing code and goes on to the photos', async ({ page, sandbox }) => {
  await signIn(page, sandbox);
  // Everything the page says while it scans, kept (a "payment code" message may come and go).
  await page.evaluate(() => {
    const w = window as any;
    w.__said = [];
    new MutationObserver(() => {
      for (const e of document.querySelectorAll('[role=alert], [role=status]')) {
        const t = e.textContent?.trim();
        if (t && !w.__said.includes(t)) w.__said.push(t);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await startQrFilingWithCode(page);
  await expect(page.getByRole('heading', { level: 1, name: '拍摄车辆照片' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('粤B67890')).toBeVisible();
  const said: string[] = await page.evaluate(() => (window as any).__said);
  expect(said.filter((t) => t.includes('付款码'))).toEqual([]);
});
