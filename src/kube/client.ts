import type { RequestInit as FetchInit } from 'node-fetch';
import { KdiagError } from '../errors.js';

/**
 * The live source's connection to the API server. This folder is the only importer of
 * @kubernetes/client-node: its KubeConfig loads the kubeconfig (KUBECONFIG with several
 * files, --kubeconfig, --context, in-cluster service account) and applies TLS and
 * authentication (client certs, tokens, exec and OIDC plugins) to each request.
 * Requests are plain GETs on the REST paths, sent with node-fetch (client-node 1.x's own
 * transport), and answered as raw JSON: the same shapes a snapshot holds.
 *
 * kdiag never writes to the cluster: this class has no method for any verb but GET.
 */
export interface ConnectOptions {
  /** Path of a kubeconfig file (`--kubeconfig`); default: KUBECONFIG, ~/.kube/config, in-cluster. */
  kubeconfig?: string;
  /** Context name (`--context`); default: the kubeconfig's current-context. */
  context?: string;
  /** Per-request timeout in ms (`--request-timeout`); 0 = none. */
  requestTimeoutMs: number;
}

/** One page callback of {@link KubeClient.list}. */
export type PageHandler<T> = (items: T[]) => void;

/** Counts of the requests a client made, by kind (pods, events, logs, nodes, other). */
export type RequestCounts = Record<'pods' | 'events' | 'logs' | 'nodes' | 'other', number>;

export class KubeClient {
  /** Requests made so far, by kind. */
  readonly counts: RequestCounts = { pods: 0, events: 0, logs: 0, nodes: 0, other: 0 };
  private init?: Promise<FetchInit>;
  /** Server clock minus local clock (ms), from the first response's Date header. */
  private clockOffset: number | null = null;

  private constructor(
    /** Context name in use. */
    readonly context: string,
    /** API server URL, without trailing slash. */
    readonly server: string,
    /** The context's namespace, or `default`. */
    readonly namespace: string,
    private readonly kc: import('@kubernetes/client-node').KubeConfig,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Loads the kubeconfig and selects the context. Does not contact the server.
   * @throws KdiagError `CLUSTER` (exit 3) when the kubeconfig is missing, invalid, has no
   *   current context, or names a context that does not exist
   */
  static async connect(opts: ConnectOptions): Promise<KubeClient> {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    const where = opts.kubeconfig ?? process.env.KUBECONFIG ?? '~/.kube/config';
    try {
      if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
      else kc.loadFromDefault();
    } catch (e) {
      throw new KdiagError('CLUSTER', `cannot load kubeconfig ${where}: ${oneLine(e)}`);
    }
    if (opts.context) {
      if (!kc.getContextObject(opts.context)) {
        const known = kc.getContexts().map((c) => c.name);
        throw new KdiagError('CLUSTER', `context "${opts.context}" not found in kubeconfig ${where}`, known.length ? `known contexts: ${known.join(', ')}` : undefined);
      }
      kc.setCurrentContext(opts.context);
    }
    const ctx = kc.getCurrentContext();
    const cluster = kc.getCurrentCluster();
    if (!ctx || !cluster) {
      throw new KdiagError('CLUSTER', `no current context in kubeconfig ${where}`, 'pass --context NAME or run `kubectl config use-context NAME`');
    }
    const ns = kc.getContextObject(ctx)?.namespace || 'default';
    return new KubeClient(ctx, cluster.server.replace(/\/+$/, ''), ns, kc, opts.requestTimeoutMs);
  }

  private fetchInit(): Promise<FetchInit> {
    this.init ??= this.kc.applyToFetchOptions({}).then((o) => o as unknown as FetchInit).catch((e) => {
      throw new KdiagError('CLUSTER', `cannot authenticate to ${this.server} (context ${this.context}): ${oneLine(e)}`);
    });
    return this.init;
  }

  private async get(path: string, query: Record<string, string | number | boolean | undefined>, accept: string): Promise<{ status: number; text: string }> {
    // node-fetch 2 is CommonJS: its named exports hang off the default export under ESM
    const fetch = (await import('node-fetch')).default;
    const qs = Object.entries(query)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
      .join('&');
    const url = `${this.server}${path}${qs ? `?${qs}` : ''}`;
    const kind = /\/log$/.test(path) ? 'logs' : /\/events(\/|$)/.test(path) ? 'events' : /\/pods(\/|$)/.test(path) ? 'pods' : /\/nodes(\/|$)/.test(path) ? 'nodes' : 'other';
    this.counts[kind]++;
    const base = await this.fetchInit();
    const headers = new fetch.Headers(base.headers as Record<string, string>);
    headers.set('Accept', accept);
    const ac = new AbortController();
    const timer = this.timeoutMs > 0 ? setTimeout(() => ac.abort(), this.timeoutMs) : undefined;
    try {
      const res = await fetch(url, { ...base, method: 'GET', headers, signal: ac.signal as FetchInit['signal'] });
      // the timeout covers reading the body too: a server that stalls mid-response is cut off
      const text = await res.text();
      if (this.clockOffset === null) {
        const date = Date.parse(res.headers.get('date') ?? '');
        if (!Number.isNaN(date)) this.clockOffset = date - Date.now();
      }
      return { status: res.status, text };
    } catch (e) {
      if ((e as Error).name === 'AbortError') {
        throw new KdiagError('CLUSTER', `cannot reach ${this.server}: no answer within ${this.timeoutMs / 1000}s (GET ${path})`, 'raise --request-timeout or check the network');
      }
      // node-fetch: "request to URL failed, reason: connect ECONNREFUSED 127.0.0.1:1"
      const reason = oneLine(e).replace(/^request to \S+ failed, reason: /, '');
      throw new KdiagError('CLUSTER', `cannot reach ${this.server}: ${reason}`, 'check --context/--kubeconfig, the VPN, and that the API server is up');
    } finally {
      if (timer) clearTimeout(timer);
    }
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
   * GETs a JSON object.
   * @throws KdiagError `CLUSTER` for 401 and unreachable servers, {@link ApiError} for other non-2xx answers
   */
  async getJSON<T>(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<T> {
    const { status, text } = await this.get(path, query, 'application/json');
    if (status < 200 || status > 299) throw this.apiError(status, text, path);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KdiagError('CLUSTER', `${this.server} answered GET ${path} with a body that is not JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}...)`);
    }
  }

  /** GETs text (container logs). Errors as {@link getJSON}. */
  async getText(path: string, query: Record<string, string | number | boolean | undefined> = {}): Promise<string> {
    const { status, text } = await this.get(path, query, 'text/plain, */*');
    if (status < 200 || status > 299) throw this.apiError(status, text, path);
    return text;
  }

  /**
   * Lists a collection page by page (`limit`/`continue`, as `kubectl get --chunk-size`),
   * handing each page's items to `onPage` so the caller can reduce them at once.
   * On 410 Gone (the continue token expired) the list restarts once from the beginning;
   * `onRestart` is called so the caller can drop what it kept.
   *
   * @param pageSize items per request (kubectl's default chunk size is 500)
   */
  async list<T>(path: string, query: Record<string, string | undefined>, onPage: PageHandler<T>, pageSize = 500, onRestart?: () => void): Promise<void> {
    let cont: string | undefined;
    let restarted = false;
    for (;;) {
      let page: { items?: T[]; metadata?: { continue?: string } };
      try {
        page = await this.getJSON(path, { ...query, limit: pageSize, continue: cont });
      } catch (e) {
        if (e instanceof ApiError && e.status === 410 && cont && !restarted) {
          restarted = true;
          cont = undefined;
          onRestart?.();
          continue;
        }
        throw e;
      }
      onPage(page.items ?? []);
      cont = page.metadata?.continue || undefined;
      if (!cont) return;
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
      return new KdiagError('CLUSTER', `${this.server} rejected the credentials of context ${this.context} (401 Unauthorized): ${message}`, 'log in again or refresh the token in your kubeconfig');
    }
    return new ApiError(status, message, path);
  }
}

/** A non-2xx API answer other than 401: `status` is the HTTP code, `message` the Status message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path: string,
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
