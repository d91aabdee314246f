// Shared fixtures: one stub API server per worker (serving the release build from dist/),
// reset before every test; helpers for the sandbox (SMS outbox, clock, faults) and axe-core;
// `ui`, the page as the shared walks (walks/*.ts) see it.
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import type { SandboxApi, Ui } from './ui';
import { PlaywrightUi } from './ui-playwright';

export { expect };

export type StubServer = { url: string; process: ChildProcess };

/** Starts a stub server serving the app from `dist` (the build under test by default). */
export async function startStub(dist = process.env.BEIAN_DIST): Promise<StubServer> {
  const bin = process.env.BEIAN_STUB_BIN;
  if (!bin || !dist) throw new Error('BEIAN_STUB_BIN and BEIAN_DIST must be set (run the specs with `cargo xtask test`)');
  const child = spawn(bin, ['--addr', '127.0.0.1:0', '--dist', dist], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stub did not print its address within 15 s')), 15_000);
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = buffer.match(/beian-stub listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`the stub exited early with ${code}`)));
  });
  return { url, process: child };
}

export async function stopStub(stub: StubServer) {
  if (stub.process.exitCode !== null) return;
  const exited = new Promise((r) => stub.process.once('exit', r));
  stub.process.kill('SIGTERM');
  const timer = setTimeout(() => stub.process.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

/** The stub's sandbox, as tests drive it. */
export class Sandbox implements SandboxApi {
  constructor(private readonly request: APIRequestContext, readonly url: string) {}

  /** The newest code sent to `phone` for `purpose` (waits briefly for it). */
  async lastCode(phone: string, purpose = 'sign_in'): Promise<string> {
    for (let i = 0; i < 20; i++) {
      const res = await this.request.get(`${this.url}/sandbox/sms`);
      const { messages } = await res.json();
      const found = messages.filter((m: any) => m.to === phone && m.purpose === purpose && m.code).pop();
      if (found) return found.code as string;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no ${purpose} code was sent to ${phone}`);
  }

  /** How many SMS went to `phone` for `purpose`. */
  async smsCount(phone: string, purpose = 'sign_in'): Promise<number> {
    const { messages } = await (await this.request.get(`${this.url}/sandbox/sms`)).json();
    return messages.filter((m: any) => m.to === phone && m.purpose === purpose).length;
  }

  /** Moves the stub's clock forward. */
  async advanceClock(seconds: number) {
    expect((await this.request.post(`${this.url}/sandbox/clock`, { data: { seconds } })).ok()).toBeTruthy();
  }

  /** Makes matching API requests fail (see the contract's `Fault`). */
  /**
   * Sets the stub's clock (China time) to `hour:minute` of its current date, backwards or
   * forwards, so that time-of-day rules (the 23:45–00:05 payment pause) do not depend on when the
   * tests run. Call it right after the reset: the seed's dates stay as they are.
   */
  async setTimeOfDay(hour: number, minute: number) {
    const res = await this.request.post(`${this.url}/sandbox/clock`, { data: { seconds: 0 } });
    const now: string = (await res.json()).now; // 2026-11-25T23:51:07+08:00
    const [h, m, sec] = now.slice(11, 19).split(':').map(Number);
    await this.advanceClock(hour * 3600 + minute * 60 - (h * 3600 + m * 60 + sec));
  }

  async setFaceCheck(outcome: 'pass' | 'fail' | 'unavailable') {
    expect((await this.request.post(`${this.url}/sandbox/face-check`, { data: { outcome } })).ok()).toBeTruthy();
  }

  async decideReview(plate: string, approve: boolean, reason?: string) {
    const { pending } = await (await this.request.get(`${this.url}/sandbox/reviews`)).json();
    const filing = pending.find((f: any) => f.plate_number === plate);
    expect(filing, `a review is pending for ${plate}`).toBeTruthy();
    expect((await this.request.post(`${this.url}/sandbox/reviews/${filing.id}`, { data: { approve, reason } })).ok()).toBeTruthy();
  }

  async fault(fault: { path: string; method?: string; status?: number; code?: string; delay_ms?: number; drop?: boolean; after?: boolean; times?: number }) {
    expect((await this.request.post(`${this.url}/sandbox/faults`, { data: fault })).ok()).toBeTruthy();
  }

  async clearFaults() {
    expect((await this.request.delete(`${this.url}/sandbox/faults`)).ok()).toBeTruthy();
  }

  async orders() {
    return (await (await this.request.get(`${this.url}/sandbox/orders`)).json()).orders;
  }

  async settleOrder(orderId: string, outcome: 'pay' | 'cancel' | 'fail') {
    const res = await this.request.post(`${this.url}/sandbox/pay/${orderId}`, { data: { outcome } });
    expect(res.ok(), await res.text()).toBeTruthy();
  }

  /** Forgets all state (sessions included) and reseeds. */
  async reset() {
    expect((await this.request.post(`${this.url}/sandbox/reset`)).ok()).toBeTruthy();
  }
}

export const test = base.extend<{ sandbox: Sandbox; ui: Ui; allowPanic: boolean }, { stubServer: StubServer }>({
  /** A spec that raises a panic on purpose (the crash screen's own spec) sets this. */
  allowPanic: [false, { option: true }],
  // A panic in the app is a crash the user sees (the "something went wrong" screen): it fails
  // every test in which one happens, whatever the test went on to check. The release build aborts
  // at once (no message): index.html's crash handler logs 'beian: the app stopped'; a build
  // with a panic hook also logs the panic's own message ('panicked at').
  context: async ({ context, allowPanic }, use) => {
    const panics: string[] = [];
    context.on('console', (m) => {
      const text = m.text();
      if (m.type() === 'error' && (text.includes('panicked at') || text.includes('beian: the app stopped'))) {
        panics.push(text.split('\n').slice(0, 2).join(' '));
      }
    });
    await use(context);
    if (!allowPanic && panics.length > 0) throw new Error(`the app panicked ${panics.length} time(s) during the test: ${panics[0]}`);
  },
  stubServer: [
    async ({}, use) => {
      const stub = await startStub();
      try {
        await use(stub);
      } finally {
        await stopStub(stub);
      }
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ stubServer }, use) => {
    await use(stubServer.url);
  },
  sandbox: [
    async ({ stubServer, request }, use) => {
      const sandbox = new Sandbox(request, stubServer.url);
      await sandbox.reset();
      await use(sandbox);
    },
    { auto: true },
  ],
  ui: async ({ page }, use) => {
    await use(new PlaywrightUi(page));
  },
});

/** Fails the test with the list of axe-core violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  await new PlaywrightUi(page).expectAccessible();
}

/** Signs in through the UI as `phone` (the stub registers unknown numbers). */
export async function signIn(page: Page, sandbox: Sandbox, phone = '13800138000') {
  await page.goto('/sign-in');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode(phone));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  // Signed in once the home page shows the account (a navigation before that would abort it).
  await expect(page.getByText('当前账号')).toBeVisible();
}

/** The page has no horizontal scroll at its current width. */
export async function expectNoHorizontalOverflow(page: Page) {
  await new PlaywrightUi(page).expectNoHorizontalOverflow();
}
