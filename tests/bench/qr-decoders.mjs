// QR decoders side by side on the sample stills, in one headless Chromium page:
// this project's decoder (the QR worker's wasm, `decode` with the photo effort, as the app's photo
// route calls it), jsQR 1.4.0 and zxing-wasm (zxing-cpp). Every image of the sample folders is
// decoded once to RGBA in the page as the app reads a chosen photo (createImageBitmap, a canvas,
// getImageData) and the same pixels go to all three. Prints per folder and in total: decoded
// correctly / other symbol / wrong / none, and the median and p95 decode time per image.
// Writes out/qr-decoders.json (with every image's result).
import { judge, machine, ms, openBenchPage, pct, samples, writeResult } from './lib/qr-common.mjs';

const DECODERS = [
  ['ours', 'beian-scan (this project, photo effort)'],
  ['jsqr', 'jsQR 1.4.0'],
  ['zxing', 'zxing-wasm 3.1.4 (zxing-cpp)'],
];
const DEV = (folder) => /^qrcode-[1-6]$/.test(folder);

const folders = samples();
const bench = await openBenchPage();
const { page } = bench;
const perImage = [];
try {
  // Warm-up: one decode per decoder (compilation, first allocations), not counted.
  const first = await page.evaluate((url) => window.bench.loadStill(url), folders[0].images[0].url);
  for (const [d] of DECODERS) await page.evaluate(([id, d]) => window.bench.decode(id, d, true), [first.id, d]);
  await page.evaluate((id) => window.bench.drop(id), first.id);

  let n = 0;
  for (const { folder, images } of folders) {
    for (const img of images) {
      const input = await page.evaluate((url) => window.bench.loadStill(url).catch((e) => ({ error: String(e) })), img.url);
      if (input.error) {
        // Chromium cannot decode this file: no decoder gets pixels; counted as none for all.
        console.log(`cannot decode ${img.key} in Chromium: ${input.error}`);
        const row = { key: img.key, folder, unreadable: input.error };
        for (const [d] of DECODERS) row[d] = { status: 'none', ms: NaN };
        perImage.push(row);
        n++;
        continue;
      }
      const row = { key: img.key, folder, width: input.width, height: input.height };
      // Rotate the order, so no decoder always runs first after a load.
      for (let k = 0; k < DECODERS.length; k++) {
        const [d] = DECODERS[(n + k) % DECODERS.length];
        const r = await page.evaluate(([id, d]) => window.bench.decode(id, d, true), [input.id, d]);
        row[d] = { status: judge(r.text, img), ms: r.ms, ...(judge(r.text, img) === 'wrong' ? { text: r.text } : {}) };
      }
      await page.evaluate((id) => window.bench.drop(id), input.id);
      perImage.push(row);
      n++;
    }
  }
} finally {
  await bench.close();
}

function tally(rows, d) {
  const t = { images: rows.length, ok: 0, other: 0, wrong: 0, none: 0 };
  for (const r of rows) t[r[d].status]++;
  const times = rows.filter((r) => !r.unreadable).map((r) => r[d].ms);
  const unreadable = rows.filter((r) => r.unreadable).length;
  return { ...t, unreadable, median_ms: pct(times, 0.5), p95_ms: pct(times, 0.95) };
}

const summary = {};
const m = await machine();
console.log(`QR decoders on the sample stills, in one headless Chromium page (${bench.version}); ${m.cores} cores, ${m.cpu}, load ${m.load}`);
for (const [d, name] of DECODERS) {
  summary[d] = { name, folders: {} };
  console.log(`\n${name}`);
  console.log('| folder | images | decoded | other symbol | wrong | none | median ms | p95 ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  const line = (label, t) =>
    console.log(`| ${label} | ${t.images} | ${t.ok} | ${t.other} | ${t.wrong} | ${t.none} | ${ms(t.median_ms)} | ${ms(t.p95_ms)} |`);
  for (const { folder } of folders) {
    const t = tally(perImage.filter((r) => r.folder === folder), d);
    summary[d].folders[folder] = t;
    line(folder, t);
  }
  summary[d].dev = tally(perImage.filter((r) => DEV(r.folder)), d);
  summary[d].all = tally(perImage, d);
  line('qrcode-1..6', summary[d].dev);
  line('all', summary[d].all);
}

const wrong = perImage.flatMap((r) => DECODERS.filter(([d]) => r[d].status === 'wrong').map(([d]) => `${d} ${r.key}: ${JSON.stringify(r[d].text)}`));
if (wrong.length) console.log(`\nwrong decodes:\n  ${wrong.join('\n  ')}`);
const [ours, jsqr, zx] = ['ours', 'jsqr', 'zxing'].map((d) => summary[d].dev.ok);
const goals = {
  count_vs_jsqr: { ours, jsqr, met: ours >= jsqr },
  count_vs_zxing: { ours, zxing: zx, met: ours >= zx - 3 },
  wrong: { ours: summary.ours.all.wrong, met: summary.ours.all.wrong === 0 },
};
console.log(`\ngoal: decode count on qrcode-1..6 >= jsQR's: ${ours} vs ${jsqr}: ${goals.count_vs_jsqr.met ? 'met' : 'NOT met'}`);
console.log(`goal: within 3 images of zxing-wasm's on qrcode-1..6: ${ours} vs ${zx}: ${goals.count_vs_zxing.met ? 'met' : 'NOT met'}`);
console.log(`goal: 0 wrong decodes (all folders): ${summary.ours.all.wrong}: ${goals.wrong.met ? 'met' : 'NOT met'}`);
writeResult('qr-decoders', { chromium: bench.version, machine: m, summary, goals, images: perImage });
