import { KdiagError } from '../errors.js';
import { RESOURCES, resourceOfKind } from '../objects/source.js';
import { buildWorkloadView, WORKLOAD_RESOURCES, type WorkloadKind, type WorkloadView } from '../report/workload-view.js';
import { renderNames } from '../render/name.js';
import { outputWidth, wantColor } from '../render/options.js';
import { renderWorkloadView } from '../render/workload-view.js';
import { reportExitCode, type CommonOptions } from './common.js';
import { renderOutput } from './report-formats.js';
import { readScope, reportOf } from './run.js';
import type { Collected } from '../facts/collect.js';

/**
 * The name of `kdiag deployment ARG`: `NAME`, or `KIND/NAME` with any name kubectl takes for
 * the same kind (`deploy/api`, `deployments/api`, `Deployment/api`).
 * @throws KdiagError `usage.commandLine` for another kind or an empty name
 */
export function workloadNameArg(kind: WorkloadKind, arg: string): string {
  const slash = arg.indexOf('/');
  if (slash < 0) return arg;
  const prefix = arg.slice(0, slash).toLowerCase();
  const name = arg.slice(slash + 1);
  const names: readonly string[] = WORKLOAD_RESOURCES[kind];
  const ok = names.includes(prefix) || names.some((n) => `${n}.apps` === prefix || `${n}.batch` === prefix);
  if (!ok || !name || name.includes('/')) {
    throw new KdiagError('usage.commandLine', { message: `kdiag ${names[0]} takes a ${kind}: NAME or ${names.map((n) => `${n}/NAME`).join(', ')}; got "${arg}"` }, { id: 'hint.commandHelp', params: { command: `kdiag ${names[0]}` } });
  }
  return name;
}

/**
 * `kdiag deployment|statefulset|daemonset|job NAME`: reads the namespace as `kdiag scan -n`
 * does (the pods, events and every other kind), diagnoses it, and shows the one workload as a
 * view over that report (see report/workload-view.ts). `-o json|yaml` prints the report
 * reduced to the workload (its pods, its and its ReplicaSets' entries); `-o name` its pods.
 * @returns the text for stdout, the exit code (0 healthy, 1 findings) and the view
 * @throws KdiagError `notFound.workload` (exit 2) when the namespace has no such workload, or
 *   its kind could not be listed (forbidden, not in the snapshot)
 */
export async function runWorkloadView(kind: WorkloadKind, arg: string, opts: CommonOptions): Promise<{ stdout: string; exitCode: number; view: WorkloadView }> {
  const name = workloadNameArg(kind, arg);
  const read = await readScope(opts, { allNamespaces: false });
  const { collected, lang } = read;
  const report = reportOf(read, opts, { all: true });
  const view = buildWorkloadView(collected, report, kind, name);
  if (!view) throw notFound(collected, kind, name, opts);
  const ropts = { color: wantColor(opts.color), width: outputWidth(), lang };
  const stdout = await renderOutput(opts.output, view.report, lang, { name: () => renderNames(view.report), view: () => renderWorkloadView(view, ropts) });
  return { stdout, exitCode: reportExitCode(view.report, opts.failOn), view };
}

/** The not-found error of a workload: the names of its kind the namespace has, or why that list could not be read. */
function notFound(collected: Collected, kind: WorkloadKind, name: string, opts: CommonOptions): KdiagError {
  const namespace = collected.namespace ?? opts.namespace ?? 'default';
  const src = collected.source;
  const where = src.type === 'snapshot' ? `snapshot ${src.path ?? ''}` : `context ${src.context ?? ''}`;
  const resource = resourceOfKind(kind);
  const unread = resource ? (collected.unlisted?.[resource] ?? null) : null;
  const names = collected.objects.filter((o) => o.kind === kind && o.namespace === namespace).map((o) => o.name);
  return new KdiagError('notFound.workload', { kind: resource ? RESOURCES[resource].kind.toLowerCase() : kind, name, namespace, where, names, unread });
}
