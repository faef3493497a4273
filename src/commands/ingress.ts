import { chainFailing, ingressChain } from '../report/ingress-chain.js';
import { renderIngressChain, renderIngressChainJson, renderIngressChainYaml } from '../render/ingress-view.js';
import { outputWidth, wantColor } from '../render/options.js';
import { KdiagError } from '../errors.js';
import { findingsFail, type CommonOptions } from './common.js';
import { isReportFormat } from './report-formats.js';
import { readScope, reportOf } from './run.js';

/** Resource names kubectl accepts for Ingresses before a slash: `ingress/NAME`, `ing/NAME` ... */
const INGRESS_RESOURCE_NAMES = ['ingress', 'ingresses', 'ing', 'ingress.networking.k8s.io', 'ingresses.networking.k8s.io'];

/**
 * The Ingress name of `kdiag ingress ARG`: `NAME`, or `KIND/NAME` as kubectl writes it.
 * @throws KdiagError `USAGE` for another kind (`svc/web`) or an empty name
 */
export function ingressNameArg(arg: string): string {
  const slash = arg.indexOf('/');
  if (slash < 0) {
    if (!arg) throw new KdiagError('usage.commandLine', { message: 'the Ingress name is empty' });
    return arg;
  }
  const kind = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  if (!INGRESS_RESOURCE_NAMES.includes(kind.toLowerCase())) throw new KdiagError('usage.commandLine', { message: `"${arg}" is not an Ingress: give NAME, ingress/NAME or ing/NAME` });
  if (!name || name.includes('/')) throw new KdiagError('usage.commandLine', { message: `"${arg}" names no Ingress: give NAME, ingress/NAME or ing/NAME` });
  return name;
}

/**
 * `kdiag ingress NAME` (alias `ing`): reads the namespace as `kdiag scan -n` does (the
 * snapshot or the cluster), diagnoses it, and prints the chain of the Ingress
 * (report/ingress-chain.ts): IngressClass and controller, each backend Service and port, its
 * EndpointSlices, the pods behind them and their primary causes, and where the chain breaks.
 * @returns stdout and the exit code: 1 when the chain is broken or the Ingress has a finding
 *   of severity warning or worse (`--fail-on`: that severity; none: never), else 0
 * @throws KdiagError `usage.outputFormatView` for -o html|markdown|sarif|junit; `NOT_FOUND` (`notFound.ingress`) when the namespace has no such Ingress,
 *   or its Ingresses could not be listed (forbidden: said so); what collecting throws
 */
export async function runIngress(arg: string, opts: CommonOptions): Promise<{ stdout: string; exitCode: number }> {
  const name = ingressNameArg(arg);
  // the chain is no report object: the report formats print `kdiag scan` of the namespace instead
  if (isReportFormat(opts.output)) throw new KdiagError('usage.outputFormatView', { format: opts.output, command: 'kdiag ingress', formats: ['table', 'wide', 'name', 'json', 'yaml'] });
  const read = await readScope(opts, { allNamespaces: false });
  const { collected, lang, rules } = read;
  const namespace = collected.namespace ?? opts.namespace ?? 'default';
  const ing = collected.objects.find((o) => o.ingress && o.namespace === namespace && o.name === name);
  if (!ing) {
    const src = collected.source;
    throw new KdiagError('notFound.ingress', {
      ingress: name,
      namespace,
      context: src.type === 'cluster' ? (src.context ?? '') : null,
      path: src.type === 'snapshot' ? (src.path ?? '') : null,
      unread: collected.unlisted?.ingresses ?? null,
      ingresses: collected.objects.filter((o) => o.ingress && o.namespace === namespace).map((o) => o.name),
    });
  }
  const report = reportOf(read, opts, { all: true });
  const chain = ingressChain(ing, collected, report, rules, lang);
  // --fail-on: a broken link fails unless none; the Ingress's findings from the severity given
  const failOn = opts.failOn ?? 'warning';
  const exitCode = (failOn === 'warning' ? chainFailing(chain) : failOn !== 'none' && (chain.brokenAt !== null || findingsFail(chain.findings, failOn))) ? 1 : 0;
  switch (opts.output) {
    case 'json':
      return { stdout: renderIngressChainJson(chain), exitCode };
    case 'yaml':
      return { stdout: renderIngressChainYaml(chain), exitCode };
    case 'name':
      return { stdout: `ingress.networking.k8s.io/${ing.name}\n`, exitCode };
    default:
      return { stdout: renderIngressChain(chain, { color: wantColor(opts.color), width: outputWidth(), lang }), exitCode };
  }
}
