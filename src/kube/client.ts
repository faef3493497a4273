import type { Agent as HttpAgentT } from 'node:http';
import type { Agent as HttpsAgentT } from 'node:https';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type { RequestInit as FetchInit } from 'node-fetch';
import { KdiagError } from '../errors.js';
import { listContexts, resolveContext, type ResolvedContext } from './kubeconfig.js';
import { decodeBody, parseJson, parseListPage, peekContinue, type Cut, type ListPage, type RawResponse } from './pages.js';
import { chooseProxy, proxyLabel, type ProxyChoice } from './proxy.js';
import { mark } from '../util/timing.js';

// node:http and node:https through require(), not an ESM import: on Node 22 the ESM facade
// of node:http reads every export, and one of them is a getter that loads Node's bundled
// undici (~35 ms of start-up for nothing; kdiag's requests go through http.Agent)
const nodeRequire = createRequire(import.meta.url);
const { Agent: HttpAgent } = nodeRequire('node:http') as { Agent: typeof HttpAgentT };
const { Agent: HttpsAgent } = nodeRequire('node:https') as { Agent: typeof HttpsAgentT };

/**
 * The live source's connection to the API server. This folder is the only importer of
 * @kubernetes/client-node. The kubeconfig files are read and merged as kubectl does
 * (./kubeconfig.ts: KUBECONFIG with several files, missing ones skipped, --kubeconfig,
 * --context, in-cluster service account); client-node's KubeConfig then applies TLS and
 * authentication (client certs, tokens, exec and OIDC plugins) for the chosen context.
 * `http://` servers (`kubectl proxy`, an insecure port) are spoken to in plain HTTP, as
 * kubectl does (client-node alone refuses them). Proxies as kubectl picks them (./proxy.ts):
 * the cluster's `proxy-url`, else HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
 * Requests are plain GETs on the REST paths, sent with node-fetch (client-node 1.x's own
 * transport), and answered as raw JSON: the same shapes a snapshot holds.
 *
 * kdiag never writes to the cluster: this class has no method for any verb but GET.
 *
 * Performance (see BENCHMARKS.md): only client-node's `KubeConfig` module is imported
 * (`dist/config.js`), not the package index with its ~700 generated API classes (a 14 MB
 * bundle that took ~250 ms to load); connections are kept alive, so a scan's few hundred
 * requests share a handful of TLS connections instead of paying a TCP + TLS handshake (and a
 * TLS context) each; bodies are decoded in one piece off the main thread (pages.ts decodeBody);
 * `managedFields` are cut out before parsing (pages.ts dropManagedFields); {@link KubeClient.list}
 * asks for the next page while the current one is parsed.
 */
export interface ConnectOptions {
  /** Path of a kubeconfig file (`--kubeconfig`); default: KUBECONFIG, ~/.kube/config, in-cluster. */
  kubeconfig?: string;
  /** Context name (`--context`); default: the kubeconfig's current-context. */
  context?: string;
  /** Per-request timeout in ms (`--request-timeout`); 0 = none. */
  requestTimeoutMs: number;
  /**
   * Retries of an overloaded or briefly unavailable server's answer (see {@link KubeClient}
   * `get`); default {@link RETRIES}. Shell completion uses 0: a TAB must not wait out back-offs.
   */
  retries?: number;
  /** The environment (KUBECONFIG, HOME, *_PROXY, KUBERNETES_SERVICE_*); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The pod's service account folder for the in-cluster configuration (tests point it elsewhere). */
  serviceAccountDir?: string;
}

/** One page callback of {@link KubeClient.list}. */
export type PageHandler<T> = (items: T[]) => void;

/** How {@link KubeClient.list} asks for and reads its pages (see there). */
export interface ListOptions {
  /** Items per request; default 500. */
  pageSize?: number;
  /** Told when a 410 Gone makes the list start over, so the caller drops what it kept. */
  onRestart?: () => void;
  /** The Accept header; default `application/json`. */
  accept?: string;
  /** Members cut from each page before parsing; default `['managedFields']`. */
  cuts?: readonly Cut[];
}

/** Counts of the requests a client made, by kind (pods, events, logs, nodes, other). */
export type RequestCounts = Record<'pods' | 'events' | 'logs' | 'nodes' | 'other', number>;

export class KubeClient {
  /** Requests made so far, by kind. */
  readonly counts: RequestCounts = { pods: 0, events: 0, logs: 0, nodes: 0, other: 0 };
  private init?: Promise<FetchInit>;
  /** Server clock minus local clock (ms), from the first response's Date header. */
  private clockOffset: number | null = null;
  /** The fastest answer seen so far: ms from a request's start to its response headers (see {@link responseTimeMs}). */
  private fastestResponseMs: number | null = null;

  private constructor(
    /** Context name in use. */
    readonly context: string,
    /** API server URL, without trailing slash. */
    readonly server: string,
    /** The context's namespace, or `default`. */
    readonly namespace: string,
    private readonly kc: import('@kubernetes/client-node/dist/config.js').KubeConfig,
    private readonly timeoutMs: number,
    /** The proxy requests go through, null for a direct connection. */
    readonly proxy: ProxyChoice | null,
    private readonly retries: number,
  ) {}

  /**
   * Loads the kubeconfig and selects the context. Does not contact the server.
   * @throws KdiagError `CLUSTER` (exit 3) when there is no kubeconfig, when it is unreadable or
   *   invalid, has no current context, names a context that does not exist, or the context's
   *   cluster, user, server, proxy-url or CA is missing or unusable (see kubeconfig.ts)
   */
  static async connect(opts: ConnectOptions): Promise<KubeClient> {
    const env = opts.env ?? process.env;
    const rc = resolveContext({ kubeconfig: opts.kubeconfig, context: opts.context, env, serviceAccountDir: opts.serviceAccountDir });
    const proxy = chooseProxy(new URL(rc.cluster.server), rc.cluster.proxyUrl, env);
    mark('kubeconfig read');
    // the KubeConfig module alone (same class as the package index re-exports)
    const k8s = await import('@kubernetes/client-node/dist/config.js');
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions(clientNodeConfig(rc, proxy));
    mark('client-node loaded');
    return new KubeClient(rc.context, rc.cluster.server, rc.namespace, kc, opts.requestTimeoutMs, proxy, opts.retries ?? RETRIES);
  }

  /**
   * The contexts of a kubeconfig (what `kubectl config get-contexts` lists), in file order,
   * KUBECONFIG's files merged as kubectl merges them (kube/kubeconfig.ts). Does not contact a server.
   * @param kubeconfig `--kubeconfig`; default: KUBECONFIG, ~/.kube/config
   * @throws KdiagError `CLUSTER` when the kubeconfig cannot be read or parsed
   */
  static async contexts(kubeconfig?: string): Promise<{ name: string; cluster: string; namespace?: string; current: boolean }[]> {
    return listContexts({ kubeconfig, env: process.env });
  }

  private fetchInit(): Promise<FetchInit> {
    this.init ??= this.kc
      .applyToFetchOptions({})
      .then(async (o) => {
        mark('credentials applied');
        return { ...(o as unknown as FetchInit), agent: await transportAgent(this.server, (o as { agent?: unknown }).agent, this.proxy) } as FetchInit;
      })
      .catch((e) => {
        throw new KdiagError('cluster.authFailed', { server: this.server, context: this.context, reason: oneLine(e) });
      });
    return this.init;
  }

  /**
   * One GET, retried when the server says it is overloaded or briefly unavailable: 429 and
   * 500/502/503/504 are retried up to {@link RETRIES} times, after the `Retry-After` the
   * server asks for (seconds or an HTTP date; at most {@link MAX_RETRY_WAIT_MS}) or an
   * exponential back-off (0.5 s, 1 s, 2 s), as client-go does for 429 and Retry-After. The
   * last answer is returned as is when the retries are used up.
   */
  private async get(path: string, query: Record<string, string | number | boolean | undefined>, accept: string, maxBytes = MAX_BODY_BYTES): Promise<RawResponse> {
    for (let attempt = 0; ; attempt++) {
      const r = await this.getOnce(path, query, accept, maxBytes);
      if (!RETRY_STATUSES.includes(r.status) || attempt >= this.retries) return r;
      const wait = Math.min(MAX_RETRY_WAIT_MS, retryAfterMs(r.retryAfter) ?? 500 * 2 ** attempt);
      await new Promise((res) => setTimeout(res, wait));
    }
  }

  /**
   * One GET as the server answered it, whatever its status. A request whose connection was
   * reset under it (see {@link isConnectionReset}) is sent again at once, up to {@link RETRIES}
   * times, within one --request-timeout; each HTTP request counts in {@link counts}.
   * @throws KdiagError `cluster.timeout`, `cluster.unreachable(ViaProxy)`; ApiError (status 0) past `maxBytes`
   */
  private async getOnce(path: string, query: Record<string, string | number | boolean | undefined>, accept: string, maxBytes: number): Promise<RawResponse & { retryAfter: string | null }> {
    // node-fetch 2 is CommonJS: its named exports hang off the default export under ESM
    const fetch = (await import('node-fetch')).default;
    const qs = Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const url = `${this.server}${path}${qs ? `?${qs}` : ''}`;
    const base = await this.fetchInit();
    const headers = new fetch.Headers(base.headers as Record<string, string>);
    headers.set('Accept', accept);
    // what node-fetch asks for by default; the body is decoded by the caller (pages.ts decodeBody)
    headers.set('Accept-Encoding', 'gzip,deflate');
    const ac = new AbortController();
    const timer = this.timeoutMs > 0 ? setTimeout(() => ac.abort(), this.timeoutMs) : undefined;
    const send = async () => {
      this.counts[requestKind(path)]++;
      // `size` bounds what is read off the wire: a server that ignores limitBytes cannot flood memory
      const sent = performance.now();
      const res = await fetch(url, { ...base, method: 'GET', headers, signal: ac.signal as FetchInit['signal'], compress: false, size: maxBytes });
      const took = performance.now() - sent;
      if (this.fastestResponseMs === null || took < this.fastestResponseMs) this.fastestResponseMs = took;
      // the timeout covers reading the body too: a server that stalls mid-response is cut off;
      // decoding it (pages.ts) is left to the caller, so a list page is inflated while the
      // page before it is parsed
      const body = await res.buffer();
      if (this.clockOffset === null) {
        const date = Date.parse(res.headers.get('date') ?? '');
        if (!Number.isNaN(date)) this.clockOffset = date - Date.now();
      }
      return { status: res.status, body, coding: res.headers.get('content-encoding'), retryAfter: res.headers.get('retry-after') };
    };
    try {
      for (let resets = 0; ; resets++) {
        try {
          return await send();
        } catch (e) {
          // the connection was reset under the request: sent again at once, within the same
          // --request-timeout (a GET changes nothing), up to RETRIES times
          if (resets >= this.retries || !isConnectionReset(e)) throw e;
        }
      }
    } catch (e) {
      if ((e as { type?: string }).type === 'max-size') {
        throw new ApiError(0, `the answer to GET ${path} is larger than ${maxBytes} bytes`, path, maxBytes);
      }
      if ((e as Error).name === 'AbortError') {
        throw new KdiagError('cluster.timeout', { server: this.server, seconds: this.timeoutMs / 1000, path }, { id: 'hint.raiseTimeout', params: {} });
      }
      // node-fetch: "request to URL failed, reason: connect ECONNREFUSED 127.0.0.1:1"
      let reason = oneLine(e).replace(/^request to \S+ failed, reason: /, '');
      if (this.proxy) {
        // hpagent's words for a CONNECT the proxy refused: "Bad response: 407"
        reason = reason.replace(/^Bad response: (\d+)$/, (_m, code: string) => `the proxy answered CONNECT with ${code} ${STATUS_TEXT[code] ?? ''}`.trim());
        const { source } = this.proxy;
        throw new KdiagError('cluster.unreachableViaProxy', { server: this.server, proxy: proxyLabel(this.proxy.url), source, reason }, { id: 'hint.checkProxy', params: { source } });
      }
      throw new KdiagError('cluster.unreachable', { server: this.server, reason }, { id: 'hint.checkConnection', params: {} });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /**
   * Forgets the credentials applied so far: the next request asks the kubeconfig's user again,
   * so a token that expired during a long watch (an exec plugin's, OIDC) is fetched anew.
   */
  refreshCredentials(): void {
    this.init = undefined;
  }

  /**
   * "Now" on the API server's clock (its Date response header; the local clock until a
   * response arrived). Ages and recency are measured on the cluster's clock, so a
   * workstation with a skewed clock does not mis-date events. Resolution: 1 s.
   * @returns ms since epoch
   */
  now(): number {
    return Date.now() + (this.clockOffset ?? 0);
  }

  /**
   * The server's latency as kdiag sees it: the fastest time so far from sending a request to
   * receiving its response headers, in ms (a round trip plus the server's least work; a
   * request that opened its connection, or whose answer waited for a busy main thread, only
   * takes longer, so the minimum is the estimate). Null before any response.
   */
  responseTimeMs(): number | null {
    return this.fastestResponseMs;
  }

  /**
   * GETs a JSON object.
   * @throws KdiagError `CLUSTER` for 401 and unreachable servers, {@link ApiError} for other non-2xx answers
   */
  async getJSON<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    const body = await this.bytes(await this.getOk(path, query), path);
    try {
      return parseJson<T>(body);
    } catch {
      throw this.notJson(path, body);
    }
  }

  /** A 2xx JSON response, body not decoded yet. Errors as {@link getJSON}. */
  private async getOk(path: string, query: Record<string, string | number | boolean | undefined>, accept = 'application/json'): Promise<RawResponse> {
    const r = await this.get(path, query, accept);
    if (r.status < 200 || r.status > 299) throw this.apiError(r.status, await this.text(r, path), path);
    return r;
  }

  /** A response body decoded by its Content-Encoding; a body that cannot be decoded (corrupt gzip) is reported like a broken connection. */
  private async bytes(r: RawResponse, path: string): Promise<Buffer> {
    try {
      return await decodeBody(r.body, r.coding);
    } catch (e) {
      throw new KdiagError('cluster.unreadableBody', { server: this.server, reason: oneLine(e), path }, { id: 'hint.checkConnection', params: {} });
    }
  }

  /** A response body as text (UTF-8), decoded as {@link bytes}. */
  private async text(r: RawResponse, path: string): Promise<string> {
    return (await this.bytes(r, path)).toString('utf8');
  }

  private notJson(path: string, body: Buffer): KdiagError {
    return new KdiagError('cluster.notJson', { server: this.server, path, excerpt: body.toString('utf8', 0, 240).slice(0, 60).replace(/\s+/g, ' ') });
  }

  /**
   * GETs text (container logs), reading at most `maxBytes` of body (an ApiError with status 0
   * beyond). Errors as {@link getJSON}.
   */
  async getText(path: string, query: Record<string, string | number | boolean | undefined> = {}, maxBytes = MAX_BODY_BYTES): Promise<string> {
    const r = await this.get(path, query, 'text/plain, */*', maxBytes);
    const text = await this.text(r, path);
    if (r.status < 200 || r.status > 299) throw this.apiError(r.status, text, path);
    return text;
  }

  /**
   * Lists a collection page by page (`limit`/`continue`, as `kubectl get --chunk-size`),
   * handing each page's items to `onPage` so the caller can reduce them at once.
   * On 410 Gone (the continue token expired) the list restarts once from the beginning;
   * `onRestart` is called so the caller can drop what it kept.
   *
   * The next page is requested as soon as a page's continue token is known, before the page
   * is parsed and handed over: the apiserver writes `metadata` (with `continue`) ahead of
   * `items`, so the token is read from the head of the body, and the round trip for page
   * k+1 overlaps the decoding and parsing of page k. The token is read from the first few KB
   * of the body, inflated alone (pages.ts peekContinue). The same requests as one page at a
   * time; if the parsed token differed from the one read ahead (a server that writes `items`
   * first), the parsed one is followed.
   *
   * @param opts `pageSize`: items per request (kubectl's default chunk size is 500); `onRestart`:
   *   told when the list starts over; `accept`: the Accept header, `application/json` or a
   *   metadata-only list (`application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1`,
   *   what `kubectl get` asks for to print names) so that Secrets are listed without their data;
   *   `cuts`: the members cut from each page before parsing (pages.ts compactJson; default
   *   `managedFields`)
   * @returns the list's resourceVersion (its last page's `metadata.resourceVersion`), where a
   *   watch of the collection resumes; undefined when the server sent none
   */
  async list<T>(path: string, query: Record<string, string | undefined>, onPage: PageHandler<T>, opts: ListOptions = {}): Promise<string | undefined> {
    const { pageSize = 500, onRestart, accept = 'application/json', cuts } = opts;
    // each page is decoded (inflated on libuv's thread pool) as soon as it has arrived, while
    // the one before it may still be parsed here
    const request = (cont: string | undefined) => {
      const p = this.getOk(path, { ...query, limit: pageSize, continue: cont }, accept).then((raw) => {
        const body = this.bytes(raw, path);
        body.catch(() => undefined);
        return { raw, body };
      });
      // a read-ahead page may be abandoned (an error elsewhere): its failure is seen when awaited
      p.catch(() => undefined);
      return p;
    };
    let cont: string | undefined;
    let pending = request(undefined);
    let restarted = false;
    for (;;) {
      let raw: RawResponse;
      let decoded: Promise<Buffer>;
      try {
        ({ raw, body: decoded } = await pending);
      } catch (e) {
        if (e instanceof ApiError && e.status === 410 && cont && !restarted) {
          restarted = true;
          cont = undefined;
          onRestart?.();
          pending = request(undefined);
          continue;
        }
        throw e;
      }
      // the next page is asked for before this one is decoded (see above)
      const ahead = peekContinue(raw);
      let next = ahead ? request(ahead) : undefined;
      const body = await decoded;
      let page: ListPage<T>;
      try {
        page = parseListPage<T>(body, cuts);
      } catch {
        throw this.notJson(path, body);
      }
      if (page.continue !== ahead) next = page.continue ? request(page.continue) : undefined;
      onPage(page.items);
      if (!page.continue || !next) return page.resourceVersion;
      cont = page.continue;
      pending = next;
    }
  }

  /**
   * One watch request (`GET path?watch=1&...`): the answer is a stream of JSON watch events,
   * one per line (`{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{...}}`, k8s.io
   * apimachinery `metav1.WatchEvent`), each handed to `onEvent` as it arrives. Sent over the
   * client's own transport (TLS, credentials, proxy, keep-alive), as every GET.
   * `--request-timeout` bounds the wait for the answer's headers only; afterwards a stream
   * silent for `idleMs` (no event, no bookmark) is taken for a dead connection.
   * @param query `resourceVersion`, `timeoutSeconds`, `allowWatchBookmarks`, selectors (`watch=1` is added)
   * @param signal ends the watch (the promise then resolves)
   * @param onOpen called once the server has accepted the watch (a 2xx answer's headers)
   * @returns when the server ended the stream (its timeoutSeconds ran out) or `signal` aborted
   * @throws {@link ApiError} for a non-2xx answer (403 watch forbidden, 410 Gone ...), KdiagError
   *   `cluster.unauthorized` for 401, `cluster.unreachable` (or via proxy) when the connection
   *   fails or drops, `cluster.timeout` when the headers or the events stop coming, and what `onEvent` throws
   */
  async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    onEvent: (ev: { type: string; object: Record<string, unknown> }) => void,
    signal: AbortSignal,
    idleMs: number,
    onOpen?: () => void,
  ): Promise<void> {
    const fetch = (await import('node-fetch')).default;
    const qs = Object.entries({ ...query, watch: 1 } as Record<string, string | number | boolean | undefined>)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    this.counts[requestKind(path)]++;
    const base = await this.fetchInit();
    const headers = new fetch.Headers(base.headers as Record<string, string>);
    headers.set('Accept', 'application/json');
    const ac = new AbortController();
    const abort = () => ac.abort();
    signal.addEventListener('abort', abort);
    let idle: ReturnType<typeof setTimeout> | undefined;
    let timedOut = false;
    const arm = (ms: number) => {
      clearTimeout(idle);
      if (ms > 0)
        idle = setTimeout(() => {
          timedOut = true;
          ac.abort();
        }, ms);
    };
    arm(this.timeoutMs);
    try {
      const res = await fetch(`${this.server}${path}?${qs}`, { ...base, method: 'GET', headers, signal: ac.signal as FetchInit['signal'], compress: true });
      if (res.status < 200 || res.status > 299) throw this.apiError(res.status, await res.text(), path);
      arm(idleMs);
      onOpen?.();
      let rest = '';
      // a chunk may end inside a multi-byte character: the decoder keeps its first bytes for the next
      const utf8 = new StringDecoder('utf8');
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        arm(idleMs);
        rest += utf8.write(chunk);
        if (rest.length > MAX_WATCH_LINE) throw new ApiError(0, `a watch event of ${path} is larger than ${MAX_WATCH_LINE} bytes`, path, MAX_WATCH_LINE);
        let nl: number;
        while ((nl = rest.indexOf('\n')) >= 0) {
          const line = rest.slice(0, nl).trim();
          rest = rest.slice(nl + 1);
          if (!line) continue;
          let ev: { type?: unknown; object?: unknown };
          try {
            ev = parseJson(Buffer.from(line));
          } catch {
            throw this.notJson(path, Buffer.from(line));
          }
          if (typeof ev?.type !== 'string' || !ev.object || typeof ev.object !== 'object') throw this.notJson(path, Buffer.from(line));
          onEvent({ type: ev.type, object: ev.object as Record<string, unknown> });
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError || e instanceof KdiagError) throw e;
      if ((e as Error).name === 'AbortError' || timedOut) {
        throw new KdiagError('cluster.timeout', { server: this.server, seconds: (timedOut && idle !== undefined ? idleMs : this.timeoutMs) / 1000, path }, { id: 'hint.raiseTimeout', params: {} });
      }
      throw new KdiagError('cluster.unreachable', { server: this.server, reason: oneLine(e).replace(/^request to \S+ failed, reason: /, '') }, { id: 'hint.checkConnection', params: {} });
    } finally {
      clearTimeout(idle);
      signal.removeEventListener('abort', abort);
      // a watch left early (an ERROR event, a bad line) must not keep its connection streaming
      ac.abort();
    }
  }

  private apiError(status: number, body: string, path: string): Error {
    let message = '';
    try {
      const s = JSON.parse(body) as { kind?: string; message?: string };
      if (s.kind === 'Status' && s.message) message = s.message;
    } catch {
      /* not a Status object */
    }
    message ||= body.trim().split('\n')[0].slice(0, 200) || `HTTP ${status}`;
    if (status === 401) {
      return new KdiagError('cluster.unauthorized', { server: this.server, context: this.context, message }, { id: 'hint.refreshCredentials', params: {} });
    }
    return new ApiError(status, message, path);
  }
}

/** node-fetch's lenient decoding (as cURL: Z_SYNC_FLUSH), in large chunks. */
/** Largest response body read (bytes, on the wire): a 500-pod page is ~5 MB, ~0.6 MB gzipped. */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

/** What an API path asks for, as {@link RequestCounts} counts it: `/api/v1/namespaces/x/pods/p/log` -> `logs`. */
export function requestKind(path: string): keyof RequestCounts {
  return /\/log$/.test(path) ? 'logs' : /\/events(\/|$)/.test(path) ? 'events' : /\/pods(\/|$)/.test(path) ? 'pods' : /\/nodes(\/|$)/.test(path) ? 'nodes' : 'other';
}

/** Largest watch event read (bytes): a pod is ~10 KB, a big one ~1 MB. */
export const MAX_WATCH_LINE = 16 * 1024 * 1024;

/** Statuses worth another try: overloaded (429) or a transient server or gateway failure. */
const RETRY_STATUSES = [429, 500, 502, 503, 504];

/**
 * Whether a request failed because the connection was reset or closed under it: mostly a
 * kept-alive connection the server (or a load balancer in front of it) closed as idle just as
 * kdiag sent a request on it. client-go sends such a GET again (its retry of requests whose error
 * is a connection reset or a probable EOF, k8s.io/client-go/rest); so does kdiag, which only
 * sends GETs. node-fetch's FetchError carries the system error's code: `ECONNRESET` (also for
 * Node's "socket hang up") or `EPIPE`.
 */
function isConnectionReset(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'EPIPE';
}
/** Retries after the first attempt. */
export const RETRIES = 3;
/** Longest wait kdiag accepts from Retry-After (ms); a longer ask is cut to this. */
export const MAX_RETRY_WAIT_MS = 10_000;

/** A Retry-After header (delta-seconds or an HTTP date) in ms, or null when absent or garbage. */
export function retryAfterMs(v: string | null): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - Date.now());
}

/** Reason phrases of the statuses a proxy answers CONNECT with. */
const STATUS_TEXT: Record<string, string> = { '403': 'Forbidden', '407': 'Proxy Authentication Required', '502': 'Bad Gateway', '503': 'Service Unavailable' };

/**
 * The chosen context in client-node's shape (`KubeConfig.loadFromOptions`), with two changes
 * that let kdiag, not client-node, pick the transport ({@link transportAgent}):
 * - an `http://` server is marked `skipTLSVerify`: client-node refuses plain HTTP otherwise
 *   ("HTTP protocol is not allowed when skipTLSVerify is not set or false"); kubectl does not,
 *   and there is no TLS to verify;
 * - `proxyUrl` is kept for a socks5 proxy only (client-node's SocksProxyAgent); HTTP(S)
 *   proxies, from the kubeconfig or the environment, get kdiag's own agent.
 * A context without a user still gets an (empty) user: client-node applies the CA only when
 * there is one.
 */
function clientNodeConfig(rc: ResolvedContext, proxy: ProxyChoice | null) {
  const c = rc.cluster;
  const userName = rc.user.name || `${rc.context}-anonymous`;
  return {
    clusters: [
      {
        name: c.name,
        server: c.server,
        caData: c.caPem?.toString('base64'),
        skipTLSVerify: c.skipTLSVerify || c.server.startsWith('http:'),
        tlsServerName: c.tlsServerName,
        proxyUrl: proxy?.url.protocol === 'socks5:' ? proxy.url.href : undefined,
      },
    ],
    users: [userFromKubeconfig(userName, rc.user.body)],
    contexts: [{ name: rc.context, cluster: c.name, user: userName, namespace: rc.namespace }],
    currentContext: rc.context,
  };
}

/** client-node's User from a kubeconfig `user:` body (its field names, as config_types.ts newUsers maps them). */
function userFromKubeconfig(name: string, u: Record<string, unknown>) {
  const s = (k: string) => (typeof u[k] === 'string' ? (u[k] as string) : undefined);
  return {
    name,
    authProvider: u['auth-provider'],
    certData: s('client-certificate-data'),
    certFile: s('client-certificate'),
    exec: u.exec,
    keyData: s('client-key-data'),
    keyFile: s('client-key'),
    // client-go: `token` wins over `token-file`, read once here and trimmed (a file written with
    // `echo` ends in a newline, which no header may hold)
    token: s('token') ?? (s('token-file') ? readFileSync(s('token-file')!, 'utf8').trim() : undefined),
    username: s('username'),
    password: s('password'),
    impersonateUser: s('as'),
  };
}

/**
 * The agent for node-fetch, with keep-alive (client-node makes agents without it, which close
 * each connection after one request; idle kept-alive sockets are unref'd by Node, so they never
 * hold the process open):
 * - direct: an `https.Agent` with client-node's TLS options (CA, client certificate and key,
 *   rejectUnauthorized, servername), or an `http.Agent` for an `http://` server;
 * - through an HTTP(S) proxy to an `https://` server: a CONNECT tunnel (hpagent's
 *   HttpsProxyAgent, as client-node uses for `proxy-url`), TLS to the API server inside it;
 * - through an HTTP(S) proxy to an `http://` server: the request itself goes to the proxy with
 *   an absolute URL (http-proxy-agent), as Go's transport does (many proxies allow CONNECT to
 *   port 443 only);
 * - socks5: client-node's SocksProxyAgent as it is.
 * Proxy credentials in the proxy URL (`http://user:pass@proxy:3128`) are sent as Proxy-Authorization.
 * The proxy agents (hpagent, http-proxy-agent with its `debug` and `agent-base`) are imported
 * only for a proxy: a direct connection, the common case, does not load them (~2-4 ms of start-up).
 * @param clientNodeAgent the agent client-node built (its `options` carry the TLS settings)
 */
async function transportAgent(server: string, clientNodeAgent: unknown, proxy: ProxyChoice | null): Promise<unknown> {
  if (proxy?.url.protocol === 'socks5:') return clientNodeAgent;
  const o = (clientNodeAgent as { options?: Record<string, unknown> } | undefined)?.options ?? {};
  const tls = Object.fromEntries(['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername'].filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  const https = server.startsWith('https:');
  if (!proxy) return https ? new HttpsAgent({ ...tls, keepAlive: true }) : new HttpAgent({ keepAlive: true });
  // both are CommonJS: bundled and imported dynamically, their exports may hang off `default`
  type Cjs<T> = T & { default?: T };
  if (https) {
    const m = (await import('hpagent')) as Cjs<typeof import('hpagent')>;
    return new (m.HttpsProxyAgent ?? m.default!.HttpsProxyAgent)({ ...tls, keepAlive: true, proxy: proxy.url });
  }
  const m = (await import('http-proxy-agent')) as Cjs<typeof import('http-proxy-agent')>;
  return new (m.HttpProxyAgent ?? m.default!.HttpProxyAgent)(proxy.url, { keepAlive: true });
}

/**
 * A non-2xx API answer other than 401: `status` is the HTTP code, `message` the Status
 * message. Status 0: the answer was larger than `limitBytes` (bytes on the wire) and was not read.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
    readonly limitBytes?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The first line of an error's message, without secrets' usual carriers (URLs keep their host only). */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0].replace(/(https?:\/\/)[^/@\s]+@/g, '$1').slice(0, 300);
}
