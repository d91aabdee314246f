// The benchmark page: three decoders, one set of RGBA pixels per input.
//
// - ours: `decode(width, height, rgba, photo)` exported by the QR worker's wasm (crates/scan-worker),
//   the call the app's main-thread fallback (src/scan.rs) makes and the same decode_rgba the worker
//   runs; `photo` = true for stills (the photo route), false for camera frames.
// - jsQR 1.4.0 with its defaults (inversionAttempts "attemptBoth").
// - zxing-wasm (zxing-cpp) `readBarcodes` with its defaults (tryHarder, tryRotate, tryInvert,
//   tryDownscale), QR codes only, one symbol, plain text; its wasm from a local URL.
import { prepareZXingModule, readBarcodes } from '/nm/zxing-wasm/dist/es/reader/index.js';

const inputs = [];

/** As the app's `image::fit_within`: long side at most `max`, aspect kept, each side >= 1. */
function fitWithin(w, h, max) {
  const long = Math.max(w, h);
  if (long <= max) return [Math.max(w, 1), Math.max(h, 1)];
  const s = max / long;
  const side = (v) => Math.min(Math.max(Math.round(v * s), 1), max);
  return [side(w), side(h)];
}

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function store(imageData) {
  inputs.push(imageData);
  return { id: inputs.length - 1, width: imageData.width, height: imageData.height };
}

/** The centre square of an input, at most `maxSide` (as the scanner's `camera::grab_center`). */
function centre(img, maxSide) {
  const side = Math.min(img.width, img.height);
  const out = Math.min(side, maxSide);
  const src = new OffscreenCanvas(img.width, img.height);
  src.getContext('2d').putImageData(img, 0, 0);
  const cv = new OffscreenCanvas(out, out);
  const ctx = cv.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(src, (img.width - side) >> 1, (img.height - side) >> 1, side, side, 0, 0, out, out);
  return ctx.getImageData(0, 0, out, out);
}

window.bench = {
  async init() {
    // no-modules glue: the same call the app's fallback makes.
    await wasm_bindgen('/dist/scan_worker_bg.wasm');
    prepareZXingModule({
      overrides: {
        locateFile: (path, prefix) => (path.endsWith('.wasm') ? `/nm/zxing-wasm/dist/reader/${path}` : prefix + path),
      },
    });
    // Load zxing's wasm now (a decode of a blank image), not inside the first timed call.
    await readBarcodes(new ImageData(8, 8), { formats: ['QRCode'] });
    return { jsQR: typeof jsQR === 'function', ours: typeof wasm_bindgen.decode === 'function' };
  },

  /** A still as the app's photo route reads it (`image::rgba_of`): white under it, long side <= 1600. */
  async loadStill(url) {
    const blob = await (await fetch(url)).blob();
    const bmp = await createImageBitmap(blob);
    const [tw, th] = fitWithin(bmp.width, bmp.height, 1600);
    const cv = new OffscreenCanvas(tw, th);
    const ctx = cv.getContext('2d', { willReadFrequently: true });
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, tw, th);
    ctx.drawImage(bmp, 0, 0, tw, th);
    bmp.close();
    return { ...store(ctx.getImageData(0, 0, tw, th)), source: [bmp.width, bmp.height] };
  },

  /**
   * A camera-like frame: the code's modules (rows of "0"/"1", 4-module quiet zone) drawn at
   * `share` of the shorter side, turned `angle` degrees, foreshortened by `tilt` degrees, on a
   * grey gradient, under uneven light, blurred by `blur` px (Gaussian sigma) and with noise of
   * amplitude `noise` grey levels (seeded, so every run sees the same pixels).
   */
  makeFrame({ rows, width, height, share, angle, tilt = 0, blur = 0, noise = 0, seed = 1, dx = 0, dy = 0 }) {
    const n = rows.length;
    const q = n + 8;
    const code = new OffscreenCanvas(q, q);
    const c = code.getContext('2d');
    c.fillStyle = 'rgb(225,225,225)';
    c.fillRect(0, 0, q, q);
    c.fillStyle = 'rgb(30,30,30)';
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (rows[y][x] === '1') c.fillRect(x + 4, y + 4, 1, 1);
    const sharp = new OffscreenCanvas(width, height);
    const s = sharp.getContext('2d');
    const g = s.createLinearGradient(0, 0, width, height);
    g.addColorStop(0, 'rgb(175,170,165)');
    g.addColorStop(1, 'rgb(95,100,105)');
    s.fillStyle = g;
    s.fillRect(0, 0, width, height);
    const side = Math.min(width, height) * share;
    s.translate(width / 2 + dx, height / 2 + dy);
    s.rotate((angle * Math.PI) / 180);
    s.scale((side / q) * Math.cos((tilt * Math.PI) / 180), side / q);
    s.imageSmoothingEnabled = false;
    s.drawImage(code, -q / 2, -q / 2);
    const out = new OffscreenCanvas(width, height);
    const ctx = out.getContext('2d', { willReadFrequently: true });
    if (blur > 0) ctx.filter = `blur(${blur}px)`;
    ctx.drawImage(sharp, 0, 0);
    const img = ctx.getImageData(0, 0, width, height);
    const d = img.data;
    const rand = mulberry32(seed);
    for (let y = 0, i = 0; y < height; y++) {
      for (let x = 0; x < width; x++, i += 4) {
        const light = 0.7 + 0.3 * (x / width); // light falling off to the left
        const e = noise ? (rand() * 2 - 1) * noise : 0;
        for (let k = 0; k < 3; k++) d[i + k] = Math.max(0, Math.min(255, Math.round(d[i + k] * light + e)));
        d[i + 3] = 255;
      }
    }
    return store(img);
  },

  /** The centre square (at most 720 px) of input `id`, as a new input: what the scanner decodes. */
  centre(id, maxSide = 720) {
    return store(centre(inputs[id], maxSide));
  },

  /** Drops the inputs (memory) from `from` on. */
  drop(from = 0) {
    for (let i = from; i < inputs.length; i++) inputs[i] = null;
  },

  /** Decodes input `id` with `which`; { text | null, ms }. */
  async decode(id, which, photo = false) {
    const img = inputs[id];
    let text = null;
    let t0;
    let t1;
    if (which === 'ours') {
      const rgba = new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.byteLength);
      t0 = performance.now();
      text = wasm_bindgen.decode(img.width, img.height, rgba, photo) ?? null;
      t1 = performance.now();
    } else if (which === 'jsqr') {
      t0 = performance.now();
      const r = jsQR(img.data, img.width, img.height);
      t1 = performance.now();
      text = r ? r.data : null;
    } else if (which === 'zxing') {
      t0 = performance.now();
      const r = await readBarcodes(img, { formats: ['QRCode'], maxNumberOfSymbols: 1, textMode: 'Plain' });
      t1 = performance.now();
      const hit = r.find((x) => x.isValid);
      text = hit ? hit.text : null;
    } else {
      throw new Error(`unknown decoder ${which}`);
    }
    return { text, ms: t1 - t0 };
  },
};
