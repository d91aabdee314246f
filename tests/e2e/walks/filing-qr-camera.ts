// The QR scanner's camera start, in whatever cameras the engine has: WebKitGTK's two mock cameras
// (user- and environment-facing) or Chromium's one fake camera. The viewfinder must be live (the
// video plays, with a picture and a size on screen) with its scan frame and hint; the camera
// switch is offered exactly when the page lists more than one camera, and really changes camera
// (another device, still live, and the page says which one is in use); leaving the page stops
// every track the page opened. Shared by Chromium (specs/filing-qr-scanner.spec.ts) and WebKit
// (webkit/walks.spec.ts).
//
// The page's own getUserMedia and the videos' srcObject setter are wrapped only to keep a list of
// the streams it got and showed (the real camera answers; nothing is faked), so that the walk can
// see every track end.
import type { Ui } from '../ui';
import type { Walk } from './walk';
import { check } from './walk';
import { qrPng } from '../qr-images';
import { PHONE } from './sign-in';

type Viewfinder = {
  playing: boolean;
  videoWidth: number;
  videoHeight: number;
  onScreen: boolean;
  frameInside: boolean;
  trackLive: boolean;
  label: string;
  deviceId: string;
  facingMode: string;
};

/** The scanner's video as the page has it now (null without one). */
function viewfinder(ui: Ui) {
  return ui.evaluate(async (): Promise<Viewfinder | null> => {
    const video = document.querySelector('.scanner video') as HTMLVideoElement | null;
    if (!video) return null;
    const before = video.currentTime;
    await new Promise((r) => setTimeout(r, 400));
    const track = (video.srcObject as MediaStream | null)?.getVideoTracks()[0];
    const box = video.getBoundingClientRect();
    const frame = document.querySelector('.scanner__frame')?.getBoundingClientRect();
    const settings = (track?.getSettings() ?? {}) as MediaTrackSettings;
    return {
      playing: !video.paused && video.readyState >= 2 && video.currentTime > before,
      videoWidth: video.videoWidth,
      videoHeight: video.videoHeight,
      onScreen: box.width > 100 && box.height > 100 && box.top < innerHeight && box.left >= 0 && box.right <= innerWidth,
      frameInside: !!frame && frame.width > 50 && frame.height > 50 && frame.left >= box.left && frame.right <= box.right && frame.top >= box.top && frame.bottom <= box.bottom,
      trackLive: track?.readyState === 'live',
      label: track?.label ?? '',
      deviceId: settings.deviceId ?? '',
      facingMode: settings.facingMode ?? '',
    };
  });
}

/** Waits (up to ~10 s) for a live viewfinder that `also` accepts; fails with what was seen. */
async function expectLive(ui: Ui, what: string, also: (v: Viewfinder) => boolean = () => true): Promise<Viewfinder> {
  let seen: Viewfinder | null = null;
  for (let i = 0; i < 20; i++) {
    seen = await viewfinder(ui);
    if (seen && seen.playing && seen.trackLive && seen.videoWidth > 0 && seen.videoHeight > 0 && seen.onScreen && seen.frameInside && also(seen)) return seen;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: the viewfinder is not live as expected: ${JSON.stringify(seen)}`);
}

/** The text of the "in use" line, or null when there is none. */
const inUse = (ui: Ui) => ui.evaluate(() => document.getElementById('scanner-camera')?.textContent?.trim() ?? null);

/** Every track of every stream the page's getUserMedia returned: how many, how many still live. */
const recordedTracks = (ui: Ui) =>
  ui.evaluate(() => {
    const streams: MediaStream[] = (window as any).__cameraStreams ?? [];
    const tracks = streams.flatMap((s) => s.getTracks());
    return { streams: streams.length, tracks: tracks.length, live: tracks.filter((t) => t.readyState === 'live').length, calls: (window as any).__cameraCalls ?? [] };
  });

export const qrCameraStart: Walk = {
  title: "the QR scanner's camera starts live with its frame and hint, offers a camera switch exactly when there are several, switches, and stops every track on leaving",
  async run(ui, sandbox) {
    await ui.goto('/sign-in');
    await ui.fillByLabel('手机号码', PHONE);
    await ui.clickButton('获取验证码');
    await ui.expectText('验证码已发送至');
    await ui.fillByLabel('短信验证码', await sandbox.lastCode(PHONE));
    await ui.clickButton('登录', { exact: true });
    await ui.expectText('当前账号');

    await ui.clickLink(/备案机动车/);
    await ui.checkByLabel('扫描车主的备案二维码');
    await ui.evaluate(() => {
      const w = window as any;
      const media = navigator.mediaDevices;
      const real = media.getUserMedia.bind(media);
      w.__cameraStreams = [];
      w.__cameraCalls = [];
      media.getUserMedia = (constraints?: MediaStreamConstraints) => {
        const call = { asked: JSON.stringify(constraints?.video ?? null), answer: 'pending' };
        w.__cameraCalls.push(call);
        return real(constraints).then(
          (stream: MediaStream) => {
            if (!w.__cameraStreams.includes(stream)) w.__cameraStreams.push(stream);
            call.answer = stream.getVideoTracks()[0]?.getSettings().deviceId ?? 'no track';
            return stream;
          },
          (e: Error) => {
            call.answer = `refused: ${e.name}`;
            throw e;
          },
        );
      };
      // Also every stream shown in a video, however the page got it: a CI run once showed a
      // second camera live in the viewfinder with no second call seen through the wrapper.
      const shown = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
      Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
        configurable: true,
        enumerable: shown.enumerable,
        get() {
          return shown.get!.call(this);
        },
        set(stream: MediaStream | null) {
          if (stream instanceof MediaStream && !w.__cameraStreams.includes(stream)) {
            w.__cameraStreams.push(stream);
            w.__cameraCalls.push({ asked: 'shown in a video', answer: stream.getVideoTracks()[0]?.getSettings().deviceId ?? 'no track' });
          }
          shown.set!.call(this, stream);
        },
      });
    });
    await ui.clickButton('继续');
    await ui.expectHeading('扫描备案二维码');
    await ui.expectText('将车主的备案二维码放入框内，保持手机稳定');
    const first = await expectLive(ui, 'the camera start');
    // The rear camera is asked for (a preference): where the browser knows facings, it is the one.
    if (first.facingMode) check(first.facingMode === 'environment', `the scanner opened the ${first.facingMode} camera, not the rear one`);

    // What the page lists once access is granted, and what the scanner found.
    const cameras = await ui.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').length);
    let found = '';
    for (let i = 0; i < 50 && !found; i++) {
      found = (await ui.evaluate(() => document.querySelector('.scanner')?.getAttribute('data-cameras') ?? '')) || '';
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    check(found === String(cameras), `the page lists ${cameras} camera(s), the scanner found ${found || 'none'}`);
    const switches = () => ui.evaluate(() => Array.from(document.querySelectorAll('button')).filter((b) => b.textContent?.includes('切换摄像头')).length);

    if (cameras > 1) {
      await ui.expectButton('切换摄像头');
      const before = await inUse(ui);
      check(!!before && before.startsWith('正在使用：'), `no "in use" line with ${cameras} cameras: ${before}`);
      if (first.facingMode === 'environment') check(before === '正在使用：后置摄像头', `the rear camera is in use, but the page says ${before}`);

      await ui.clickButton('切换摄像头');
      const second = await expectLive(ui, 'after the switch', (v) => v.deviceId !== first.deviceId);
      check(second.label !== first.label || !first.label, `the switch kept the camera "${first.label}"`);
      let after: string | null = null;
      for (let i = 0; i < 30 && (after === null || after === before || !after.startsWith('正在使用：')); i++) {
        after = await inUse(ui);
        await new Promise((r) => setTimeout(r, 100));
      }
      check(!!after && after !== before, `the page still says ${before} after the switch (now: ${after})`);
      if (second.facingMode === 'user') check(after === '正在使用：前置摄像头', `the front camera is in use, but the page says ${after}`);
      let tracks = await recordedTracks(ui);
      for (let i = 0; i < 20 && !(tracks.streams === 2 && tracks.live === 1); i++) {
        await new Promise((r) => setTimeout(r, 100));
        tracks = await recordedTracks(ui);
      }
      check(tracks.streams === 2 && tracks.live === 1, `after one switch: ${JSON.stringify(tracks)} (the first camera must be stopped)`);

      // With two cameras, the next switch goes back to the first.
      if (cameras === 2) {
        await ui.clickButton('切换摄像头');
        await expectLive(ui, 'after switching back', (v) => v.deviceId === first.deviceId);
      }
    } else {
      check((await switches()) === 0, 'a camera switch is offered with one camera');
      check((await inUse(ui)) === null, 'an "in use" line is shown with one camera');
    }
    await ui.expectAccessible();
    await ui.expectNoHorizontalOverflow();

    // Leaving the scanner stops every track the page opened.
    await ui.clickLink('返回上一步');
    await ui.expectHeading('备案非本人名下机动车');
    let tracks = await recordedTracks(ui);
    for (let i = 0; i < 30 && tracks.live > 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      tracks = await recordedTracks(ui);
    }
    check(tracks.streams >= 1 && tracks.tracks >= tracks.streams && tracks.live === 0, `after leaving: ${JSON.stringify(tracks)}`);
    check((await ui.evaluate(() => document.querySelectorAll('video').length)) === 0, 'a video is still on the page after leaving the scanner');
  },
};

/**
 * The scanner's camera path reads a code: the page's camera is replaced (in the browser, before
 * the scanner opens it) by a canvas's `captureStream()` showing a still of the owner's code at an
 * angle with noise, redrawn 15 times a second, as a camera would show it. Everything after
 * getUserMedia is the app's own: video, frame grab, worker, decoder, the server's answer.
 */
export const qrCameraReadsCode: Walk = {
  title: "the QR scanner reads the owner's code from the camera (a canvas stream standing in for it) and goes on to the photos",
  async run(ui, sandbox) {
    await ui.goto('/sign-in');
    await ui.fillByLabel('手机号码', PHONE);
    await ui.clickButton('获取验证码');
    await ui.expectText('验证码已发送至');
    await ui.fillByLabel('短信验证码', await sandbox.lastCode(PHONE));
    await ui.clickButton('登录', { exact: true });
    await ui.expectText('当前账号');

    await ui.clickLink(/备案机动车/);
    await ui.checkByLabel('扫描车主的备案二维码');
    const png = qrPng('BEIAN:1:demo-qr-yueB67890-active', { width: 640, height: 480, angle: -8, keystone: 0.06, noise: 20, share: 0.6 }).toString('base64');
    await ui.evaluate(async (png: string) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const ctx = canvas.getContext('2d')!;
      let n = 0;
      // A camera's picture changes from frame to frame: a faint flicker keeps the stream going.
      const draw = () => {
        ctx.drawImage(image, 0, 0);
        ctx.fillStyle = `rgba(128, 128, 128, ${(n++ % 2) * 0.02})`;
        ctx.fillRect(0, 0, canvas.width, canvas.height);
      };
      draw();
      setInterval(draw, 66);
      const stream = canvas.captureStream(15);
      const w = window as any;
      w.__canvasCamera = stream;
      navigator.mediaDevices.getUserMedia = async () => stream;
    }, png);
    // WebKit's automation now and then lets the page's camera call past this replacement (the
    // scanner then shows a mock camera; seen in about one run in five): when the viewfinder
    // does not show the canvas stream, leave the scanner and open it again.
    const showsCanvas = () =>
      ui.evaluate(async () => {
        for (let i = 0; i < 30; i++) {
          if (document.querySelector('h1')?.textContent?.trim() === '拍摄车辆照片') return true;
          const v = document.querySelector('.scanner video') as HTMLVideoElement | null;
          if (v?.srcObject) return v.srcObject === (window as any).__canvasCamera;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      });
    let shown = false;
    for (let tries = 0; tries < 3 && !shown; tries++) {
      if (tries > 0) {
        await ui.clickLink('返回上一步');
        await ui.expectHeading('备案非本人名下机动车');
        await ui.evaluate(() => {
          const w = window as any;
          navigator.mediaDevices.getUserMedia = async () => w.__canvasCamera;
        });
      }
      // Only this visit's scanner is asked below how it grabbed its frames: a scanner left on a
      // try before (the mock camera) set its marks too.
      await ui.evaluate(() => {
        for (const m of performance.getEntriesByType('mark')) {
          if (m.name.startsWith('qr-scanner:grab:')) performance.clearMarks(m.name);
        }
      });
      await ui.clickButton('继续');
      // The stand-in camera's first frames can be read before a check of the scanner's heading
      // runs (a warm decoder worker reads it in a few milliseconds): the photos screen then
      // proves the canvas stream was used, since only it shows a code.
      const h1 = await ui.evaluate(async () => {
        for (let i = 0; i < 70; i++) {
          const text = document.querySelector('h1')?.textContent?.trim() ?? '';
          if (text === '扫描备案二维码' || text === '拍摄车辆照片') return text;
          await new Promise((r) => setTimeout(r, 100));
        }
        return document.querySelector('h1')?.textContent?.trim() ?? '';
      });
      check(h1 === '扫描备案二维码' || h1 === '拍摄车辆照片', `after "继续" the page shows "${h1}", not the scanner`);
      shown = h1 === '拍摄车辆照片' || (await showsCanvas());
    }
    check(shown, 'the scanner never showed the stand-in camera (the page kept bypassing it)');
    // Reading takes as many frames as the engine needs (a slow machine decodes fewer a second):
    // wait for the photos screen as long as frames keep being decoded, and say how many were.
    let scanner = { h1: '', frames: '', ms: '', said: '' };
    for (let i = 0; i < 100; i++) {
      scanner = await ui.evaluate(() => ({
        h1: document.querySelector('h1')?.textContent?.trim() ?? '',
        frames: document.querySelector('.scanner')?.getAttribute('data-frames') ?? '',
        ms: document.querySelector('.scanner')?.getAttribute('data-decode-ms') ?? '',
        said: Array.from(document.querySelectorAll('[role=alert], [role=status]')).map((e) => e.textContent?.trim()).filter(Boolean).join(' | '),
      }));
      if (scanner.h1 === '拍摄车辆照片') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (scanner.h1 !== '拍摄车辆照片') {
      // What the scanner's video shows now, for the failure message.
      const picture = await ui.evaluate(() => {
        const v = document.querySelector('.scanner video') as HTMLVideoElement | null;
        if (!v) return 'no video';
        const c = document.createElement('canvas');
        c.width = 64;
        c.height = 48;
        const g = c.getContext('2d')!;
        g.drawImage(v, 0, 0, 64, 48);
        const d = g.getImageData(0, 0, 64, 48).data;
        let lo = 255, hi = 0;
        for (let i = 0; i < d.length; i += 4) { lo = Math.min(lo, d[i]); hi = Math.max(hi, d[i]); }
        return `video ${v.videoWidth}x${v.videoHeight} ready ${v.readyState} t ${v.currentTime.toFixed(1)} red ${lo}-${hi}`;
      });
      scanner.said += ` | ${picture}`;
    }
    check(scanner.h1 === '拍摄车辆照片', `no code read from the camera in 20 s: ${scanner.frames || 0} frames decoded (median ${scanner.ms || '?'} ms), the page shows "${scanner.h1}" and says "${scanner.said}"`);
    await ui.expectHeading('拍摄车辆照片');
    await ui.expectText('粤B67890');
    await ui.expectText('135****5000');
    // How the frames were grabbed (the scanner's `qr-scanner:grab:<way>` marks): where the engine
    // has VideoFrame (Chromium, WebKit), as the camera gives them, in their own pixel format
    // (BGRA in WebKitGTK, I420 in Chromium), the worker making the grey picture; else a canvas.
    const grab = await ui.evaluate(() => ({
      videoFrame: typeof (window as any).VideoFrame === 'function',
      ways: performance.getEntriesByType('mark').map((m) => m.name).filter((n) => n.startsWith('qr-scanner:grab:')).map((n) => n.slice(16)),
    }));
    check(
      grab.ways.length === 1 && (grab.videoFrame ? /^video-frame:[A-Z0-9]+$/.test(grab.ways[0]) : grab.ways[0] === 'canvas'),
      `frames grabbed by ${JSON.stringify(grab.ways)} (VideoFrame ${grab.videoFrame ? 'present' : 'missing'})`,
    );
    check((await ui.evaluate(() => document.querySelectorAll('video').length)) === 0, 'the camera is still on after the scan');
    check(await ui.evaluate(() => (window as any).__canvasCamera.getTracks().every((t: MediaStreamTrack) => t.readyState === 'ended')), 'the camera stream was not stopped after the scan');
  },
};
