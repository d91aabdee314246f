// Shared by the QR benchmark scripts: paths from the environment, Chromium as the e2e specs launch
// it, a small static HTTP server (started and stopped by the script), the stub server, the sample
// folders with their expected texts (read as crates/scan/tests/golden.rs reads them), percentiles,
// and writing out/<name>.json.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startStub as startStubServing } from './common.mjs';

export { lastCode } from './common.mjs';

export const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const root = resolve(here, '../..');

/** Debian's Chromium, never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The launch flags of tests/e2e/playwright.config.ts (without the camera ones). */
export const baseArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Headless Chromium; `extraArgs` e.g. the fake-camera flags. */
export function launch(extraArgs = []) {
  return chromium.launch({ executablePath: chromiumPath, args: [...baseArgs, ...extraArgs] });
}

/** The release bundle (BEIAN_DIST, default dist/). */
export function distDir() {
  const dir = resolve(process.env.BEIAN_DIST ?? join(root, 'dist'));
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no release bundle in ${dir}: run \`cargo xtask dist\` or set BEIAN_DIST`);
  for (const f of ['scan_worker.js', 'scan_worker_bg.wasm']) {
    if (!existsSync(join(dir, f))) throw new Error(`${f} missing from ${dir}: the QR worker is not in this bundle`);
  }
  return dir;
}

/** The stub binary (BEIAN_STUB_BIN, default target/release/beian-stub). */

/** The sample folders (QR_SAMPLES, default crates/scan/samples in the repository). */
export function samplesDir() {
  const dir = resolve(process.env.QR_SAMPLES ?? join(root, 'crates/scan/samples'));
  if (!existsSync(join(dir, 'qrcode-1'))) throw new Error(`QR sample images not found at ${dir} (set QR_SAMPLES to the folder holding qrcode-1 .. qrcode-cn)`);
  return dir;
}

const IMAGE = /\.(png|jpe?g|webp)$/i;

/**
 * Every sample image, folder by folder in name order, with its expected bytes (NAME.txt) and,
 * for images holding a second symbol, that symbol's bytes (crates/scan/tests/golden-multi.txt).
 */
export function samples() {
  const dir = samplesDir();
  const multi = new Map();
  for (const line of readFileSync(join(root, 'crates/scan/tests/golden-multi.txt'), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [key, text] = line.split('\t');
    multi.set(key, Buffer.from(text.replaceAll('\\r', '\r').replaceAll('\\n', '\n').replaceAll('\\t', '\t'), 'utf8'));
  }
  const folders = readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory()).sort();
  return folders.map((folder) => ({
    folder,
    images: readdirSync(join(dir, folder))
      .filter((f) => IMAGE.test(f))
      .sort()
      .map((file) => ({
        key: `${folder}/${file}`,
        url: `/samples/${encodeURIComponent(folder)}/${encodeURIComponent(file)}`,
        expected: readFileSync(join(dir, folder, file.replace(IMAGE, '.txt'))),
        other: multi.get(`${folder}/${file}`) ?? null,
      })),
  }));
}

/** How a decoded text compares with the image's: ok, other (a second symbol), wrong, or none. */
export function judge(text, img) {
  if (text === null || text === undefined) return 'none';
  const got = Buffer.from(text, 'utf8');
  if (got.equals(img.expected)) return 'ok';
  if (img.other && got.equals(img.other)) return 'other';
  return 'wrong';
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.css': 'text/css',
};

/**
 * A static server on 127.0.0.1 (free port): `mounts` maps a URL prefix ("/dist/") to a folder.
 * Resolves to { url, close }.
 */
export async function serveStatic(mounts) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(dir, path.slice(prefix.length)));
      if (!(file + sep).startsWith(resolve(dir) + sep) && file !== resolve(dir)) break;
      if (!existsSync(file) || !statSync(file).isFile()) break;
      res.writeHead(200, { 'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(readFileSync(file));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

/** Starts the stub serving the bundle on a free port (common.mjs's), once the bundle is known to
 * carry the QR worker; resolves to { url, pid, stop }. */
export async function startStub() {
  distDir();
  return startStubServing();
}

/** The p-th percentile (0..1) by nearest rank, as crates/scan/examples/bench.rs computes it. */
export function pct(xs, p) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.round((s.length - 1) * p)];
}

export const ms = (x) => (Number.isFinite(x) ? x.toFixed(1) : '-');

/** Writes out/<name>.json beside the scripts. */
export function writeResult(name, data) {
  const dir = join(here, 'out');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  console.log(`written: ${file}`);
}

/** The module matrices of tests/e2e/qr-codes.json (made by a real encoder): text -> rows of 0/1. */
export function qrMatrices() {
  return JSON.parse(readFileSync(join(root, 'tests/e2e/qr-codes.json'), 'utf8'));
}

/**
 * Serves the bundle, node_modules, this folder and the samples from a local server and opens the
 * benchmark page (lib/qr-page.html) in headless Chromium with the three decoders loaded.
 * Resolves to { page, browser, version, close }; `close` stops the browser and the server.
 */
export async function openBenchPage() {
  const server = await serveStatic({
    '/dist/': distDir(),
    '/nm/': join(here, 'node_modules'),
    '/lib/': join(here, 'lib'),
    '/samples/': samplesDir(),
  });
  let browser;
  try {
    browser = await launch();
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/lib/qr-page.html`);
    await page.waitForFunction(() => window.bench, null, { timeout: 20_000 }).catch(() => {
      throw new Error(`the benchmark page did not load: ${errors.join('; ') || 'no error reported'}`);
    });
    const ready = await page.evaluate(() => window.bench.init());
    if (!ready.jsQR || !ready.ours) throw new Error(`a decoder did not load: ${JSON.stringify(ready)}`);
    return {
      page,
      browser,
      version: browser.version(),
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.close();
    throw e;
  }
}

/** One line about the machine: cores, CPU model, load. */
export async function machine() {
  const os = await import('node:os');
  const cpus = os.cpus();
  return { cores: cpus.length, cpu: cpus[0]?.model ?? 'unknown', load: os.loadavg().map((l) => l.toFixed(2)).join(' ') };
}
