// Test images of QR codes, rendered here from module matrices that a real encoder produced
// (qr-codes.json, from `cargo run -p beian-scan --example qr_matrix -- TEXT…`): stills as PNG
// for the photo route, and YUV4MPEG2 videos for Chromium's fake camera
// (`--use-file-for-fake-video-capture`). Angle, keystone and noise are parameters, drawn from a
// seeded generator, so every run sees the same pixels.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const MATRICES: Record<string, string[]> = JSON.parse(readFileSync(join(__dirname, 'qr-codes.json'), 'utf8'));

/** The module matrix of `text` (must be in qr-codes.json). */
export function matrix(text: string): boolean[][] {
  const rows = MATRICES[text];
  if (!rows) throw new Error(`no matrix for ${text}: add it to qr-codes.json with the qr_matrix example`);
  return rows.map((r) => [...r].map((c) => c === '1'));
}

function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Render = {
  width: number;
  height: number;
  /** Side of the code (quiet zone included) as a share of the shorter image side. */
  share?: number;
  /** Rotation in degrees. */
  angle?: number;
  /** Keystone: how much wider the bottom is than the top (0 = none, 0.15 = 15 %). */
  keystone?: number;
  /** Amplitude of the added noise (grey levels, ±). */
  noise?: number;
  seed?: number;
};

/** Renders `text`'s code as a grey image: dark modules 30, light 225, background 200. */
export function renderGrey(text: string, r: Render): Uint8Array {
  const m = matrix(text);
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
      // Inverse of: code square -> keystone -> rotate -> place at the centre.
      const dx = x - cx;
      const dy = y - cy;
      let u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      const vy = v / side + 0.5; // 0 at the top of the code, 1 at the bottom
      u = u / (1 + keystone * (vy - 0.5));
      const mx = Math.floor((u / side + 0.5) * n) - 4;
      const my = Math.floor(vy * n) - 4;
      let g: number;
      if (u / side + 0.5 < 0 || u / side + 0.5 >= 1 || vy < 0 || vy >= 1) g = 200;
      else if (mx < 0 || my < 0 || mx >= m.length || my >= m.length) g = 225;
      else g = m[my][mx] ? 30 : 225;
      if (r.noise) g += (rand() * 2 - 1) * r.noise;
      out[y * width + x] = Math.max(0, Math.min(255, Math.round(g)));
    }
  }
  return out;
}

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A greyscale PNG of the pixels. */
export function pngGrey(width: number, height: number, grey: Uint8Array): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(grey.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG still of `text`'s code for the photo route. */
export function qrPng(text: string, r: Partial<Render> = {}): Buffer {
  const width = r.width ?? 800;
  const height = r.height ?? 600;
  return pngGrey(width, height, renderGrey(text, { width, height, ...r }));
}

/**
 * Writes a YUV4MPEG2 video (4:2:0, grey chroma) of `text`'s code to `file`: `frames` frames,
 * each with its own noise, for Chromium's `--use-file-for-fake-video-capture` (it loops).
 */
export function writeQrY4m(file: string, text: string, r: Render & { frames?: number }) {
  const { width, height } = r;
  const frames = r.frames ?? 6;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const parts: Buffer[] = [header];
  for (let f = 0; f < frames; f++) {
    const y = renderGrey(text, { ...r, seed: (r.seed ?? 1) + f });
    parts.push(Buffer.from('FRAME\n', 'ascii'), Buffer.from(y), chroma);
  }
  writeFileSync(file, Buffer.concat(parts));
}
