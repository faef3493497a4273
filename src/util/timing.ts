/**
 * Where a run's time goes, for `KDIAG_TIMING=1` (BENCHMARKS.md, scripts/bench/pod-phases.ts).
 *
 * With the variable set, kdiag records named moments (ms since the process started, from
 * `performance.now()`, whose origin is the process's start) and every HTTP request's steps
 * (start, socket, TCP connect, TLS handshake done, response headers, body end), seen through
 * Node's `diagnostics_channel` (`http.client.request.start`, Node >= 18.15), and prints them
 * to stderr as one JSON line when the process exits:
 *
 *   kdiag-timing {"node":{"bootstrapComplete":31.2,...},"marks":[["cli",62.4],...],"requests":[{"path":"/api/v1/...","start":90.1,...}]}
 *
 * Without it, {@link mark} is one boolean test and nothing is subscribed. Nothing is written
 * to stdout, so `-o json` stays the report.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';

/** Whether this run records timings (`KDIAG_TIMING=1`). */
export const TIMING = process.env.KDIAG_TIMING === '1';

/** One request's moments, ms since the process started; absent when it did not happen (a reused socket has no connect). */
export interface RequestTiming {
  /** `METHOD path?query` as sent. */
  path: string;
  start: number;
  /** The socket was assigned (a new one, or one kept alive). */
  socket?: number;
  /** Whether the socket was new (TCP and, for https, TLS to come) rather than reused. */
  newSocket?: boolean;
  connect?: number;
  secureConnect?: number;
  /** The response's status line and headers arrived. */
  response?: number;
  /** The response body's last byte arrived. */
  end?: number;
  status?: number;
}

const marks: [string, number][] = [];
const requests: RequestTiming[] = [];

/** Records that `phase` ends now (when {@link TIMING}); the first mark of a name is kept. */
export function mark(phase: string): void {
  if (TIMING && !marks.some(([p]) => p === phase)) marks.push([phase, round(performance.now())]);
}

const round = (ms: number) => Math.round(ms * 10) / 10;

if (TIMING) {
  subscribe('http.client.request.start', (msg) => {
    const req = (msg as { request: ClientRequest }).request;
    const t: RequestTiming = { path: `${req.method} ${req.path}`, start: round(performance.now()) };
    requests.push(t);
    const onSocket = (s: Socket) => {
      t.socket = round(performance.now());
      // a kept-alive socket is already connected (and past its TLS handshake)
      t.newSocket = s.connecting || s.readyState === 'opening';
      if (!t.newSocket) return;
      s.once('connect', () => (t.connect = round(performance.now())));
      s.once('secureConnect', () => (t.secureConnect = round(performance.now())));
    };
    // the channel is published when the request is sent (ClientRequest._finish): its socket may be assigned already
    if (req.socket) onSocket(req.socket);
    else req.once('socket', onSocket);
    req.once('response', (res: IncomingMessage) => {
      t.response = round(performance.now());
      t.status = res.statusCode;
      res.once('end', () => (t.end = round(performance.now())));
    });
  });
  process.once('exit', () => {
    mark('exit');
    const n = performance.nodeTiming;
    const node = { nodeStart: round(n.nodeStart), v8Start: round(n.v8Start), environment: round(n.environment), bootstrapComplete: round(n.bootstrapComplete) };
    process.stderr.write(`kdiag-timing ${JSON.stringify({ node, marks, requests })}\n`);
  });
}
