// Release bundle size: every file of BEIAN_DIST raw, gzip (level 9) and brotli (quality 11, Node's
// zlib), and the first load: what a first visit downloads before the app is usable (index.html and
// the app's JS, wasm and CSS that it references): a cold home, the entry of every visit. A cold
// /sign-in (signed out) also fetches the sign-in page's chunks, which index.html's first screen
// starts beside the main module: that sum is printed apart. The QR worker's files are fetched only
// on the scan page, and the icons and manifest are fetched by the browser after the app runs: both
// are reported apart. Goal: first load <= 250 KB brotli (KB = 1000 bytes); issue 22's target: <= 200 KB, printed
// beside it (BENCHMARKS.md, "First load", says where the bytes are).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { distDir, writeResult, kb } from './lib/common.mjs';

const GOAL_BROTLI = 250_000;
const TARGET_BROTLI = 200_000;
const dist = distDir();

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function sizes(buf) {
  return {
    raw: buf.length,
    gzip: gzipSync(buf, { level: 9 }).length,
    brotli: brotliCompressSync(buf, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      },
    }).length,
  };
}

// `.br`: the build's precompressed copies of the files below (what the stub serves), not files of their own.
const files = walk(dist)
  .filter((path) => !path.endsWith('.br'))
  .map((path) => ({ file: relative(dist, path), ...sizes(readFileSync(path)) }))
  .sort((a, b) => b.raw - a.raw);

// The first load: index.html and what it references (script, modulepreload, preload, stylesheet),
// the URLs its inline loader names (the app's _bg.wasm), and every module those scripts import
// statically (wasm-bindgen's snippets, the split link module `beian_split.js`). The app's other
// .wasm files are the chunks that load per page (xtask/src/split.rs); worker files are the scan page's.
const index = readFileSync(join(dist, 'index.html'), 'utf8');
// The sign-in page's chunks, which the first screen fetches on a cold /sign-in only
// (`[...].forEach` in its boot script, written by `cargo xtask post-build`).
const signInList = index.match(/\[((?:\s*'[^']+\.wasm',?)+)\s*\]\.forEach/);
if (!signInList) throw new Error('index.html has no list of the sign-in page\'s chunks (xtask/src/split.rs)');
const signIn = new Set([...signInList[1].matchAll(/'\/?([^']+)'/g)].map((m) => m[1]));
const html = index.replace(signInList[0], '');
const referenced = new Set(['index.html']);
for (const m of html.matchAll(/(?:href|src)="\/?([^"]+)"/g)) referenced.add(m[1].replace(/^\.\//, ''));
for (const m of html.matchAll(/['"]\/?([\w./-]+\.(?:js|wasm))['"]/g)) referenced.add(m[1]);
const pending = [...referenced].filter((f) => f.endsWith('.js'));
while (pending.length) {
  const file = pending.pop();
  let js;
  try { js = readFileSync(join(dist, file), 'utf8'); } catch { continue; }
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  for (const m of js.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[;\s])import\s*['"]([^'"]+)['"]/g)) {
    const spec = m[1] ?? m[2];
    if (!spec.startsWith('.') && !spec.startsWith('/')) continue;
    const resolved = new URL(spec, `http://x/${base}`).pathname.slice(1);
    if (!referenced.has(resolved)) { referenced.add(resolved); pending.push(resolved); }
  }
}
const isWorker = (f) => /^scan_worker/.test(f);
const group = (f) => {
  if (isWorker(f)) return 'qr-worker';
  if (referenced.has(f) && /\.(html|js|wasm|css)$/.test(f)) return 'first-load';
  if (signIn.has(f)) return 'sign-in';
  if (f.endsWith('.wasm')) return 'page-chunks';
  return 'later';
};
for (const f of files) f.group = group(f.file);

const total = (g) => files.filter((f) => f.group === g).reduce(
  (t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, brotli: t.brotli + f.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
const totals = { 'first-load': total('first-load'), 'sign-in': total('sign-in'), 'page-chunks': total('page-chunks'), 'qr-worker': total('qr-worker'), later: total('later') };

const pad = (s, n) => String(s).padStart(n);
console.log(`release bundle: ${dist}  (KB = 1000 bytes; gzip -9, brotli q11, Node ${process.version} zlib)\n`);
console.log(`${'file'.padEnd(44)} ${pad('raw KB', 9)} ${pad('gzip KB', 9)} ${pad('brotli KB', 10)}  group`);
for (const f of files) {
  console.log(`${f.file.padEnd(44)} ${pad(kb(f.raw), 9)} ${pad(kb(f.gzip), 9)} ${pad(kb(f.brotli), 10)}  ${f.group}`);
}
console.log('');
for (const [g, t] of Object.entries(totals)) {
  console.log(`${('total ' + g).padEnd(44)} ${pad(kb(t.raw), 9)} ${pad(kb(t.gzip), 9)} ${pad(kb(t.brotli), 10)}`);
}
const met = totals['first-load'].brotli <= GOAL_BROTLI;
console.log(`\ngoal: first load <= ${kb(GOAL_BROTLI)} KB brotli: ${met ? 'met' : 'NOT met'} (${kb(totals['first-load'].brotli)} KB)`);

const onTarget = totals['first-load'].brotli <= TARGET_BROTLI;
console.log(`target (issue 22): first load <= ${kb(TARGET_BROTLI)} KB brotli: ${onTarget ? 'met' : 'NOT met'} (${kb(Math.max(0, totals['first-load'].brotli - TARGET_BROTLI))} KB over)`);
const coldSignIn = totals['first-load'].brotli + totals['sign-in'].brotli;
console.log(`a cold /sign-in, signed out (first load + the sign-in page's ${signIn.size} chunks, fetched beside the main module): ${kb(coldSignIn)} KB brotli (${coldSignIn <= TARGET_BROTLI ? 'within' : 'over'} ${kb(TARGET_BROTLI)} KB)`);

writeResult('size', {
  dist, unit: 'bytes', files, totals, cold_sign_in_brotli: coldSignIn,
  goal: { first_load_brotli_max: GOAL_BROTLI, met },
  target: { first_load_brotli_max: TARGET_BROTLI, met: onTarget },
});
