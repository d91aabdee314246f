// A slow phone on a slow network: the app (the release bundle, served by the stub) in Chromium with
// its CPU slowed down (DevTools' CPU throttling, 4× and 6×; 1× for reference) on Lighthouse's
// "slow 4G" (150 ms round trip, 1.6 Mbps down, 750 kbps up), each run in a fresh browser context
// (empty cache, no service worker, no storage). Per run:
//
// 1. cold /sign-in → heading and first input usable: from the navigation's start to the first
//    frame in which the app (not the HTML's first screen, `.boot`) shows the page's <h1> and an
//    enabled phone input; also when the first screen was first painted (first contentful paint)
//    and when a phone input (the first screen's, which hands what was typed to the app) was.
//    Also a cold / (signed out) → the app's home page (not the first screen) with its sign-in link:
//    the page whose code is the whole first load.
// 2. home → filing method page (first time): signed in (the session made without throttling, then
//    the HTTP cache and any service worker dropped), a cold load of `/`, a user who reads the home
//    page for SLOW_IDLE_MS (default 1000) once its account is shown, then taps "备案机动车": tap →
//    the method page's heading.
// 3. QR method "继续" → code decoded, next step shown: the user reads the method page for
//    SLOW_IDLE_MS, chooses the QR method and taps "继续": tap → the heading of the step after the
//    scan (Chromium's fake camera plays a video of the owner's filing code). Timed in the page's
//    own clock, from the tap's `pointerdown` to the animation frame that first has that heading,
//    with the scanner's marks and the code's check with the server between them; Playwright's
//    own figure (its `click()` to its `waitFor` seeing the heading, about 0.5 s of round trips to
//    a page slowed 4×) is printed beside it.
// 4. The longest main-thread task while scanning (Long Tasks API, tasks of 50 ms or more): those
//    that start between the tap and the code decoded (the scanner's `qr-scanner:decoded` mark);
//    and, apart, the longest of those after it until the next step is shown (the server's answer
//    and the next page's render: not scanning any more). Each run prints its long tasks (start
//    after the tap + duration, ms).
//
// SLOW_RUNS runs per CPU rate (default 3); medians, the largest in brackets. Writes
// out/slowphone.json. WebKit is not measured: WebKitWebDriver has no CPU or network throttling.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devices } from '@playwright/test';
import { lastCode, launch, machine, ms, pct, qrMatrices, startStub, writeResult } from './lib/qr-common.mjs';
import { writeQrY4m } from './lib/qr-video.mjs';

const CODE = 'BEIAN:1:demo-qr-yueB67890-active';
const RUNS = Number(process.env.SLOW_RUNS ?? 3);
const RATES = (process.env.SLOW_RATES ?? '1,4,6').split(',').map(Number);
/** How long the user reads the home page before tapping (a first visit). */
const IDLE_MS = Number(process.env.SLOW_IDLE_MS ?? 1000);
/** Lighthouse's mobile "slow 4G" (its DevTools throttling figures, before its own RTT factor). */
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const TARGETS = { sign_in_ms: 1200, to_method_ms: 800, to_decoded_ms: 800, longest_task_ms: 50 };

// Before the app: long tasks, and the first frame in which the app's page is usable.
const observe = () => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__longTasks = null;
  }
  window.__fcp = null;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch {}
  // The user's taps (when the finger went down) and the first frame each page heading was shown in, in the
  // page's own clock: the harness's round trips to a 4× slowed page are not counted.
  window.__taps = [];
  addEventListener('pointerdown', (e) => window.__taps.push(e.timeStamp), true);
  window.__headings = {};
  new MutationObserver(() => {
    const text = document.querySelector('h1')?.textContent?.trim();
    if (text && !(text in window.__headings)) {
      window.__headings[text] = null;
      requestAnimationFrame((t) => (window.__headings[text] = t));
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
  window.__usable = null;
  window.__typeable = null;
  const check = () => {
    if (window.__usable !== null) return;
    // Any phone input on screen, the first screen's included (it keeps what is typed for the app).
    const any = [...document.querySelectorAll('input[type="tel"]')].some((e) => e.offsetParent !== null);
    if (window.__typeable === null && any && document.querySelector('h1')) window.__typeable = performance.now();
    // The HTML's first screen is `.boot`; the app's page (shown once it is there) replaces it.
    const app = (sel) => [...document.querySelectorAll(sel)].find((e) => !e.closest('.boot') && e.offsetParent !== null);
    const h1 = app('h1');
    // The sign-in form's phone input; on a signed-out home, its link to sign-in.
    const input = location.pathname === '/' ? app('main a[href="/sign-in"]') : app('input[type="tel"]:not([disabled])');
    if (h1 && h1.textContent.trim() && input) window.__usable = performance.now();
    else requestAnimationFrame(check);
  };
  if (location.pathname === '/sign-in' || location.pathname === '/') requestAnimationFrame(check);
};

async function newContext(browser, base) {
  const context = await browser.newContext({
    ...devices['Pixel 7'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: base,
  });
  await context.addInitScript(observe);
  return context;
}

async function throttle(page, rate) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  if (rate > 1) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  }
  return cdp;
}

async function unthrottle(cdp) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
}

/** Step 1: a cold /sign-in; and, for the first-load figure, a cold signed-out home. */
async function coldSignIn(browser, base, rate, path = '/sign-in') {
  const context = await newContext(browser, base);
  try {
    const page = await context.newPage();
    const cdp = await throttle(page, rate);
    await page.goto(path, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__usable !== null && window.__fcp !== null, null, { timeout: 60_000, polling: 50 });
    const r = await page.evaluate(() => ({ usable: window.__usable, typeable: window.__typeable, fcp: window.__fcp }));
    await unthrottle(cdp);
    return r;
  } finally {
    await context.close();
  }
}

/** Steps 2 to 4: signed in, a cold home, the filing method page, the QR scan. */
async function filing(browser, base, rate, phone) {
  const context = await newContext(browser, base);
  try {
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('手机号码').fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(/验证码已发送至/).waitFor();
    await page.getByLabel('短信验证码').fill(await lastCode(base, phone));
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('当前账号').waitFor();
    // A first visit: nothing cached, no service worker; the session (storage) stays.
    await page.evaluate(async () => {
      for (const r of (await navigator.serviceWorker?.getRegistrations()) ?? []) await r.unregister();
      for (const k of (await caches?.keys()) ?? []) await caches.delete(k);
    });
    // sessionStorage keeps the session across a reload of the same tab.
    await throttle(page, rate);
    await page.goto('/', { waitUntil: 'commit' });
    await page.getByText('当前账号').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(IDLE_MS);
    const link = page.getByRole('link', { name: /备案机动车/ });
    const t0 = await page.evaluate(() => performance.now());
    await link.click();
    await page.getByRole('radio', { name: '扫描车主的备案二维码' }).waitFor({ timeout: 60_000 });
    const t1 = await page.evaluate(() => performance.now());
    // The user reads the two methods before choosing one.
    await page.waitForTimeout(IDLE_MS);
    await page.getByRole('radio', { name: '扫描车主的备案二维码' }).check();
    const t2 = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('heading', { level: 1, name: '拍摄车辆照片' }).waitFor({ timeout: 60_000 });
    const t3 = await page.evaluate(() => performance.now());
    const marks = await page.evaluate(() => {
      const first = (name) => performance.getEntriesByName(name, 'mark')[0]?.startTime ?? null;
      const tap = window.__taps[window.__taps.length - 1] ?? null;
      // The code's check with the server (the request, its answer).
      const resolve = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/api/filings/qr'));
      return {
        tap,
        start: first('qr-scanner:start'),
        streaming: first('qr-scanner:streaming'),
        firstFrame: first('qr-scanner:first-frame'),
        decoded: first('qr-scanner:decoded'),
        requestStart: resolve?.startTime ?? null,
        answered: resolve?.responseEnd ?? null,
        shown: window.__headings['拍摄车辆照片'] ?? null,
      };
    });
    const tasks = await page.evaluate(() => window.__longTasks);
    const during = tasks === null ? null : tasks.filter((t) => t.start >= t2 && t.start <= t3);
    const decodedAt = marks.decoded ?? t3;
    const longest = (xs) => (xs === null ? null : Math.max(0, ...xs.map((t) => t.duration)));
    return {
      toMethod: t1 - t0,
      // From the tap to the frame that shows the next step, in the page's clock when it could
      // tell (the harness's own figure, round trips included, otherwise).
      toDecoded: marks.tap !== null && marks.shown !== null ? marks.shown - marks.tap : t3 - t2,
      toDecodedHarness: t3 - t2,
      marks,
      longestTask: longest(during && during.filter((t) => t.start <= decodedAt)),
      longestTaskAfter: longest(during && during.filter((t) => t.start > decodedAt)),
      longTasks: during && during.map((t) => ({ after_tap: t.start - t2, duration: t.duration, scanning: t.start <= decodedAt })),
    };
  } finally {
    await context.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'beian-slow-'));
const stub = await startStub();
const results = {};
let version;
try {
  const file = join(dir, 'active.y4m');
  writeQrY4m(file, qrMatrices()[CODE], { width: 1280, height: 720, share: 0.55, angle: 14, keystone: 0.1, noise: 30, frames: 4 });
  const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`]);
  version = browser.version();
  let n = 1;
  try {
    for (const rate of RATES) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const s = await coldSignIn(browser, stub.url, rate);
        const h = await coldSignIn(browser, stub.url, rate, '/');
        const f = await filing(browser, stub.url, rate, `137${String(process.pid % 1000).padStart(3, '0')}${String(n++).padStart(5, '0')}`);
        const run = { signIn: s.usable, typeable: s.typeable, fcp: s.fcp, home: h.usable, ...f };
        console.log(`${rate}x run ${i + 1}/${RUNS}: sign-in usable ${ms(run.signIn)} ms (FCP ${ms(run.fcp)}), cold home ${ms(run.home)} ms, home -> method ${ms(run.toMethod)} ms, continue -> decoded ${ms(run.toDecoded)} ms, longest task ${run.longestTask === null ? '-' : ms(run.longestTask)} ms scanning, ${run.longestTaskAfter === null ? '-' : ms(run.longestTaskAfter)} ms after the decode`);
        const at = (k) => (run.marks[k] === null || run.marks.tap === null ? '-' : ms(run.marks[k] - run.marks.tap));
        console.log(`  after the tap: scanner asks for the camera ${at('start')}, streaming ${at('streaming')}, first frame ${at('firstFrame')}, decoded ${at('decoded')}, request sent ${at('requestStart')}, answered ${at('answered')}, next step shown ${at('shown')} ms (harness ${ms(run.toDecodedHarness)})`);
        if (run.longTasks) console.log(`  long tasks after the tap: ${run.longTasks.map((t) => `${ms(t.after_tap)}+${ms(t.duration)}${t.scanning ? '' : ' (after the decode)'}`).join(', ') || 'none'}`);
        runs.push(run);
      }
      results[rate] = runs;
    }
  } finally {
    await browser.close();
  }
} finally {
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
}

const m = await machine();
const fmt = (xs) => `${ms(pct(xs, 0.5))} (${ms(Math.max(...xs))})`;
const label = (rate) => (rate === 1 ? 'no throttling' : `${rate}× CPU + slow 4G`);
console.log(`\nSlow phone: Chromium ${version}, ${RUNS} runs per rate, medians (largest); ${m.cores} cores, ${m.cpu}, load ${m.load}`);
console.log(`| step | ${RATES.map(label).join(' | ')} |`);
console.log(`|---|${RATES.map(() => '---:').join('|')}|`);
const row = (name, f) => console.log(`| ${name} | ${RATES.map((r) => fmt(results[r].map(f))).join(' | ')} |`);
row('cold /sign-in → first screen painted (FCP) ms', (r) => r.fcp ?? NaN);
row('cold /sign-in → heading and a phone input to type in (first screen or app) ms', (r) => r.typeable ?? NaN);
row('cold /sign-in → heading and first input usable (the app\'s) ms', (r) => r.signIn);
row('cold / signed out → the app\'s home with its sign-in link ms', (r) => r.home);
row('home → filing method page (first time) ms', (r) => r.toMethod);
row('QR method "继续" → code decoded, next step shown ms', (r) => r.toDecoded);
row('longest main-thread task while scanning (tap → decoded) ms', (r) => r.longestTask ?? NaN);
row('longest main-thread task after the decode (answer, next page) ms', (r) => r.longestTaskAfter ?? NaN);
const summary = {};
for (const r of RATES) {
  const rs = results[r];
  const max = (f) => Math.max(...rs.map(f));
  summary[r] = {
    fcp_ms: pct(rs.map((x) => x.fcp ?? NaN), 0.5),
    sign_in_ms: pct(rs.map((x) => x.signIn), 0.5),
    sign_in_typeable_ms: pct(rs.map((x) => x.typeable ?? NaN), 0.5),
    cold_home_ms: pct(rs.map((x) => x.home), 0.5),
    to_method_ms: pct(rs.map((x) => x.toMethod), 0.5),
    to_decoded_ms: pct(rs.map((x) => x.toDecoded), 0.5),
    longest_task_ms: max((x) => x.longestTask ?? 0),
    longest_task_after_decode_ms: max((x) => x.longestTaskAfter ?? 0),
  };
}
const goals = {};
if (summary[4]) {
  for (const [k, target] of Object.entries(TARGETS)) {
    const v = summary[4][k];
    goals[k] = { target, value: v, met: v <= target || (k === 'longest_task_ms' && v < target) };
    console.log(`goal (4× CPU + slow 4G): ${k} ≤ ${target}: ${ms(v)}: ${goals[k].met ? 'met' : 'NOT met'}`);
  }
}
writeResult('slowphone', { chromium: version, machine: m, runs: RUNS, idle_ms: IDLE_MS, network: SLOW_4G, summary, goals, results });
