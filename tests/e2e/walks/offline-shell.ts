// The installable shell in both engines (docs/offline-shell.md): the service worker
// installs, controls the page, and after a signed-in user opened pages with personal data its cache
// holds exactly the files its own sw.js lists, never an API answer. (Going offline needs Playwright:
// specs/offline-shell.spec.ts; WebDriver cannot cut WebKitGTK's network.)
import type { Walk } from './walk';
import { check } from './walk';
import { signInAs } from './sign-in';

export const shellInstalled: Walk = {
  title: "the service worker controls the page and caches exactly the build's own files, nothing personal",
  async run(ui, sandbox) {
    await signInAs(ui, sandbox);
    let state = 'none';
    for (let i = 0; i < 75 && state !== 'activated'; i++) {
      state = await ui.evaluate(() => (navigator.serviceWorker && navigator.serviceWorker.controller ? navigator.serviceWorker.controller.state : 'none'));
      if (state !== 'activated') await new Promise((r) => setTimeout(r, 200));
    }
    check(state === 'activated', `no active service worker controls the page (${state})`);
    await ui.goto('/violations');
    await ui.expectHeading('违法处理', 1);
    await ui.goto('/vehicles');
    await ui.expectHeading('我的车辆', 1);
    await ui.expectText('京A12345');

    const seen = await ui.evaluate(() =>
      (async () => {
        const source = await (await fetch('/sw.js', { cache: 'no-store' })).text();
        const listed = JSON.parse(source.match(/const FILES = (\[[\s\S]*?\]);/)![1]) as string[];
        const caches_: Record<string, string[]> = {};
        for (const name of await caches.keys()) {
          caches_[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search).sort();
        }
        return { listed: listed.sort(), caches: caches_ };
      })(),
    );
    const names = Object.keys(seen.caches);
    check(names.length === 1 && /^beian-shell-[0-9a-f]{16}$/.test(names[0]), `one cache of this build expected, found ${JSON.stringify(names)}`);
    const cached = seen.caches[names[0]];
    check(JSON.stringify(cached) === JSON.stringify(seen.listed), `the cache holds ${JSON.stringify(cached)}, sw.js lists ${JSON.stringify(seen.listed)}`);
    check(cached.includes('/index.html') && cached.includes('/scan_worker_bg.wasm'), `the shell and the QR worker are cached: ${cached.join(' ')}`);
    check(!cached.some((u) => u.startsWith('/api') || u.startsWith('/sandbox') || u.includes('?')), `an API or sandbox URL is cached: ${cached.join(' ')}`);

    // A reload under the worker is the same app.
    await ui.reload();
    await ui.expectHeading('我的车辆', 1);
    await ui.expectText('京A12345');
  },
};
