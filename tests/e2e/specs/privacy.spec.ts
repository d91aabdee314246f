// What the device keeps, and where the session token goes (issue 7, "Security"). After each flow
// (sign-in, filing by SMS, filing by the QR photo route, paying, signing out) every place a page
// can keep data (localStorage, sessionStorage, cookies, Cache Storage, IndexedDB) and every URL
// the tab visited hold no ID number, no full phone number, no photo and no SMS code; signing out
// empties sessionStorage. Every request of the page (API, static files, the worker, the payment
// provider's page) is recorded: only `/api/` requests to the app's API origin carry the token.
import type { BrowserContext, Page, Request } from '@playwright/test';
import { test, expect, signIn, type Sandbox } from '../fixtures';
import { fileBySmsWithDocuments } from '../walks/filing-sms';
import { qrPhotoRoute } from '../walks/filing-qr';
import { handleAndPay } from '../walks/violations';
import { wrongCodeThenRight } from '../walks/sign-in';

test.describe.configure({ timeout: 120_000 });

const PHONES = ['13800138000', '13500135000', '13300133000'];

type Seen = { url: string; method: string; type: string; authorization: string | null };

/** Records every request of the browser context (pages, workers, popups) and every URL visited. */
function record(context: BrowserContext, page: Page) {
  const requests: Promise<Seen | null>[] = [];
  const visited: string[] = [];
  context.on('request', (r: Request) => {
    requests.push(
      r.allHeaders().then(
        (h) => ({ url: r.url(), method: r.method(), type: r.resourceType(), authorization: h['authorization'] ?? null }),
        // A request the page starts while the test is closing it (the service worker's precache,
        // the prefetch of page chunks) has no headers to read any more; it is not one the test checks.
        () => null,
      ),
    );
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) visited.push(f.url());
  });
  return { requests: async () => (await Promise.all(requests)).filter((r): r is Seen => r !== null), visited };
}

/** Everything the browser keeps for the origin, as text. */
async function deviceStorage(page: Page, context: BrowserContext) {
  const inPage = await page.evaluate(async () => {
    const dump = (s: Storage) => Object.fromEntries(Array.from({ length: s.length }, (_, i) => [s.key(i)!, s.getItem(s.key(i)!)]));
    const caches: Record<string, string[]> = {};
    if ('caches' in window) {
      for (const name of await window.caches.keys()) {
        const cache = await window.caches.open(name);
        caches[name] = [];
        for (const req of await cache.keys()) {
          const res = await cache.match(req);
          const type = res?.headers.get('content-type') ?? '';
          const body = res && /json|text|javascript|html/.test(type) ? await res.text() : `<${type}>`;
          caches[name].push(`${req.url} ${body}`);
        }
      }
    }
    const databases: Record<string, unknown> = {};
    for (const info of (await indexedDB.databases?.()) ?? []) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        databases[`${info.name}/${store}`] = await new Promise((ok) => {
          const all = db.transaction(store).objectStore(store).getAll();
          all.onsuccess = () => ok(all.result);
          all.onerror = () => ok(`<${all.error}>`);
        });
      }
      db.close();
    }
    return { local: dump(localStorage), session: dump(sessionStorage), documentCookie: document.cookie, caches, databases };
  });
  return { ...inPage, cookies: await context.cookies() };
}

/** Every SMS code the stub sent in this test. */
async function codesSent(page: Page, sandbox: Sandbox): Promise<string[]> {
  const { messages } = await (await page.request.get(`${sandbox.url}/sandbox/sms`)).json();
  return messages.map((m: any) => m.code).filter(Boolean);
}

/** Fails with what was found if `text` holds a personal value. */
function expectNothingPersonal(where: string, text: string, codes: string[]) {
  for (const phone of PHONES) expect(text, `${where} holds the full phone number ${phone}`).not.toContain(phone);
  for (const code of codes) expect(text, `${where} holds the SMS code ${code}`).not.toMatch(new RegExp(`(^|\\D)${code}(\\D|$)`));
  expect(text, `${where} holds something like an ID number`).not.toMatch(/(^|\D)\d{17}[\dXx](\D|$)/);
  for (const photo of ['data:image', 'blob:', '/9j/', 'iVBORw0KGgo', 'image/jpeg;base64']) {
    expect(text, `${where} holds photo data (${photo})`).not.toContain(photo);
  }
}

async function expectPrivateAfter(flow: string, page: Page, context: BrowserContext, sandbox: Sandbox, rec: ReturnType<typeof record>) {
  const codes = await codesSent(page, sandbox);
  expect(codes.length, 'the flow sent at least one code (so the check can fail)').toBeGreaterThan(0);
  const stored = await deviceStorage(page, context);
  expectNothingPersonal(`${flow}: localStorage`, JSON.stringify(stored.local), codes);
  expectNothingPersonal(`${flow}: sessionStorage`, JSON.stringify(stored.session), codes);
  expectNothingPersonal(`${flow}: cookies`, JSON.stringify(stored.cookies) + stored.documentCookie, codes);
  expectNothingPersonal(`${flow}: Cache Storage`, JSON.stringify(stored.caches), codes);
  expectNothingPersonal(`${flow}: IndexedDB`, JSON.stringify(stored.databases), codes);
  expect(Object.keys(stored.local).filter((k) => k !== 'beian.locale'), 'localStorage holds only the language').toEqual([]);
  expect(stored.cookies, 'the app sets no cookie').toEqual([]);
  // Every URL the tab showed, and every URL it requested.
  const requests = await rec.requests();
  expect(rec.visited.length).toBeGreaterThan(0);
  const decoded = (url: string) => {
    try {
      return decodeURIComponent(url);
    } catch {
      return url;
    }
  };
  // (blob: URLs are the page's own in-memory previews of a chosen photo, never sent or kept.)
  const network = requests.map((r) => r.url).filter((u) => /^https?:/.test(u));
  for (const url of [...rec.visited, ...network]) expectNothingPersonal(`${flow}: URL ${url}`, decoded(url), codes);
  await expectTokenOnlyToTheApi(flow, page, requests);
}

/** The token is only ever sent to `/api/` on the API origin (here the app's own), never in a URL. */
async function expectTokenOnlyToTheApi(flow: string, page: Page, requests: Seen[]) {
  const apiOrigin = new URL(page.url()).origin;
  const token: string | undefined = await page.evaluate(() => {
    const raw = sessionStorage.getItem('beian.session');
    return raw ? JSON.parse(raw).token : undefined;
  });
  const carrying = requests.filter((r) => r.authorization !== null);
  expect(carrying.length, `${flow}: some API request carried the session`).toBeGreaterThan(0);
  for (const r of carrying) {
    const url = new URL(r.url);
    expect(`${url.origin}${url.pathname}`, `${flow}: ${r.method} ${r.url} (${r.type}) carried the token`).toMatch(
      new RegExp(`^${apiOrigin.replace(/[.]/g, '\\.')}/api/`),
    );
    expect(r.authorization).toMatch(/^Bearer \S+$/);
  }
  const others = requests.filter((r) => !new URL(r.url).pathname.startsWith('/api/'));
  expect(others.some((r) => r.type === 'script' || r.type === 'document'), `${flow}: static files were recorded too`).toBeTruthy();
  for (const r of requests) {
    if (token) expect(r.url, `${flow}: the token is in a URL`).not.toContain(token);
  }
}

test('after signing in (a wrong code first), nothing personal is kept and the token goes only to the API', { tag: '@layout' }, async ({ page, context, ui, sandbox }) => {
  const rec = record(context, page);
  await wrongCodeThenRight.run(ui, sandbox);
  await expectPrivateAfter('sign-in', page, context, sandbox, rec);
});

test('after filing by SMS with documents, nothing personal is kept and the token goes only to the API', { tag: '@layout' }, async ({ page, context, ui, sandbox }) => {
  const rec = record(context, page);
  await fileBySmsWithDocuments.run(ui, sandbox);
  await expectPrivateAfter('filing by SMS', page, context, sandbox, rec);
});

test('after filing by the QR photo route, nothing personal is kept and the token goes only to the API', { tag: '@layout' }, async ({ page, context, ui, sandbox }) => {
  const rec = record(context, page);
  await qrPhotoRoute.run(ui, sandbox);
  await expectPrivateAfter('filing by QR', page, context, sandbox, rec);
});

test('after paying on the provider page, nothing personal is kept and the token goes only to the API', { tag: '@layout' }, async ({ page, context, ui, sandbox }) => {
  const rec = record(context, page);
  await handleAndPay.run(ui, sandbox);
  const requests = await rec.requests();
  const provider = requests.filter((r) => new URL(r.url).pathname.startsWith('/sandbox/pay/') && r.type === 'document');
  expect(provider.length, 'the provider page was visited').toBeGreaterThan(0);
  for (const r of provider) expect(r.authorization, 'the provider page got the token').toBeNull();
  await expectPrivateAfter('paying', page, context, sandbox, rec);
});

test('signing out in the middle of filing and paying empties sessionStorage and keeps only the language', async ({ page, context, sandbox }) => {
  const rec = record(context, page);
  await signIn(page, sandbox);
  // Leave a payment flow and a filing wizard in the tab.
  await page.getByRole('link', { name: /^违法处理/ }).click();
  await page.getByRole('checkbox', { name: /^选择 京A12345/ }).first().check();
  await page.getByRole('button', { name: '处理并缴款' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '处理须知' })).toBeVisible();
  await page.goto('/file');
  await page.getByRole('radio', { name: '车主短信验证码' }).check();
  await page.getByRole('button', { name: '继续' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '号牌种类' })).toBeVisible();
  const before = await page.evaluate(() => Object.keys(sessionStorage).sort());
  expect(before).toEqual(expect.arrayContaining(['beian.filing', 'beian.payment', 'beian.session']));
  await expectPrivateAfter('before signing out', page, context, sandbox, rec);

  await page.goto('/');
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByText('您已退出登录。')).toBeVisible();
  const stored = await deviceStorage(page, context);
  expect(stored.session, 'sessionStorage after signing out').toEqual({});
  expect(Object.keys(stored.local).filter((k) => k !== 'beian.locale')).toEqual([]);
  expectNothingPersonal('after signing out', JSON.stringify(stored), await codesSent(page, sandbox));
  // A reload does not bring the session back.
  await page.goto('/vehicles');
  await expect(page.getByRole('heading', { level: 1, name: '登录' })).toBeVisible();
});
