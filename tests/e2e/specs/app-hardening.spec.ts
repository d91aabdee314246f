// Security hardening on the app's side (issue 17): the return path after sign-in never leaves the
// site, ids that cannot name a record never reach the API, idempotency keys are never made without
// randomness. Every outside request is recorded (and refused) by the browser context, so a test
// sees where the app tried to go, not only where it ended up.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, type Sandbox } from '../fixtures';
import { card, orders } from '../pay-steps';

/** Records (and aborts) every request that leaves the app's origin, and every dialog. */
async function watchOutside(context: BrowserContext, page: Page, origin: string) {
  const outside: string[] = [];
  await context.route((url) => url.origin !== origin, async (route) => {
    outside.push(route.request().url());
    await route.abort();
  });
  page.on('dialog', async (d) => {
    outside.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  return outside;
}

/** Signs in as `phone` on the sign-in page already open (its `next` decides where it goes). */
async function signInHere(page: Page, sandbox: Sandbox, phone: string) {
  await page.getByLabel('手机号码').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expect(page.getByText(/验证码已发送至/)).toBeVisible();
  await page.getByLabel('短信验证码').fill(await sandbox.lastCode(phone));
  await page.getByRole('button', { name: '登录', exact: true }).click();
}

// `next` values an attacker would put in a sign-in link. `raw` ones go into the address as they
// are (the browser decodes their %-escapes into `next`); the others are encoded once, so `next`
// is exactly the value.
const hostile: { next: string; raw?: boolean }[] = [
  // Tab, LF, CR after the first slash: the URL parser drops them and `//evil.example` is left.
  { next: '/\t/evil.example/phish' },
  { next: '/\n/evil.example/phish' },
  { next: '/\r/evil.example/phish' },
  { next: '/\r\n/evil.example/phish' },
  { next: '/%09/evil.example/phish', raw: true },
  { next: '/%0a/evil.example/phish', raw: true },
  { next: '/%0D/evil.example/phish', raw: true },
  { next: '%2F%09%2Fevil.example%2Fphish', raw: true },
  { next: '\t//evil.example/phish' },
  { next: '/\u0000/evil.example' },
  { next: '/\u007f/evil.example' },
  { next: '/%09/evil.example/phish' }, // a literal "%09": stays a path on the site
  // Scheme-relative, triple slashes, backslashes (read as slashes).
  { next: '//evil.example/phish' },
  { next: '///evil.example/phish' },
  { next: '////evil.example' },
  { next: '/\\evil.example/phish' },
  { next: '\\\\evil.example/phish' },
  { next: '/\\/evil.example' },
  { next: '\\/evil.example' },
  { next: '/%5C%5Cevil.example' }, // literal escapes: a path on the site
  // Encoded and full-width slashes.
  { next: '%2F%2Fevil.example', raw: true },
  { next: '/%2F%2Fevil.example' },
  { next: '/／evil.example' },
  { next: '／／evil.example' },
  // Schemes, in any case and with tricks the parser forgives.
  { next: 'javascript:alert(document.domain)' },
  { next: 'JaVaScRiPt:alert(1)' },
  { next: 'java\tscript:alert(1)' },
  { next: ' javascript:alert(1)' },
  { next: 'data:text/html,<script>alert(1)</script>' },
  { next: 'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==' },
  { next: 'https://evil.example/phish' },
  { next: 'http:evil.example' },
  { next: 'https:/evil.example' },
  // Dot segments that resolve into a path starting with `//`.
  { next: '/a/..//evil.example/phish' },
  { next: '/./..//evil.example' },
  { next: '/%2e%2e//evil.example' },
  { next: '/x/../../\\evil.example' },
  // Userinfo and IDN hosts.
  { next: '//app@evil.example/' },
  { next: '/\\app:pw@evil.example' },
  { next: 'https://127.0.0.1@evil.example/' },
  { next: '//еvil.example/' }, // Cyrillic е
  { next: '//evil。example/' }, // ideographic full stop, a dot to the host parser
  { next: '//xn--vil-kmc.example/' },
  // Very long values, and the sign-in page itself.
  { next: '/' + 'a/'.repeat(3000) + '../'.repeat(3000) + '/evil.example' },
  { next: '/' + '/'.repeat(4000) + 'evil.example' },
  { next: '/sign-in?next=//evil.example' },
];

test.describe('the return path after sign-in', () => {
  test.describe.configure({ timeout: 90_000 });

  // A few values per test (each value signs in for real, with its own number: the stub allows one
  // code a minute per number).
  const groups: (typeof hostile)[] = [];
  for (let i = 0; i < hostile.length; i += 8) groups.push(hostile.slice(i, i + 8));
  groups.forEach((group, g) => {
    test(`hostile next values ${g * 8 + 1}-${g * 8 + group.length} never leave the site`, async ({ page, context, sandbox, baseURL }) => {
      const origin = new URL(baseURL!).origin;
      const outside = await watchOutside(context, page, origin);
      for (const [i, value] of group.entries()) {
        const label = JSON.stringify(value.next).slice(0, 80);
        await page.goto('/');
        await page.evaluate(() => sessionStorage.clear());
        await page.goto(`/sign-in?next=${value.raw ? value.next : encodeURIComponent(value.next)}`);
        await signInHere(page, sandbox, `1370013${String(g * 8 + i).padStart(4, '0')}`);
        // Signed in: the app leaves the sign-in page, for home or a page of this site.
        await page.waitForURL((u) => u.pathname !== '/sign-in', { timeout: 7_000 }).catch(() => {});
        await page.waitForLoadState('load');
        const at = new URL(page.url());
        expect(at.origin, `${label} ended at ${page.url()}`).toBe(origin);
        expect(at.pathname, label).not.toBe('/sign-in');
        expect(at.pathname.startsWith('//'), label).toBe(false);
        if (at.pathname === '/') await expect(page.getByText('当前账号'), label).toBeVisible();
        else await expect(page.getByRole('heading', { level: 1 }).first(), label).toBeVisible();
        expect(outside, `${label}: requests that left the site`).toEqual([]);
      }
    });
  });

  test('allowed values land where they say', async ({ page, context, sandbox, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const outside = await watchOutside(context, page, origin);
    // Every address the router goes to, in order (the filing layout may move on from a step that
    // is not open yet: where the sign-in sent the user is the first one).
    await page.addInitScript(() => {
      const w = window as any;
      w.__went = [];
      for (const name of ['pushState', 'replaceState'] as const) {
        const original = history[name].bind(history);
        history[name] = (data: any, unused: string, url?: string | URL | null) => {
          if (url != null) w.__went.push(new URL(String(url), location.href).href);
          return original(data, unused, url);
        };
      }
    });
    const cases = [
      { next: '/violations', lands: '/violations', heading: '违法处理' },
      { next: '/violations?tab=processed#list', lands: '/violations?tab=processed#list', heading: '违法处理' },
      { next: '/file/vehicle?x=1#y', lands: '/file/vehicle?x=1#y', heading: null },
      { next: '/a/../messages', lands: '/messages', heading: null },
    ];
    for (const [i, c] of cases.entries()) {
      await page.goto('/');
      await page.evaluate(() => sessionStorage.clear());
      await page.goto(`/sign-in?next=${encodeURIComponent(c.next)}`);
      await signInHere(page, sandbox, `1360013${String(i).padStart(4, '0')}`);
      await expect.poll(() => page.evaluate(() => (window as any).__went.find((u: string) => !u.includes('/sign-in')))).toBe(origin + c.lands);
      if (c.heading) {
        await expect(page).toHaveURL(origin + c.lands);
        await expect(page.getByRole('heading', { level: 1, name: c.heading })).toBeVisible();
      }
    }
    expect(outside).toEqual([]);
  });
});

test.describe('ids from the address', () => {
  test('a payment result link with a dot or empty order id says the link is not valid and asks nothing', async ({ page, sandbox }) => {
    const api: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api' || u.pathname.startsWith('/api/')) api.push(`${r.method()} ${u.pathname}`);
    });
    await page.goto('/sign-in');
    await signInHere(page, sandbox, '13800138000');
    await expect(page.getByText('当前账号')).toBeVisible();
    for (const order of ['..', '.', '%2e%2e', '%2E.', '']) {
      api.length = 0;
      await page.goto(`/pay/result?order=${order}`);
      await expect(page.getByRole('heading', { level: 1, name: '订单链接无效' })).toBeVisible();
      await expect(page.getByRole('alert').filter({ hasText: '这个缴款结果链接不完整或已被改动' })).toBeVisible();
      await expect(page.getByRole('link', { name: '查看已处理违法' })).toBeVisible();
      // No request for `/api/payments/..` (which is `/api/`), nor any other payments request.
      await page.waitForLoadState('networkidle');
      expect(api.filter((r) => /\/api\/?$|\/api\/payments/.test(r)), `order=${JSON.stringify(order)}`).toEqual([]);
    }
    // The way on works.
    await page.getByRole('link', { name: '查看已处理违法' }).click();
    await expect(page).toHaveURL(/\/violations\?tab=processed$/);
  });
});

test.describe('idempotency keys without randomness', () => {
  const breakings = {
    'getRandomValues is gone': () => {
      delete (Crypto.prototype as any).getRandomValues;
    },
    'getRandomValues throws': () => {
      (Crypto.prototype as any).getRandomValues = () => {
        throw new DOMException('no entropy', 'QuotaExceededError');
      };
    },
    'getRandomValues fills nothing': () => {
      (Crypto.prototype as any).getRandomValues = (a: any) => a;
    },
  };
  for (const [how, breakIt] of Object.entries(breakings)) {
    test(`paying when ${how}: a clear message, the choice kept, no order`, async ({ page, sandbox, request }) => {
      await sandbox.setTimeOfDay(12, 0);
      await page.addInitScript(breakIt);
      await page.goto('/sign-in');
      await signInHere(page, sandbox, '13800138000');
      await expect(page.getByText('当前账号')).toBeVisible();
      await page.goto('/violations?tab=processed');
      await card(page, '大望桥').getByRole('button', { name: /缴纳罚款/ }).click();
      await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
      await page.getByLabel('支付宝').check();
      await page.getByRole('button', { name: '支付 ¥150.00' }).click();
      await expect(page.getByRole('alert').filter({ hasText: '此浏览器无法生成安全的请求编号' })).toBeVisible();
      await expect(page.getByRole('heading', { level: 1, name: '核对并缴款' })).toBeVisible();
      await expect(page.getByLabel('支付宝')).toBeChecked();
      // A second tap is refused the same way, and nothing reached the stub.
      await page.getByRole('button', { name: '支付 ¥150.00' }).click();
      await expect(page.getByRole('alert').filter({ hasText: '此浏览器无法生成安全的请求编号' })).toBeVisible();
      expect(await orders(request, sandbox)).toEqual([]);
    });
  }

  test('handling with the SMS code when getRandomValues is gone: a clear message, the code kept, nothing handled', async ({ page, sandbox }) => {
    await sandbox.setTimeOfDay(12, 0);
    await page.addInitScript(() => {
      delete (Crypto.prototype as any).getRandomValues;
    });
    const handled: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/handling' && r.method() === 'POST') handled.push(r.url());
    });
    await page.goto('/sign-in');
    await signInHere(page, sandbox, '13800138000');
    await expect(page.getByText('当前账号')).toBeVisible();
    await page.goto('/violations');
    await card(page, '国贸桥北').getByRole('checkbox', { name: /选择/ }).check();
    await page.getByRole('button', { name: '处理并缴款' }).click();
    await page.getByLabel('我已阅读并同意处理以上违法').check();
    await page.getByRole('button', { name: '继续' }).click();
    await page.getByRole('button', { name: '发送验证码' }).click();
    const code = await sandbox.lastCode('13800138000', 'handling');
    await page.getByLabel('短信验证码').fill(code);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: '此浏览器无法生成安全的请求编号' })).toBeVisible();
    await expect(page.getByLabel('短信验证码')).toHaveValue(code);
    expect(handled).toEqual([]);
  });
});
