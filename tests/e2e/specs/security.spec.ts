// The served app's security headers (issue 7): a strict Content-Security-Policy and the usual
// headers, and the app working under them (no violation reported while it is used).
import { test, expect, signIn } from '../fixtures';

/** The mini-programs' web-view SDKs: WeChat's JS-SDK and its fallback host, Alipay's web-view script. */
const SDK_ORIGINS = ['https://res.wx.qq.com', 'https://res2.wx.qq.com', 'https://appx'];

/** The source list of one directive of a CSP header. */
function directive(csp: string, name: string): string[] {
  const found = csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  return found ? found.slice(1) : [];
}

test('the app is served with a strict CSP and security headers, and runs under them', async ({ page, sandbox, request }) => {
  for (const path of ['/', '/violations', '/file/method']) {
    const res = await request.get(path);
    expect(res.ok()).toBeTruthy();
    const h = res.headers();
    const csp = h['content-security-policy'];
    expect(csp, path).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
    // Scripts: this origin, WebAssembly, the hashes of index.html's two inline scripts (the
    // loader, the first screen) and exactly the SDK origins; nothing else.
    const scripts = directive(csp, 'script-src');
    const hashes = scripts.filter((s) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(s));
    expect(hashes, path).toHaveLength(2);
    expect(scripts.filter((s) => !hashes.includes(s)).sort(), path).toEqual(["'self'", "'wasm-unsafe-eval'", ...SDK_ORIGINS].sort());
    // The SDK origins are for scripts only.
    for (const origin of SDK_ORIGINS) expect(csp.split(origin).length - 1, `${origin} in ${csp}`).toBe(1);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/'unsafe-eval'/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['permissions-policy']).toContain('camera=(self)');
    expect(h['x-content-type-options']).toBe('nosniff');
  }

  // Every CSP violation the page reports while the user works is a failure.
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) consoleErrors.push(m.text());
  });
  await signIn(page, sandbox);
  await page.getByRole('link', { name: /^违法处理/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: '违法处理' })).toBeVisible();
  await page.goto('/violations?tab=processed');
  await expect(page.getByText('已处理，未缴款').first()).toBeVisible();
  await page.goto('/file');
  await expect(page.getByRole('heading', { level: 1, name: '备案非本人名下机动车' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__csp)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('a script from any origin but the SDKs\' is blocked and reported; the SDK addresses are allowed', async ({ page, context }) => {
  // Every address answers a script that marks the page, so only the CSP can stop it.
  const urls = [
    'https://res.wx.qq.com/open/js/jweixin-1.6.0.js',
    'https://res2.wx.qq.com/open/js/jweixin-1.6.0.js',
    'https://appx/web-view.min.js',
    'https://res.wx.qq.com.evil.example/open/js/jweixin-1.6.0.js',
    'https://evil.example/appx/web-view.min.js',
    'http://res.wx.qq.com/open/js/jweixin-1.6.0.js',
    'https://qq.com/x.js',
  ];
  await context.route(/^https?:\/\/(res2?\.wx\.qq\.com|appx|res\.wx\.qq\.com\.evil\.example|evil\.example|qq\.com)\//, (route) =>
    route.fulfill({ contentType: 'application/javascript', body: `(window.__ran = window.__ran || []).push(${JSON.stringify(route.request().url())});` }),
  );
  await page.addInitScript(() => {
    (window as any).__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__csp.push(e.blockedURI));
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const results = await page.evaluate(
    (urls) =>
      Promise.all(
        urls.map(
          (src) =>
            new Promise<[string, string]>((resolve) => {
              const s = document.createElement('script');
              s.src = src;
              s.onload = () => resolve([src, 'loaded']);
              s.onerror = () => resolve([src, 'blocked']);
              document.head.appendChild(s);
            }),
        ),
      ),
    urls,
  );
  expect(Object.fromEntries(results)).toEqual({
    'https://res.wx.qq.com/open/js/jweixin-1.6.0.js': 'loaded',
    'https://res2.wx.qq.com/open/js/jweixin-1.6.0.js': 'loaded',
    'https://appx/web-view.min.js': 'loaded',
    'https://res.wx.qq.com.evil.example/open/js/jweixin-1.6.0.js': 'blocked',
    'https://evil.example/appx/web-view.min.js': 'blocked',
    'http://res.wx.qq.com/open/js/jweixin-1.6.0.js': 'blocked',
    'https://qq.com/x.js': 'blocked',
  });
  // Each blocked one was reported as a violation (what the other specs fail on).
  const reported: string[] = await page.evaluate(() => (window as any).__csp);
  for (const url of urls.slice(3)) expect(reported.some((r) => url.startsWith(r)), `${url} reported in ${reported}`).toBe(true);
  expect(reported.filter((r) => SDK_ORIGINS.some((o) => r.startsWith(o + '/')))).toEqual([]);
});
