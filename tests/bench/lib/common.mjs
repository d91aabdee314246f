// Shared by the benchmark scripts: paths from the environment, Chromium as the e2e specs launch it,
// the stub server (started on a free port, stopped by PID), and writing out/<name>.json.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const root = resolve(here, '../..');

/** Debian's Chromium, never a downloaded browser. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The launch flags of tests/e2e/playwright.config.ts (those that work as root on these machines). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/** The release bundle (BEIAN_DIST, default dist/). */
export function distDir() {
  const dir = resolve(process.env.BEIAN_DIST ?? join(root, 'dist'));
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no release bundle in ${dir}: run \`cargo xtask dist\` or set BEIAN_DIST`);
  return dir;
}

/** The stub binary (BEIAN_STUB_BIN, default target/release/beian-stub). */
export function stubBin() {
  const bin = resolve(process.env.BEIAN_STUB_BIN ?? join(root, 'target/release/beian-stub'));
  if (!existsSync(bin)) throw new Error(`no stub binary at ${bin}: run \`cargo build --release -p beian-stub\` or set BEIAN_STUB_BIN`);
  return bin;
}

/** The last `purpose` code (sign_in, owner_consent, …) the stub sent to `to` by SMS (its sandbox
 * outbox), waiting up to 5 s for it. */
export async function lastCode(base, to, purpose = 'sign_in') {
  for (let i = 0; i < 50; i++) {
    const { messages } = await (await fetch(`${base}/sandbox/sms`)).json();
    const found = messages.filter((m) => m.to === to && m.purpose === purpose && m.code).pop();
    if (found) return found.code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${purpose} code was sent to ${to}`);
}

/** Starts the stub serving the bundle on a free port; resolves to { url, stop }. */
export async function startStub() {
  const child = spawn(stubBin(), ['--addr', '127.0.0.1:0', '--dist', distDir()], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('the stub did not print its address within 15 s')), 15_000);
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const m = buffer.match(/beian-stub listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => fail(new Error(`the stub exited early with ${code}`)));
  });
  child.stdout.resume();
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => { try { process.kill(child.pid, 'SIGKILL'); } catch {} }, 3_000);
    await exited;
    clearTimeout(timer);
  };
  return { url, pid: child.pid, stop };
}

/** Writes out/<name>.json beside the scripts. */
export function writeResult(name, data) {
  const dir = join(here, 'out');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  console.log(`\nwritten: ${file}`);
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

export const kb = (bytes) => (bytes / 1000).toFixed(1);
