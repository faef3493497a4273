import type { ObjectFacts } from '../facts/object-types.js';
import { KdiagError } from '../errors.js';
import type { Lang } from '../lang.js';
import { isFailing, SEVERITY_RANK, type Report, type ResourceReport } from '../report/types.js';
import { outputWidth, wantColor } from '../render/options.js';
import { renderServiceView } from '../render/service-view.js';
import { reportExitCode, type CommonOptions } from './common.js';
import { renderOutput } from './report-formats.js';
import { readScope, reportOf } from './run.js';

/** The spellings of the Service resource kubectl accepts before a slash: `svc/web`, `service/web`, `services/web`. */
const SERVICE_RESOURCE_NAMES = ['svc', 'service', 'services'];

/**
 * The Service name of `kdiag service ARG`: NAME, svc/NAME, service/NAME or services/NAME.
 * @throws KdiagError `usage.serviceArg` for another kind or no name
 */
export function serviceNameArg(arg: string): string {
  const slash = arg.indexOf('/');
  if (slash < 0) return arg;
  const name = arg.slice(slash + 1);
  if (!SERVICE_RESOURCE_NAMES.includes(arg.slice(0, slash).toLowerCase()) || !name || name.includes('/')) throw new KdiagError('usage.serviceArg', { arg });
  return name;
}

/**
 * The report of a namespace narrowed to one Service: its pods (those its selector matches, and
 * those its EndpointSlices name), the Service's entry in `resources` (with no findings when it
 * has none: the view shows a healthy Service too), no workloads, the summary counted again
 * over what is left, and every warning of the collection.
 */
export function serviceReport(full: Report, svc: ObjectFacts): Report {
  const s = svc.service!;
  const names = new Set([...(s.pods ?? []).map((p) => p.name), ...[...(s.endpoints?.ready ?? []), ...(s.endpoints?.notReady ?? [])].map((e) => e.pod).filter((n): n is string => !!n)]);
  const pods = full.pods.filter((p) => p.namespace === svc.namespace && names.has(p.name));
  const entry: ResourceReport = (full.resources ?? []).find((r) => r.kind === 'Service' && r.namespace === svc.namespace && r.name === svc.name) ?? {
    kind: 'Service',
    namespace: svc.namespace,
    name: svc.name,
    findings: [],
  };
  const bySeverity = { critical: 0, warning: 0, info: 0 };
  let healthy = 0;
  for (const p of pods) {
    if (!p.findings.length) {
      healthy++;
      continue;
    }
    const worst = p.findings.reduce((a, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[a] ? f.severity : a), p.findings[0].severity);
    bySeverity[worst]++;
    if (!isFailing(p)) healthy++;
  }
  return {
    ...full,
    summary: { pods: pods.length, healthy, failing: pods.length - healthy, bySeverity, failingWorkloads: 0, workloads: 0, resources: 1, failingResources: isFailing(entry) ? 1 : 0 },
    pods,
    workloads: [],
    resources: [entry],
  };
}

/**
 * `kdiag service NAME` (alias `svc`): reads the namespace as a scan does (pods, events, nodes,
 * Services and EndpointSlices), diagnoses it with the same engine, and shows the Service's chain
 * (render/service-view.ts) or, with `-o json|yaml`, the report narrowed to it ({@link serviceReport}).
 * @returns the text for stdout and the exit code (0 healthy, 1 findings)
 * @throws KdiagError `notFound.service` (no such Service in the namespace), `notFound.serviceUnlisted`
 *   (the Services could not be listed, e.g. RBAC forbids it), and what `kdiag pod` throws
 */
export async function runService(opts: CommonOptions, arg: string): Promise<{ stdout: string; exitCode: number; report: Report }> {
  const name = serviceNameArg(arg);
  const read = await readScope(opts, { allNamespaces: false, resources: ['services', 'endpointslices'] });
  const { collected, lang } = read;
  const ns = collected.namespace ?? opts.namespace ?? 'default';
  const why = collected.unlisted?.services;
  // never "not found" when the list that would hold it could not be read
  if (why !== undefined) throw new KdiagError('notFound.serviceUnlisted', { service: name, namespace: ns, why });
  const svc = collected.objects.find((o) => o.kind === 'Service' && o.namespace === ns && o.name === name);
  if (!svc?.service) {
    const services = collected.objects.filter((o) => o.kind === 'Service' && o.namespace === ns).map((o) => o.name);
    throw new KdiagError('notFound.service', { service: name, namespace: ns, services: services.slice(0, 10) });
  }
  const full = reportOf(read, opts, { all: true });
  const report = serviceReport(full, svc);
  return { stdout: await render(svc, report, opts, lang), exitCode: reportExitCode(report, opts.failOn), report };
}

function render(svc: ObjectFacts, report: Report, opts: CommonOptions, lang: Lang): Promise<string> {
  return renderOutput(opts.output, report, lang, {
    name: () => `service/${svc.name}\n`,
    view: () => renderServiceView(svc, report, { color: wantColor(opts.color), width: outputWidth(), lang }),
  });
}
