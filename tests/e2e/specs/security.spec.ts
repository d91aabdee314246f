// The served app's security headers (issue 7): a strict Content-Security-Policy and the usual
// headers, and the app working under them (no violation reported while it is used).
import { test, expect, signIn } from '../fixtures';

test('the app is served with a strict CSP and security headers, and runs under them', async ({ page, sandbox, request }) => {
  for (const path of ['/', '/violations', '/file/method']) {
    const res = await request.get(path);
    expect(res.ok()).toBeTruthy();
    const h = res.headers();
    const csp = h['content-security-policy'];
    expect(csp, path).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
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
