// The host simulator's SDK addresses (host-sdk.ts) for WebKit, where Playwright cannot route
// requests: MiniBrowser is started with this process as its HTTP(S) proxy. A `CONNECT` to one of
// the SDK hosts (res.wx.qq.com, res2.wx.qq.com, appx) is answered by a local HTTPS server with a
// certificate made for them at start (`openssl`, one day, thrown away after; MiniBrowser is told
// to ignore TLS errors, as it cannot trust it), which serves the stand-in scripts at their real
// paths. Any other host gets no connection (the tests use no outside network); the app itself,
// on 127.0.0.1, is not proxied (MiniBrowser's ignore list).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALIPAY_SDK, WECHAT_SDK, WECHAT_SDK_FALLBACK, standIn, type Answer, type NavigateOutcome } from '../host-sdk';

export type HostProxy = {
  /** `http://127.0.0.1:PORT`, for MiniBrowser's `--proxy`. */
  url: string;
  /** Every SDK host request, as `https://host/path`, in order. */
  requested: string[];
  stop(): Promise<void>;
};

const SDK_HOSTS = ['res.wx.qq.com', 'res2.wx.qq.com', 'appx'];

export async function startHostProxy(answers: Partial<Record<string, Answer>>, outcomes: NavigateOutcome[] = []): Promise<HostProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'beian-host-proxy-'));
  let tlsServer: https.Server | undefined;
  let proxy: http.Server | undefined;
  const sockets = new Set<net.Socket>();
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-subj', '/CN=res.wx.qq.com', '-addext', `subjectAltName=${SDK_HOSTS.map((h) => `DNS:${h}`).join(',')}`,
    ], { stdio: 'ignore' });
    const requested: string[] = [];
    tlsServer = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
      const url = `https://${(req.headers.host ?? '').replace(/:443$/, '')}${req.url}`;
      requested.push(url);
      const how = [WECHAT_SDK, WECHAT_SDK_FALLBACK, ALIPAY_SDK].includes(url) ? answers[url] ?? 'network-error' : 404;
      if (how === 'serve') {
        res.writeHead(200, { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(standIn(url === ALIPAY_SDK ? 'alipay' : 'wechat', outcomes));
      } else if (how === 404) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<h1>404 Not Found</h1>');
      } else {
        req.socket.destroy();
      }
    });
    tlsServer.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => tlsServer!.listen(0, '127.0.0.1', r));
    const tlsPort = (tlsServer.address() as net.AddressInfo).port;

    proxy = http.createServer((_req, res) => {
      // Plain-HTTP proxying: nothing the walks need.
      res.writeHead(502);
      res.end();
    });
    proxy.on('connection', (s) => sockets.add(s));
    proxy.on('connect', (req, client, head) => {
      sockets.add(client);
      const [host] = (req.url ?? '').split(':');
      if (!SDK_HOSTS.includes(host)) {
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      const upstream = net.connect(tlsPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as net.AddressInfo).port;
    const [t, p] = [tlsServer, proxy];
    return {
      url: `http://127.0.0.1:${port}`,
      requested,
      async stop() {
        for (const s of sockets) s.destroy();
        await Promise.all([new Promise((r) => p.close(r)), new Promise((r) => t.close(r))]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    for (const s of sockets) s.destroy();
    proxy?.close();
    tlsServer?.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
