import { KdiagError } from '../errors.js';
import type { KubeObject, PodRaw } from '../objects/index.js';
import type { ChangeType, Scope, WatchKind, WatchPort, WatchSink, WatchStats } from '../objects/source.js';
import { ApiError, oneLine, type KubeClient } from './client.js';

/**
 * Watch mode's source: for each kind, a list, then a watch from the list's resourceVersion
 * (`?watch=1&resourceVersion=RV&allowWatchBookmarks=true&timeoutSeconds=N`), as client-go's
 * reflector does (k8s.io/client-go/tools/cache/reflector.go ListAndWatch):
 * - the server ends a watch after `timeoutSeconds` (kdiag asks for 5-10 min, jittered, as
 *   the reflector does): it is resumed at once from the last resourceVersion seen, of a change
 *   or of a BOOKMARK event (which the server sends to keep it fresh);
 * - 410 Gone, as an HTTP answer or as an ERROR event carrying a Status with code 410 (the
 *   resourceVersion was compacted away): the kind is listed again, and the sink gets the whole
 *   list (it diffs against what it knew, so nothing is lost or told twice);
 * - a failed or silent connection, a 5xx: retried after a back-off of 0.5 s doubling up to
 *   30 s, with jitter (half to all of it), from the last resourceVersion;
 * - 403 on watching pods: an error (`cluster.watchForbidden`); on events or nodes, a warning,
 *   and that kind stays as last listed;
 * - 401 after the start (a token that expired: exec plugins, OIDC): the credentials are
 *   applied again from the kubeconfig, once; a second 401 in a row is an error.
 * Only GETs, over the client's transport (TLS, credentials, proxy). client-node's `Watch` and
 * `ListWatch` are not used: they build their own transport from the kubeconfig (kdiag's proxy
 * choice and keep-alive agents would be bypassed), and `ListWatch` keeps every object whole.
 */

/** First back-off after a failure (ms); it doubles per failure in a row. */
export const BACKOFF_BASE_MS = 500;
/** Longest back-off (ms). */
export const BACKOFF_CAP_MS = 30_000;
/** The server is asked to end each watch after between this and twice this many seconds. */
export const WATCH_TIMEOUT_SECONDS = 300;

/** Back-off before retry number `failures` (0-based): capped exponential, with jitter in [half, all]. */
export function backoffMs(failures: number, random = Math.random): number {
  const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(failures, 16));
  return Math.round(full / 2 + (random() * full) / 2);
}

const enc = encodeURIComponent;

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

/** The error a watch ERROR event carries: its Status (`code`, `message`) as an {@link ApiError}. */
function statusError(o: Record<string, unknown>, path: string): ApiError {
  const code = typeof o.code === 'number' ? o.code : 500;
  return new ApiError(code, typeof o.message === 'string' ? o.message : `watch ERROR event (${code})`, path);
}

/** The watch port of a live cluster (see {@link WatchPort} and this module's comment). */
export class KubeWatch implements WatchPort {
  private readonly counters: WatchStats = { relists: 0, reconnects: 0, resumes: 0 };

  /**
   * @param podsError turns a failure to list the pods into the error a scan gives for it
   *   (kube/source.ts: forbidden, too large, another status)
   * @param namespaceExists fails (`notFound.namespace`) when the API server says a namespace does not exist
   */
  constructor(
    private readonly client: KubeClient,
    private readonly podsError: (e: unknown, namespace: string | null) => unknown,
    private readonly namespaceExists: (namespace: string) => Promise<void>,
  ) {}

  stats(): WatchStats {
    return { ...this.counters };
  }

  async pod(namespace: string, name: string): Promise<PodRaw | null> {
    try {
      return await this.client.getJSON<PodRaw>(`/api/v1/namespaces/${enc(namespace)}/pods/${enc(name)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  async run(scope: Scope, sink: WatchSink, signal: AbortSignal): Promise<void> {
    const ns = scope.namespace;
    const base = ns === null ? '/api/v1' : `/api/v1/namespaces/${enc(ns)}`;
    const one = scope.podName;
    const podQuery = one ? { fieldSelector: `metadata.name=${one}` } : { labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector };
    const eventQuery = one ? { fieldSelector: `involvedObject.name=${one},involvedObject.namespace=${ns}` } : {};
    // a namespace that does not exist is said, as a scan says it, rather than watched empty forever
    if (ns !== null) await this.namespaceExists(ns);
    let pending = 3;
    const listedOnce = () => {
      if (--pending === 0) sink.ready();
    };
    // a failure of one loop stops the others: the command reports it
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort);
    const loops = [
      this.loop('pods', `${base}/pods`, podQuery, sink, stop.signal, listedOnce, true, ns),
      this.loop('events', `${base}/events`, eventQuery, sink, stop.signal, listedOnce, false, ns),
      this.loop('nodes', '/api/v1/nodes', {}, sink, stop.signal, listedOnce, false, ns),
    ].map((p) =>
      p.catch((e: unknown) => {
        stop.abort();
        throw e;
      }),
    );
    try {
      await Promise.all(loops);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * List-then-watch of one kind until `signal` aborts.
   * @param required pods: failing to list or watch them is an error; events and nodes: a warning, and the kind is left as it was
   */
  private async loop(
    kind: WatchKind,
    path: string,
    query: Record<string, string | undefined>,
    sink: WatchSink,
    signal: AbortSignal,
    listedOnce: () => void,
    required: boolean,
    namespace: string | null,
  ): Promise<void> {
    let rv: string | undefined;
    let listed = false;
    /** Credentials were fetched again after a 401; a second 401 in a row is an error. */
    let reauthed = false;
    // the kind counts as ready once its first watch is accepted (or it is given up, or retried):
    // a watch that is forbidden fails before the initial state is printed
    let announced = false;
    const announce = () => {
      if (announced) return;
      announced = true;
      listedOnce();
    };
    let failures = 0;
    /** A kind not readable: an error for the pods, else a warning (true: stop this kind). */
    const giveUp = (e: ApiError, verb: 'list' | 'watch'): true => {
      if (required) {
        if (verb === 'watch') throw new KdiagError('cluster.watchForbidden', { resource: kind, message: e.message }, { id: 'hint.askForWatch', params: { context: this.client.context } });
        throw this.podsError(e, namespace);
      }
      sink.warning(`${kind} not ${verb === 'list' ? 'read' : 'watched'} (${e.status === 403 ? 'forbidden' : e.status}): ${e.message}`);
      return true;
    };
    while (!signal.aborted) {
      try {
        if (rv === undefined) {
          const items: KubeObject[] = [];
          try {
            rv = (await this.client.list<KubeObject>(path, query, (page) => void items.push(...page))) ?? '';
          } catch (e) {
            // the first list failing is the scan's failure (unreachable, forbidden ...); a later one is retried
            if (!listed && e instanceof ApiError && giveUp(e, 'list')) return announce();
            throw e;
          }
          if (signal.aborted) return;
          if (listed) this.counters.relists++;
          sink.listed(kind, items);
          listed = true;
        }
        const timeoutSeconds = Math.round(WATCH_TIMEOUT_SECONDS * (1 + Math.random()));
        await this.client.watch(
          path,
          { ...query, resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds },
          (ev) => {
            if (ev.type === 'ERROR') throw statusError(ev.object, path);
            const next = (ev.object.metadata as { resourceVersion?: unknown } | undefined)?.resourceVersion;
            if (ev.type === 'ADDED' || ev.type === 'MODIFIED' || ev.type === 'DELETED') sink.changed(kind, ev.type as ChangeType, ev.object as KubeObject);
            if (typeof next === 'string' && next) rv = next;
            failures = 0;
          },
          signal,
          (timeoutSeconds + 60) * 1000,
          () => {
            reauthed = false;
            announce();
          },
        );
        // the server ended the watch (its timeout): resume from the last resourceVersion
        if (!signal.aborted) this.counters.resumes++;
        failures = 0;
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof ApiError && e.status === 410) {
          // expired: list again (the sink diffs the new list against what it knew)
          rv = undefined;
          continue;
        }
        if (!listed) throw e;
        if (e instanceof ApiError && e.status === 403 && giveUp(e, 'watch')) return announce();
        if (e instanceof KdiagError && e.id === 'cluster.unauthorized') {
          // a token that expired during the watch: fetched again once (exec plugin, OIDC)
          if (reauthed) throw e;
          reauthed = true;
          this.client.refreshCredentials();
          continue;
        }
        announce();
        const wait = backoffMs(failures++);
        if (failures === 1) sink.warning(`watch of ${kind} interrupted (${e instanceof KdiagError ? e.id.replace(/^cluster\./, '') : oneLine(e)}); reconnecting`);
        await sleep(wait, signal);
        if (!signal.aborted) this.counters.reconnects++;
      }
    }
  }
}
