// Issue 22's "renderer memory rises ~450 MB in the first minute of scanning": which way of reading
// a camera's frames causes it. A bare page (no app) on the stub's origin plays Chromium's fake camera
// (grey noise, 1280×720) in a <video> and, every 150 ms as the scanner does, reads the centre
// 720×720 square one way (FRAME_MODES, default all):
//   none    the video only, no read;
//   2d      drawImage into a 2D canvas (willReadFrequently) + getImageData: a new ImageData each time
//           (the scanner's way);
//   webgl   texImage2D into a WebGL 1 texture + readPixels into ONE preallocated Uint8Array;
//   bitmap  createImageBitmap(video, crop) + close();
//   vframe  new VideoFrame(video) + close(), no pixels read;
//   copyto  new VideoFrame(video) + copyTo(ONE preallocated buffer, the square as `rect`) + close().
// The app's scanner now grabs the `copyto` way (src/camera.rs, `FrameGrabber`), the 2D canvas kept
// where VideoFrame is missing; soak.mjs measures it in the app.
// Prints the renderer processes' and the GPU process's resident memory (VmRSS) every 10 s for
// FRAME_SECONDS (default 60); writes out/frame-memory.json.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, machine, startStub, writeResult } from './lib/qr-common.mjs';
import { writeQrY4m } from './lib/qr-video.mjs';

const MODES = (process.env.FRAME_MODES ?? 'none,2d,webgl,bitmap,vframe,copyto').split(',');
const SECONDS = Number(process.env.FRAME_SECONDS ?? 60);

async function rssMb(cdp, type) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  let kb = 0;
  for (const p of processInfo.filter((p) => p.type === type)) {
    try {
      kb += Number(readFileSync(`/proc/${p.id}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]);
    } catch {}
  }
  return Math.round(kb / 1024);
}

function grabLoop(mode) {
  return (async () => {
    document.body.innerHTML = '<video autoplay muted playsinline style="width:300px"></video>';
    const v = document.querySelector('video');
    v.srcObject = await navigator.mediaDevices.getUserMedia({ video: true });
    await v.play();
    window.grabs = 0;
    const side = Math.min(v.videoWidth, v.videoHeight);
    const sx = (v.videoWidth - side) / 2;
    const sy = (v.videoHeight - side) / 2;
    const c = document.createElement('canvas');
    c.width = c.height = side;
    const every = (f) => setInterval(async () => { await f(); window.grabs++; }, 150);
    if (mode === '2d') {
      const ctx = c.getContext('2d', { willReadFrequently: true });
      every(() => { ctx.drawImage(v, sx, sy, side, side, 0, 0, side, side); ctx.getImageData(0, 0, side, side); });
    } else if (mode === 'webgl') {
      const gl = c.getContext('webgl', { preserveDrawingBuffer: true });
      gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.LINEAR);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      const buf = new Uint8Array(side * side * 4);
      every(() => { gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA, gl.RGBA, gl.UNSIGNED_BYTE, v); gl.clear(gl.COLOR_BUFFER_BIT); gl.readPixels(0, 0, side, side, gl.RGBA, gl.UNSIGNED_BYTE, buf); });
    } else if (mode === 'bitmap') {
      every(async () => (await createImageBitmap(v, sx, sy, side, side)).close());
    } else if (mode === 'vframe') {
      every(() => new VideoFrame(v).close());
    } else if (mode === 'copyto') {
      const buf = new Uint8Array(side * side * 4);
      every(async () => { const f = new VideoFrame(v); await f.copyTo(buf, { rect: { x: sx, y: sy, width: side, height: side } }); f.close(); });
    } else if (mode !== 'none') {
      throw new Error(`unknown mode ${mode}`);
    }
  })();
}

const dir = mkdtempSync(join(tmpdir(), 'beian-frame-memory-'));
const stub = await startStub();
const results = {};
let version;
try {
  const file = join(dir, 'nothing.y4m');
  writeQrY4m(file, [], { width: 1280, height: 720, share: 0.55, noise: 30, frames: 4 });
  for (const mode of MODES) {
    const browser = await launch(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${file}`]);
    version = browser.version();
    try {
      const cdp = await browser.newBrowserCDPSession();
      const page = await browser.newPage();
      // Any page of the stub's origin: a secure context (127.0.0.1) where getUserMedia works.
      await page.goto(`${stub.url}/frame-memory`);
      await page.evaluate(`(${grabLoop.toString()})(${JSON.stringify(mode)})`);
      const samples = [];
      for (let s = 0; s <= SECONDS; s += 10) {
        samples.push({ s, renderer_mb: await rssMb(cdp, 'renderer'), gpu_mb: await rssMb(cdp, 'GPU') });
        if (s < SECONDS) await page.waitForTimeout(10_000);
      }
      const grabs = await page.evaluate(() => window.grabs);
      results[mode] = { grabs, samples };
      console.log(`${mode.padEnd(6)} ${grabs} reads; renderers ${samples.map((x) => x.renderer_mb).join(' ')} MB; GPU process ${samples.map((x) => x.gpu_mb).join(' ')} MB`);
    } finally {
      await browser.close();
    }
  }
} finally {
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
}
const m = await machine();
console.log(`\nChromium ${version}; every 10 s for ${SECONDS} s; ${m.cores} cores, ${m.cpu}, load ${m.load}`);
writeResult('frame-memory', { chromium: version, machine: m, seconds: SECONDS, results });
