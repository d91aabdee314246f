// The benchmark page: three decoders, one set of RGBA pixels per input.
//
// - ours: `decode(width, height, rgba, photo)` exported by the QR worker's wasm (crates/scan-worker),
//   the decoder the app's worker and its main-thread fallback run (`decode_frame`, src/scan.rs) on
//   an RGBA picture, first code only; `photo` = true for stills (the photo route), false for
//   camera frames.
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

  /**
   * A damaged picture of a code (the damage benchmark, qr-damage.mjs), all seeded: the modules
   * (rows of "0"/"1", 4-module quiet zone) of `module` px, turned `angle` degrees in the plane and
   * tilted `tilt` degrees out of it (a pinhole view, axis at `axis` degrees), on a `width` x
   * `height` picture; 3x3 supersampled; `dark` / `light` grey levels (swapped for `invert`:
   * light-on-dark); light falling to `1 - shade` across the picture in direction `shadeDir`;
   * Gaussian blur of `sigma` px; sensor noise of `noise` grey levels (Gaussian sd); then JPEG at
   * `jpeg` (0..1) when given. Resolves to an input id.
   */
  async makeDamaged({ rows, width, height, module, angle = 0, tilt = 0, axis = 0, sigma = 0, dark = 30, light = 225, invert = false, shade = 0, shadeDir = 0, noise = 0, jpeg = 0, seed = 1 }) {
    const n = rows.length;
    const q = n + 8;
    const rand = mulberry32(seed);
    const gauss = () => {
      const u = Math.max(rand(), 1e-9);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    };
    // Corners of the quiet-zone square in the picture: a square of side q*module in a plane
    // tilted about an in-plane axis, seen by a pinhole camera of focal length 1.2 x width.
    const side = q * module;
    const f = 1.2 * Math.max(width, height);
    const rad = (d) => (d * Math.PI) / 180;
    const [ca, sa] = [Math.cos(rad(angle)), Math.sin(rad(angle))];
    const [cx, sx] = [Math.cos(rad(axis)), Math.sin(rad(axis))];
    const ct = Math.cos(rad(tilt));
    const st = Math.sin(rad(tilt));
    const project = (u, v) => {
      // square coordinates centred, rotated in plane
      let x = (u - q / 2) * module;
      let y = (v - q / 2) * module;
      [x, y] = [x * ca - y * sa, x * sa + y * ca];
      // component along the tilt axis stays, the one across it leans away in depth
      const along = x * cx + y * sx;
      const across = -x * sx + y * cx;
      const z = f + across * st;
      const a2 = across * ct;
      const X = along * cx - a2 * sx;
      const Y = along * sx + a2 * cx;
      return [width / 2 + (X * f) / z, height / 2 + (Y * f) / z];
    };
    // Homography from the unit square to the projected corners (Heckbert), then its inverse.
    const [p0, p1, p2, p3] = [project(0, 0), project(q, 0), project(q, q), project(0, q)];
    const dx1 = p1[0] - p2[0], dx2 = p3[0] - p2[0], dx3 = p0[0] - p1[0] + p2[0] - p3[0];
    const dy1 = p1[1] - p2[1], dy2 = p3[1] - p2[1], dy3 = p0[1] - p1[1] + p2[1] - p3[1];
    const den = dx1 * dy2 - dx2 * dy1;
    const g = (dx3 * dy2 - dx2 * dy3) / den;
    const h = (dx1 * dy3 - dx3 * dy1) / den;
    const H = [
      p1[0] - p0[0] + g * p1[0], p3[0] - p0[0] + h * p3[0], p0[0],
      p1[1] - p0[1] + g * p1[1], p3[1] - p0[1] + h * p3[1], p0[1],
      g, h, 1,
    ];
    const [a, b, c, d, e, ff, gg, hh, i] = H;
    const inv = [e * i - ff * hh, c * hh - b * i, b * ff - c * e, ff * gg - d * i, a * i - c * gg, c * d - a * ff, d * hh - e * gg, b * gg - a * hh, a * e - b * d];
    const ink = (u, v) => {
      // 1 = dark module, 0 = light (quiet zone included), -1 = outside the label
      if (u < 0 || v < 0 || u >= 1 || v >= 1) return -1;
      const mx = Math.floor(u * q) - 4;
      const my = Math.floor(v * q) - 4;
      return mx >= 0 && my >= 0 && mx < n && my < n && rows[my][mx] === '1' ? 1 : 0;
    };
    const [lo, hi] = invert ? [light, dark] : [dark, light];
    const ground = (dark + light) / 2 + (invert ? -0.25 : 0.25) * (light - dark);
    const px = new Float32Array(width * height);
    const ss = [-1 / 3, 0, 1 / 3];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let sum = 0;
        for (const oy of ss) {
          for (const ox of ss) {
            const X = x + 0.5 + ox;
            const Y = y + 0.5 + oy;
            const w = inv[6] * X + inv[7] * Y + inv[8];
            const k = ink((inv[0] * X + inv[1] * Y + inv[2]) / w, (inv[3] * X + inv[4] * Y + inv[5]) / w);
            sum += k < 0 ? ground : k ? lo : hi;
          }
        }
        px[y * width + x] = sum / 9;
      }
    }
    if (sigma > 0) {
      const r = Math.ceil(3 * sigma);
      const kern = [];
      let ks = 0;
      for (let t = -r; t <= r; t++) ks += kern[t + r] = Math.exp((-t * t) / (2 * sigma * sigma));
      for (let t = 0; t < kern.length; t++) kern[t] /= ks;
      const tmp = new Float32Array(width * height);
      const clampi = (v, m) => (v < 0 ? 0 : v >= m ? m - 1 : v);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          let s = 0;
          for (let t = -r; t <= r; t++) s += kern[t + r] * px[y * width + clampi(x + t, width)];
          tmp[y * width + x] = s;
        }
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          let s = 0;
          for (let t = -r; t <= r; t++) s += kern[t + r] * tmp[clampi(y + t, height) * width + x];
          px[y * width + x] = s;
        }
    }
    const img = new ImageData(width, height);
    const dd = img.data;
    const [ux, uy] = [Math.cos(rad(shadeDir)), Math.sin(rad(shadeDir))];
    const reach = Math.abs(ux) * width + Math.abs(uy) * height;
    for (let y = 0, k = 0; y < height; y++) {
      for (let x = 0; x < width; x++, k++) {
        // 0 on the bright edge, 1 on the far one
        const t = ((x - (ux < 0 ? width : 0)) * ux + (y - (uy < 0 ? height : 0)) * uy) / reach;
        const v = Math.round(px[k] * (1 - shade * t) + (noise ? noise * gauss() : 0));
        const c = v < 0 ? 0 : v > 255 ? 255 : v;
        dd[4 * k] = dd[4 * k + 1] = dd[4 * k + 2] = c;
        dd[4 * k + 3] = 255;
      }
    }
    if (!jpeg) return store(img);
    const cv = new OffscreenCanvas(width, height);
    cv.getContext('2d').putImageData(img, 0, 0);
    const blob = await cv.convertToBlob({ type: 'image/jpeg', quality: jpeg });
    const bmp = await createImageBitmap(blob);
    const out = new OffscreenCanvas(width, height);
    const ctx = out.getContext('2d', { willReadFrequently: true });
    ctx.drawImage(bmp, 0, 0);
    bmp.close();
    return store(ctx.getImageData(0, 0, width, height));
  },

  /** Input `id` as a PNG data URL (to look at a benchmark picture). */
  async png(id) {
    const img = inputs[id];
    const cv = new OffscreenCanvas(img.width, img.height);
    cv.getContext('2d').putImageData(img, 0, 0);
    const blob = await cv.convertToBlob({ type: 'image/png' });
    const buf = new Uint8Array(await blob.arrayBuffer());
    let s = '';
    for (let i = 0; i < buf.length; i += 0x8000) s += String.fromCharCode(...buf.subarray(i, i + 0x8000));
    return `data:image/png;base64,${btoa(s)}`;
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
