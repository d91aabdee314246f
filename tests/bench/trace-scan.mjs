// What the long main-thread tasks of a QR scan are (issue 22's "no task over 50 ms while
// scanning"): the app as slowphone.mjs drives it (signed in, a cold home on slow 4G with the CPU
// slowed TRACE_RATE times, default 4; the method page; "继续"), with a Chromium trace recorded from
// the tap to the next step. Prints the scanner's marks and the Long Tasks API's entries (both after
// the tap, ms), then every top-level task of 40 ms or more on the page's main thread with its
// children of 2 ms or more (event dispatch, script, style, layout, video frame callbacks…).
// TRACE_OUT=FILE keeps the trace (JSON, for DevTools' Performance panel). A diagnostic: no goals.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devices } from '@playwright/test';
import { lastCode, launch, qrMatrices, startStub } from './lib/qr-common.mjs';
import { writeQrY4m } from './lib/qr-video.mjs';

const CODE = 'BEIAN:1:demo-qr-yueB67890-active';
const RATE = Number(process.env.TRACE_RATE ?? 4);
const IDLE_MS = Number(process.env.SLOW_IDLE_MS ?? 1000);
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

const dir = mkdtempSync(join(tmpdir(), 'beian-trace-'));
const stub = await startStub();
try {
  const file = join(dir, 'active.y4m');
  writeQrY4m(file, qrMatrices()[CODE], { width: 1280, height: 720, share: 0.55, angle: 14, keystone: 0.1, noise: 30, frames: 4 });
  const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`]);
  try {
    const context = await browser.newContext({ ...devices['Pixel 7'], viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: stub.url });
    await context.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
    });
    const page = await context.newPage();
    const phone = `135${String(process.pid % 100000).padStart(5, '0')}${String(Date.now() % 1000).padStart(3, '0')}`;
    await page.goto('/sign-in');
    await page.getByLabel('手机号码').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/验证码已发送至/).waitFor();
    await page.getByLabel('短信验证码').fill(await lastCode(stub.url, phone));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('当前账号').waitFor();
    await page.evaluate(async () => {
      for (const r of (await navigator.serviceWorker?.getRegistrations()) ?? []) await r.unregister();
      for (const k of (await caches?.keys()) ?? []) await caches.delete(k);
    });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await page.goto('/', { waitUntil: 'commit' });
    await page.getByText('当前账号').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(IDLE_MS);
    await page.getByRole('link', { name: /备案机动车/ }).click();
    await page.getByRole('radio', { name: '扫描车主的备案二维码' }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(IDLE_MS);
    await page.getByRole('radio', { name: '扫描车主的备案二维码' }).check();
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.compile', 'blink.user_timing', 'toplevel', 'v8', 'blink', 'loading'] });
    const t2 = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { level: 1, name: '拍摄车辆照片' }).waitFor({ timeout: 60_000 });
    const t3 = await page.evaluate(() => performance.now());
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
    const lt = (await page.evaluate(() => window.__longTasks)).filter((t) => t.start >= t2 - 5);
    const buf = await browser.stopTracing();
    if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, buf);
    console.log(`continue -> decoded ${(t3 - t2).toFixed(0)} ms; marks (relative to the tap):`);
    for (const [k, v] of Object.entries(marks)) if (v >= t2 - 5) console.log(`  ${k}: ${(v - t2).toFixed(0)}`);
    console.log('long tasks (observer):', lt.map((t) => `${(t.start - t2).toFixed(0)}+${t.duration.toFixed(0)}`).join(', '));
    const { traceEvents } = JSON.parse(buf.toString());
    const names = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    for (const { pid, tid } of names) {
      const evs = traceEvents.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X');
      const tops = evs.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur >= 40_000);
      for (const t of tops) {
        console.log(`\nTASK pid ${pid} at ${(t.ts / 1000).toFixed(0)} ms, ${(t.dur / 1000).toFixed(1)} ms`);
        const kids = evs.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur >= 2_000).sort((a, b) => a.ts - b.ts);
        for (const k of kids.slice(0, 60)) {
          const d = k.args?.data ?? k.args ?? {};
          const info = [d.functionName, d.url?.split('/').pop(), d.type, d.timerId, d.frame ? '' : undefined, d.stackTrace?.[0]?.functionName].filter((x) => x).join(' ');
          console.log(`  +${((k.ts - t.ts) / 1000).toFixed(1)} ${(k.dur / 1000).toFixed(1)} ms ${k.name} ${info}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
}
