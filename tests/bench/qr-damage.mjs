// The damage benchmark: generated, seeded pictures of QR codes under one kind of damage each (and
// combinations), decoded in one headless Chromium page by this project's decoder (the QR worker's
// wasm: camera effort as the live scanner calls it, frame after frame, and photo effort as the
// photo route calls it on a still), zxing-wasm (zxing-cpp: a still, and the same frames as the
// camera effort) and jsQR (a still). No stored image: the codes come from a real encoder (the
// `qrcode` crate, crates/scan/examples/qr_damage_codes.rs: versions 1-10, levels L/M/Q/H, Chinese
// and Latin payloads) and the page draws every picture from a seed (lib/qr-page.mjs,
// `makeDamaged`). Prints per damage kind: decoded (and wrong) for each decoder, and the median and
// p95 time per decode; checks the goals of issue 21. Writes out/qr-damage.json.
//
//   DAMAGE_PER_KIND (default 40) pictures per kind; DAMAGE_SEED (default 21); DAMAGE_FRAMES
//   (default 6) frames per picture for the camera; DAMAGE_DUMP=DIR/damage writes every picture
//   there as a PNG with its text (NAME.txt), a folder the native benchmark reads
//   (`cargo run --release -p beian-scan --example bench -- camera DIR`).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { machine, ms, openBenchPage, pct, root, writeResult } from './lib/qr-common.mjs';

const PER_KIND = Number(process.env.DAMAGE_PER_KIND ?? 40);
const SEED = Number(process.env.DAMAGE_SEED ?? 21);
const MAX_SIDE = 720; // the scanner hands the decoder the frame's centre square, at most 720 px

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each damage kind sets its own parameters over a mild base (a sharp-ish, evenly lit, high-contrast
// print at 3-6 px per module, any rotation, a slight tilt, sensor noise).
const DAMAGE = {
  blur: (p, r) => { p.sigma = 0.5 + 1.5 * r(); },
  'light-on-dark': (p, r) => { p.invert = true; p.sigma = Math.max(p.sigma, 0.8 * r()); },
  'small modules': (p, r) => { p.module = 1.5 + 0.7 * r(); p.sigma = Math.max(p.sigma, 0.3 + 0.3 * r()); },
  perspective: (p, r) => { p.tilt = 10 + 15 * r(); },
  jpeg: (p, r) => { p.jpeg = 0.15 + 0.25 * r(); },
  contrast: (p, r) => {
    const range = 60 + 60 * r();
    const mid = 90 + 80 * r();
    p.dark = mid - range / 2;
    p.light = mid + range / 2;
  },
  'uneven light': (p, r) => { p.shade = 0.45 + 0.25 * r(); },
};
const SINGLE = Object.keys(DAMAGE);
const KINDS = [...SINGLE, 'combined'];

function params(kind, code, r) {
  const p = {
    rows: code.rows,
    module: 3 + 3 * r(),
    angle: 360 * r(),
    tilt: 5 * r(),
    axis: 180 * r(),
    sigma: 0.3 * r(),
    dark: 20 + 40 * r(),
    light: 190 + 50 * r(),
    invert: false,
    shade: 0.15 * r(),
    shadeDir: 360 * r(),
    noise: 2,
    jpeg: 0,
  };
  let applied = [kind];
  if (kind === 'combined') {
    // Two or three different kinds at once.
    const pool = [...SINGLE];
    applied = [];
    const count = 2 + Math.floor(2 * r());
    while (applied.length < count) applied.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  }
  for (const k of applied) DAMAGE[k](p, r);
  const q = code.rows.length + 8;
  const side = q * p.module;
  const share = Math.max(0.45 + 0.3 * r(), (side * 1.15) / MAX_SIDE);
  p.width = Math.min(MAX_SIDE, Math.round(side / share));
  p.height = Math.min(MAX_SIDE, Math.round(p.width * (0.8 + 0.45 * r())));
  if (p.height < side * 1.15) p.height = Math.min(MAX_SIDE, Math.ceil(side * 1.15));
  p.seed = Math.floor(r() * 2 ** 31);
  return { p, applied };
}

// The live scanner sends a frame about every 150 ms plus the decode time: FRAMES frames are
// about a second of it. Each further frame is the same scene with new sensor noise.
const FRAMES = Number(process.env.DAMAGE_FRAMES ?? 6);
const DECODERS = [
  ['camera', `beian-scan, camera effort (up to ${FRAMES} frames)`],
  ['photo', 'beian-scan, photo effort (a still)'],
  ['zxing', 'zxing-wasm 3.1.4 (zxing-cpp), a still'],
  ['zxingv', `zxing-wasm, up to ${FRAMES} frames`],
  ['jsqr', 'jsQR 1.4.0, a still'],
];
/** Decoders given successive frames until one reads the code (the live scanner's way). */
const BURST = new Set(['camera', 'zxingv']);

const total = PER_KIND * KINDS.length;
const codes = JSON.parse(
  execFileSync('cargo', ['run', '--release', '-q', '-p', 'beian-scan', '--example', 'qr_damage_codes', '--', String(SEED), String(total)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  }),
);

const bench = await openBenchPage();
const { page } = bench;
const rows = [];
try {
  let n = 0;
  for (const [ki, kind] of KINDS.entries()) {
    const r = mulberry32(SEED * 1000 + ki);
    for (let i = 0; i < PER_KIND; i++) {
      const code = codes[ki * PER_KIND + i];
      const { p, applied } = params(kind, code, r);
      const input = await page.evaluate((p) => window.bench.makeDamaged(p), p);
      if (n === 0) {
        // Warm-up (compilation, first allocations), not counted.
        for (const [d] of DECODERS) await page.evaluate(([id, d]) => window.bench.decode(id, d === 'zxing' || d === 'jsqr' ? d : 'ours', d === 'photo'), [input.id, d]);
      }
      if (process.env.DAMAGE_DUMP) {
        mkdirSync(process.env.DAMAGE_DUMP, { recursive: true });
        const url = await page.evaluate((id) => window.bench.png(id), input.id);
        const base = `${process.env.DAMAGE_DUMP}/${kind.replaceAll(' ', '-')}-${i}`;
        writeFileSync(`${base}.png`, Buffer.from(url.split(',')[1], 'base64'));
        writeFileSync(`${base}.txt`, code.text);
      }
      const { rows: _, ...shown } = p;
      const row = { kind, applied, version: code.version, ec: code.ec, chinese: code.chinese, params: shown };
      const frames = [input.id];
      for (let k = 0; k < DECODERS.length; k++) {
        // Rotate the order, so no decoder always runs first after a picture is made.
        const [d] = DECODERS[(n + k) % DECODERS.length];
        const which = d === 'camera' || d === 'photo' ? 'ours' : d === 'zxingv' ? 'zxing' : d;
        const times = [];
        let text = null;
        for (let f = 0; f < (BURST.has(d) ? FRAMES : 1) && text === null; f++) {
          if (f >= frames.length) frames.push((await page.evaluate((p) => window.bench.makeDamaged(p), { ...p, seed: p.seed + f })).id);
          const res = await page.evaluate(([id, w, photo]) => window.bench.decode(id, w, photo), [frames[f], which, d === 'photo']);
          times.push(res.ms);
          text = res.text;
        }
        const status = text === null ? 'none' : text === code.text ? 'ok' : 'wrong';
        row[d] = { status, ms: times, frames: times.length, ...(status === 'wrong' ? { text } : {}) };
      }
      for (const id of frames.slice(1)) await page.evaluate((id) => window.bench.drop(id), id);
      await page.evaluate((id) => window.bench.drop(id), input.id);
      rows.push(row);
      n++;
    }
  }
} finally {
  await bench.close();
}

const m = await machine();
console.log(`QR damage benchmark, ${PER_KIND} pictures per kind (seed ${SEED}), one headless Chromium page (${bench.version}); ${m.cores} cores, ${m.cpu}, load ${m.load}`);
const count = (rs, d, s) => rs.filter((x) => x[d].status === s).length;
console.log(`\n| damage | ${DECODERS.map(([, name]) => name).join(' | ')} |`);
console.log(`|---|${DECODERS.map(() => '---').join('|')}|`);
const summary = { per_kind: {}, all: {}, time: {} };
for (const kind of [...KINDS, 'all']) {
  const rs = kind === 'all' ? rows : rows.filter((x) => x.kind === kind);
  const cells = DECODERS.map(([d]) => {
    const t = { ok: count(rs, d, 'ok'), wrong: count(rs, d, 'wrong'), none: count(rs, d, 'none') };
    (kind === 'all' ? summary.all : (summary.per_kind[kind] ??= {}))[d] = t;
    return `${t.ok}${t.wrong ? ` (${t.wrong} wrong)` : ''}`;
  });
  console.log(`| ${kind === 'all' ? `**all** (${rs.length})` : `${kind} (${rs.length})`} | ${cells.join(' | ')} |`);
}
console.log('\n| decoder | median ms per decode | p95 ms | median ms, decoded only (last frame) |');
console.log('|---|---|---|---|');
for (const [d, name] of DECODERS) {
  const times = rows.flatMap((x) => x[d].ms);
  const okTimes = rows.filter((x) => x[d].status === 'ok').map((x) => x[d].ms.at(-1));
  summary.time[d] = { median_ms: pct(times, 0.5), p95_ms: pct(times, 0.95), median_ok_ms: pct(okTimes, 0.5) };
  console.log(`| ${name} | ${ms(summary.time[d].median_ms)} | ${ms(summary.time[d].p95_ms)} | ${ms(summary.time[d].median_ok_ms)} |`);
}

const zx = summary.all.zxing.ok;
// Camera effort against zxing-wasm given the same frames.
const lagging = KINDS.filter((k) => summary.per_kind[k].camera.ok < summary.per_kind[k].zxingv.ok);
const wrong = summary.all.camera.wrong + summary.all.photo.wrong;
const goals = {
  camera_each_kind: { lagging, met: lagging.length === 0 },
  photo_overall: { photo: summary.all.photo.ok, zxing: zx, met: summary.all.photo.ok >= 1.05 * zx },
  camera_time: { ours: summary.time.camera.median_ms, zxing: summary.time.zxing.median_ms, met: summary.time.camera.median_ms <= 2 * summary.time.zxing.median_ms },
  photo_time: { ours: summary.time.photo.median_ms, zxing: summary.time.zxing.median_ms, met: summary.time.photo.median_ms <= 2 * summary.time.zxing.median_ms },
  wrong: { ours: wrong, met: wrong === 0 },
};
const say = (ok) => (ok ? 'met' : 'NOT met');
console.log(`\ngoal: camera effort >= zxing-wasm (same frames) on every kind: ${lagging.length ? `behind on ${lagging.join(', ')}` : 'yes'}: ${say(goals.camera_each_kind.met)}`);
console.log(`goal: photo effort >= 1.05 x zxing-wasm overall: ${summary.all.photo.ok} vs ${zx} (${(summary.all.photo.ok / zx).toFixed(3)}x): ${say(goals.photo_overall.met)}`);
console.log(`goal: median time <= 2 x zxing-wasm's: camera ${ms(summary.time.camera.median_ms)}, photo ${ms(summary.time.photo.median_ms)} vs ${ms(summary.time.zxing.median_ms)} ms: ${say(goals.camera_time.met && goals.photo_time.met)}`);
console.log(`goal: 0 wrong decodes (both efforts): ${wrong}: ${say(goals.wrong.met)}`);
for (const x of rows) for (const [d] of DECODERS) if (x[d].status === 'wrong') console.log(`  wrong: ${d} ${x.kind} v${x.version}: ${JSON.stringify(x[d].text).slice(0, 80)}`);
writeResult('qr-damage', { chromium: bench.version, machine: m, per_kind: PER_KIND, seed: SEED, summary, goals, pictures: rows });
