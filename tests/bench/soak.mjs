// An hour of use, shortened: the app (the release bundle, served by the stub) in Chromium, signed in,
// on the QR scan step with Chromium's fake camera playing a video with no code in it (grey noise), so
// the scanner grabs and decodes frames without end.
//
// 1. Scan for SOAK_SCAN_S seconds (default 300): every SOAK_SAMPLE_S seconds (default 10) the app's
//    own wasm memory (`memory.buffer.byteLength` of the first wasm instantiated on the page: the
//    app's main module; its chunks share that memory), the frames decoded (the scanner's
//    `data-frames`), the renderer processes' resident memory (`/proc/<pid>/status` VmRSS of
//    every renderer Chromium lists, summed) and the GPU process's. The growth of the wasm memory
//    per frame is the figure to watch: a page that keeps something per frame grows in a straight
//    line. The way the scanner grabbed its frames (its `qr-scanner:grab:<way>` marks:
//    `video-frame:I420`, the camera's own frame copied into one reused buffer, or `canvas`) is
//    printed; SOAK_NO_VIDEO_FRAME=1 removes `VideoFrame` from the page, so the canvas way is measured.
// 2. SOAK_VISITS visits to the scanner (default 100): back to the method page, "继续" again, until
//    the camera streams; every 10 visits, after a forced garbage collection, the renderers'
//    resident memory and the page's JS heap: a plateau, or growth per visit.
//
// Prints both series and the slopes (least squares); writes out/soak.json.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devices } from '@playwright/test';
import { lastCode, launch, machine, startStub, writeResult } from './lib/qr-common.mjs';
import { writeQrY4m } from './lib/qr-video.mjs';

const SCAN_S = Number(process.env.SOAK_SCAN_S ?? 300);
const SAMPLE_S = Number(process.env.SOAK_SAMPLE_S ?? 10);
const VISITS = Number(process.env.SOAK_VISITS ?? 100);

// Before the app: keep every wasm memory instantiated on the page (the first is the app's).
const watchWasm = () => {
  window.__wasmMemories = [];
  const keep = (r) => {
    const mem = (r.instance ?? r).exports?.memory;
    if (mem instanceof WebAssembly.Memory) window.__wasmMemories.push(mem);
    return r;
  };
  const wrap = (name) => {
    const orig = WebAssembly[name];
    if (orig) WebAssembly[name] = function (...args) { return orig.apply(this, args).then(keep); };
  };
  wrap('instantiate');
  wrap('instantiateStreaming');
};

/** Summed VmRSS (KB) of every process of a type (`renderer`, `GPU`) Chromium lists. */
async function rendererRssKb(browserCdp, type = 'renderer') {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  let total = 0;
  for (const p of processInfo.filter((p) => p.type === type)) {
    try {
      const m = readFileSync(`/proc/${p.id}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      if (m) total += Number(m[1]);
    } catch {}
  }
  return total;
}

function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return num / den;
}

const dir = mkdtempSync(join(tmpdir(), 'beian-soak-'));
const stub = await startStub();
let out;
try {
  const file = join(dir, 'nothing.y4m');
  writeQrY4m(file, [], { width: 1280, height: 720, share: 0.55, noise: 30, frames: 4 });
  const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`]);
  try {
    const browserCdp = await browser.newBrowserCDPSession();
    const context = await browser.newContext({
      ...devices['Pixel 7'], viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
      locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: stub.url,
    });
    await context.addInitScript(watchWasm);
    if (process.env.SOAK_NO_VIDEO_FRAME === '1') await context.addInitScript(() => { delete window.VideoFrame; });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const phone = `136${String(process.pid % 100000).padStart(5, '0')}001`;
    await page.goto('/sign-in');
    await page.getByLabel('手机号码').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/验证码已发送至/).waitFor();
    await page.getByLabel('短信验证码').fill(await lastCode(stub.url, phone));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('当前账号').waitFor();
    await page.getByRole('link', { name: /备案机动车/ }).click();
    const toScanner = async () => {
      await page.getByRole('radio', { name: '扫描车主的备案二维码' }).check();
      await page.getByRole('button', { name: '继续' }).click();
      await page.locator('.scanner--live').waitFor({ timeout: 30_000 });
    };
    await toScanner();

    const wasmBytes = () => page.evaluate(() => window.__wasmMemories[0]?.buffer.byteLength ?? null);
    const framesNow = () => page.locator('.scanner').getAttribute('data-frames').then(Number);
    const scan = [];
    const t0 = Date.now();
    for (;;) {
      const t = (Date.now() - t0) / 1000;
      scan.push({ s: Math.round(t), frames: await framesNow(), wasm_bytes: await wasmBytes(), renderer_rss_kb: await rendererRssKb(browserCdp), gpu_rss_kb: await rendererRssKb(browserCdp, 'GPU') });
      const last = scan.at(-1);
      console.log(`scan ${String(last.s).padStart(4)} s: ${last.frames} frames, app wasm ${(last.wasm_bytes / 1024).toFixed(0)} KB, renderers ${(last.renderer_rss_kb / 1024).toFixed(1)} MB, GPU process ${(last.gpu_rss_kb / 1024).toFixed(1)} MB`);
      if (t >= SCAN_S) break;
      await page.waitForTimeout(SAMPLE_S * 1000);
    }

    const grabWays = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('qr-scanner:grab:')).map((n) => n.slice(16)));
    console.log(`frames grabbed by: ${grabWays.join(', ') || 'no mark (a bundle before the grab marks)'}`);

    const visits = [];
    const sampleVisits = async (n) => {
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = await cdp.send('Runtime.getHeapUsage');
      visits.push({ visits: n, wasm_bytes: await wasmBytes(), renderer_rss_kb: await rendererRssKb(browserCdp), js_heap_used_kb: Math.round(heap.usedSize / 1024) });
      const v = visits.at(-1);
      console.log(`after ${String(n).padStart(3)} visits: app wasm ${(v.wasm_bytes / 1024).toFixed(0)} KB, renderers ${(v.renderer_rss_kb / 1024).toFixed(1)} MB, JS heap ${(v.js_heap_used_kb / 1024).toFixed(1)} MB`);
    };
    await sampleVisits(0);
    for (let i = 1; i <= VISITS; i++) {
      await page.goBack();
      await toScanner();
      if (i % 10 === 0) await sampleVisits(i);
    }
    await context.close();

    const perFrame = slope(scan.map((x) => [x.frames, x.wasm_bytes]));
    const rssPerVisit = slope(visits.map((x) => [x.visits, x.renderer_rss_kb * 1024]));
    const half = visits.filter((v) => v.visits >= VISITS / 2);
    const rssPerVisitLate = slope(half.map((x) => [x.visits, x.renderer_rss_kb * 1024]));
    const wasmPerVisit = slope(visits.map((x) => [x.visits, x.wasm_bytes]));
    const heapPerVisit = slope(visits.map((x) => [x.visits, x.js_heap_used_kb * 1024]));
    const m = await machine();
    console.log(`\nSoak: Chromium ${browser.version()}; ${m.cores} cores, ${m.cpu}, load ${m.load}`);
    console.log(`scan ${SCAN_S} s: ${scan.at(-1).frames} frames; app wasm ${(scan[0].wasm_bytes / 1024).toFixed(0)} -> ${(scan.at(-1).wasm_bytes / 1024).toFixed(0)} KB (${perFrame.toFixed(1)} bytes per frame, least squares); renderers ${(scan[0].renderer_rss_kb / 1024).toFixed(1)} -> ${(scan.at(-1).renderer_rss_kb / 1024).toFixed(1)} MB (max ${(Math.max(...scan.map((x) => x.renderer_rss_kb)) / 1024).toFixed(1)}); GPU process ${(scan[0].gpu_rss_kb / 1024).toFixed(1)} -> ${(scan.at(-1).gpu_rss_kb / 1024).toFixed(1)} MB (max ${(Math.max(...scan.map((x) => x.gpu_rss_kb)) / 1024).toFixed(1)})`);
    console.log(`${VISITS} visits: renderers ${(visits[0].renderer_rss_kb / 1024).toFixed(1)} -> ${(visits.at(-1).renderer_rss_kb / 1024).toFixed(1)} MB (${(rssPerVisit / 1024).toFixed(1)} KB per visit; last half ${(rssPerVisitLate / 1024).toFixed(1)} KB per visit); app wasm ${(wasmPerVisit / 1024).toFixed(2)} KB per visit; JS heap ${(heapPerVisit / 1024).toFixed(1)} KB per visit`);
    out = {
      chromium: browser.version(), machine: m, scan_s: SCAN_S, visits_n: VISITS, grab_ways: grabWays,
      wasm_bytes_per_frame: perFrame, renderer_bytes_per_visit: rssPerVisit, renderer_bytes_per_visit_last_half: rssPerVisitLate,
      wasm_bytes_per_visit: wasmPerVisit, js_heap_bytes_per_visit: heapPerVisit, scan, visits,
    };
  } finally {
    await browser.close();
  }
} finally {
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
}
writeResult('soak', out);
