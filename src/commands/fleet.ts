import type { Scope } from '../objects/source.js';
import { KdiagError } from '../errors.js';
import type { Lang } from '../lang.js';
import { buildReport, type SortBy } from '../report/build.js';
import { fleetReport, type ClusterOutcome } from '../report/fleet.js';
import { redactText } from '../report/redact.js';
import type { Report } from '../report/types.js';
import { ERROR_WORDS, renderError } from '../render/error-texts.js';
import { renderFleetTable } from '../render/fleet.js';
import { ui } from '../render/i18n.js';
import { outputWidth, wantColor } from '../render/options.js';
import type { Rule } from '../rules/schema.js';
import { collectFromCluster } from './collect.js';
import { reportExitCode, type CommonOptions } from './common.js';
import { checkSelectors, prepareScope, render } from './run.js';

/**
 * Clusters read at once by a several-context scan. Each one already runs three list chains
 * and up to 8 log requests in parallel (kube/source.ts), so 4 clusters keep ~40 requests in
 * flight: enough to hide the latency of slow clusters without a burst that a laptop or a CI
 * runner would queue anyway.
 */
export const MAX_PARALLEL_CONTEXTS = 4;

/** Exit code of a several-context scan when at least one cluster could not be read (as a one-cluster scan that cannot reach its cluster). */
export const EXIT_CLUSTER_FAILED = 3;

/** True when `kdiag scan`'s flags ask for several clusters: `--all-contexts`, or two distinct `--context`s, and no `--from`. */
export function isFleet(opts: Pick<CommonOptions, 'context' | 'allContexts' | 'from'>): boolean {
  return opts.from === undefined && (!!opts.allContexts || new Set(opts.context ?? []).size > 1);
}

/**
 * `kdiag scan --context A --context B ...` and `kdiag scan --all-contexts`: the contexts are
 * checked against the kubeconfig before any request, then read at most
 * {@link MAX_PARALLEL_CONTEXTS} at once, each through its own connection
 * (kube/client.ts KubeClient.connect: its own client-node KubeConfig, HTTP agent, credentials
 * and server clock; nothing is shared between contexts), each diagnosed as
 * `kdiag scan --context X` would, and merged into one report (report/fleet.ts).
 *
 * A cluster that cannot be read (`CLUSTER` errors: connection refused, TLS, timeout, 401, 403
 * on the pods, a broken kubeconfig entry; `NOT_FOUND`: the namespace of `-n` is not in that
 * cluster) is an entry of `clusters` with its error, also printed on stderr as
 * `kdiag: error: context NAME: MESSAGE`; the others are still reported.
 *
 * @returns stdout in the `-o` format and the exit code: {@link EXIT_CLUSTER_FAILED} when any
 *   cluster could not be read (findings in the others included: a CI gate must not pass on a
 *   fleet it could not see), else 1 for findings of warning or worse, else 0
 * @throws KdiagError `usage.allContextsWithContext`, `usage.contextNotFound`, `usage.noContexts`
 *   (exit 2), what {@link prepareScope} throws; kubeconfig read errors (exit 3)
 */
export async function runFleet(
  opts: CommonOptions,
  scope: Omit<Scope, 'namespace'> & { allNamespaces: boolean; all: boolean; sortBy?: SortBy },
): Promise<{ stdout: string; exitCode: number; report: Report }> {
  if (opts.allContexts && opts.context?.length) throw new KdiagError('usage.allContextsWithContext', {});
  const { lang, rules, timeoutMs } = prepareScope(opts, scope, () => checkSelectors(scope));
  const { fleetContextsOf } = await import('../kube/source.js');
  const contexts = fleetContextsOf({ kubeconfig: opts.kubeconfig, contexts: opts.context ?? [], all: !!opts.allContexts });
  const outcomes = await mapBounded(contexts, MAX_PARALLEL_CONTEXTS, (c) => readCluster(c, opts, scope, { lang, rules, timeoutMs }));
  const w = ERROR_WORDS[lang];
  for (const o of outcomes) if (o.error) process.stderr.write(`kdiag: ${w.error}: ${ui(lang).context(o.context)}: ${o.error.message}\n`);
  const report = fleetReport(outcomes);
  const exitCode = outcomes.some((o) => o.error) ? EXIT_CLUSTER_FAILED : reportExitCode(report, opts.failOn);
  return { stdout: await renderFleet(report, opts, lang, scope.all), exitCode, report };
}

/**
 * One context of the fleet, read and diagnosed; a `CLUSTER` or `NOT_FOUND` error becomes the
 * outcome's `error` (id, and the text kdiag prints for it, in `lang`). Other errors (a bug, a
 * selector the server refuses: the same for every cluster) are thrown.
 */
async function readCluster(
  c: { context: string; server?: string },
  opts: CommonOptions,
  scope: Omit<Scope, 'namespace'> & { allNamespaces: boolean; all: boolean; sortBy?: SortBy },
  how: { lang: Lang; rules: Rule[]; timeoutMs: number },
): Promise<ClusterOutcome> {
  try {
    const collected = await collectFromCluster(
      { kubeconfig: opts.kubeconfig, context: c.context, requestTimeoutMs: how.timeoutMs, namespace: opts.namespace, allNamespaces: scope.allNamespaces },
      scope,
    );
    const report = buildReport(collected, how.rules, { lang: how.lang, all: scope.all, sortBy: scope.sortBy, redact: opts.redact ? redactText : undefined });
    return { context: c.context, server: report.source.server ?? c.server, report };
  } catch (e) {
    if (!(e instanceof KdiagError) || (e.code !== 'CLUSTER' && e.code !== 'NOT_FOUND')) throw e;
    const server = (e.params as { server?: unknown }).server;
    return { context: c.context, server: typeof server === 'string' ? server : c.server, error: { id: e.id, message: renderError(e, how.lang).text } };
  }
}

/** `f` over `items`, at most `limit` at once, results in the order of `items`. */
async function mapBounded<T, R>(items: T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The fleet report in the `-o` format: the table (and `wide`) grouped by context
 * (render/fleet.ts); every other format as for one cluster (run.ts render: json, yaml, name
 * with `CONTEXT/` first ...), over the merged report.
 */
function renderFleet(report: Report, opts: CommonOptions, lang: Lang, all: boolean): Promise<string> | string {
  if (opts.output !== 'table' && opts.output !== 'wide') return render('scan', report, opts, lang, all);
  return renderFleetTable(report, { color: wantColor(opts.color), width: outputWidth(), lang, wide: opts.output === 'wide', noHeaders: opts.headers === false, all });
}
