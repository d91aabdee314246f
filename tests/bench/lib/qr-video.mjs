// A YUV4MPEG2 video of a code for Chromium's fake camera (`--use-file-for-fake-video-capture`):
// the same rendering as tests/e2e/qr-images.ts (`renderGrey`, `writeQrY4m`), in plain ESM so the
// benchmark scripts run under Node without a TypeScript step. Keep the two in step.
import { writeFileSync } from 'node:fs';

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Grey pixels of the code (`rows` of "0"/"1"): dark 30, light 225, background 200. */
export function renderGrey(rows, r) {
  const m = rows.map((row) => [...row].map((c) => c === '1'));
  const n = m.length + 8; // 4-module quiet zone on each side
  const { width, height } = r;
  const side = Math.min(width, height) * (r.share ?? 0.6);
  const a = ((r.angle ?? 0) * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const keystone = r.keystone ?? 0;
  const rand = mulberry32(r.seed ?? 1);
  const out = new Uint8Array(width * height);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const dy = y - cy;
      let u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const vy = v / side + 0.5;
      u = u / (1 + keystone * (vy - 0.5));
      const mx = Math.floor((u / side + 0.5) * n) - 4;
      const my = Math.floor(vy * n) - 4;
      let g;
      if (u / side + 0.5 < 0 || u / side + 0.5 >= 1 || vy < 0 || vy >= 1) g = 200;
      else if (mx < 0 || my < 0 || mx >= m.length || my >= m.length) g = 225;
      else g = m[my][mx] ? 30 : 225;
      if (r.noise) g += (rand() * 2 - 1) * r.noise;
      out[y * width + x] = Math.max(0, Math.min(255, Math.round(g)));
    }
  }
  return out;
}

/** Writes a 4:2:0 video (grey chroma) of `frames` frames, each with its own noise; 10 fps. */
export function writeQrY4m(file, rows, r) {
  const { width, height } = r;
  const frames = r.frames ?? 6;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts = [header];
  for (let f = 0; f < frames; f++) {
    parts.push(Buffer.from('FRAME\n', 'ascii'), Buffer.from(renderGrey(rows, { ...r, seed: (r.seed ?? 1) + f })), chroma);
  }
  writeFileSync(file, Buffer.concat(parts));
}
