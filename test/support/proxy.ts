import { createServer, request, type IncomingMessage } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** One request a {@link TestProxy} received. */
export interface ProxiedRequest {
  /** `CONNECT` (a tunnel) or the forwarded method (`GET`). */
  method: string;
  /** CONNECT: `host:port`; forwarded: the absolute URL asked for. */
  target: string;
  /** The Proxy-Authorization header, decoded (`user:password`), if any. */
  credentials?: string;
  /** The status the proxy answered (200 for a tunnel it opened). */
  status: number;
}

/** A running {@link startProxy}. */
export interface TestProxy {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

/**
 * A small HTTP proxy on 127.0.0.1 for tests, as a corporate proxy (squid) behaves: CONNECT
 * tunnels (for https:// targets) and forwarding of absolute-URL requests (for http:// targets),
 * optional Basic authentication (407 with Proxy-Authenticate when it is missing or wrong).
 * It resolves host names through `hosts` only, so a name that no DNS knows (tls.ts
 * UNRESOLVABLE_HOST) is reachable through the proxy and nowhere else; it connects to loopback
 * addresses only (403 for anything else), so a test can never reach beyond the machine.
 * @param opts.hosts host name -> loopback IP
 * @param opts.credentials required `user:password`
 */
export async function startProxy(opts: { hosts?: Record<string, string>; credentials?: string } = {}): Promise<TestProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const resolveHost = (host: string): string | null => {
    const h = host.replace(/^\[|\]$/g, '');
    const ip = opts.hosts?.[h.toLowerCase()] ?? (isIP(h) ? h : null);
    return ip && (ip.startsWith('127.') || ip === '::1') ? ip : null;
  };
  const credentialsOf = (req: IncomingMessage): string | undefined => {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers['proxy-authorization'] ?? '');
    return m ? Buffer.from(m[1], 'base64').toString('utf8') : undefined;
  };
  const authorized = (c: string | undefined) => !opts.credentials || c === opts.credentials;

  const server = createServer((req, res) => {
    // forward proxying: the request line holds an absolute URL
    const credentials = credentialsOf(req);
    const record = (status: number) => requests.push({ method: req.method ?? 'GET', target: req.url ?? '', credentials, status });
    if (!authorized(credentials)) {
      record(407);
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="test-proxy"', 'Content-Type': 'text/plain' });
      return res.end('proxy authentication required\n');
    }
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      record(400);
      res.writeHead(400);
      return res.end();
    }
    const ip = resolveHost(target.hostname);
    if (!ip || target.protocol !== 'http:') {
      record(403);
      res.writeHead(403);
      return res.end();
    }
    record(200);
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = request({ host: ip, port: Number(target.port || 80), method: req.method, path: `${target.pathname}${target.search}`, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const credentials = credentialsOf(req);
    const target = req.url ?? '';
    const colon = target.lastIndexOf(':');
    const ip = resolveHost(target.slice(0, colon));
    const status = !authorized(credentials) ? 407 : ip ? 200 : 403;
    requests.push({ method: 'CONNECT', target, credentials, status });
    if (status !== 200) {
      client.end(`HTTP/1.1 ${status} ${status === 407 ? 'Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test-proxy"' : 'Forbidden'}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const up = connect(Number(target.slice(colon + 1)), ip!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
