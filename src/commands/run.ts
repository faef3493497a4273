import type { Collected } from '../facts/collect.js';
import type { Scope } from '../objects/source.js';
import { collectFromCluster, collectFromSnapshot } from './collect.js';
import { buildReport, type SortBy } from '../report/build.js';
import { redactText } from '../report/redact.js';
import type { Report } from '../report/types.js';
import { loadConfig } from '../config.js';
import { loadRuleSet } from './ruleset.js';
import { renderJson, renderYaml } from '../render/json.js';
import { wantColor } from '../render/options.js';
import { renderNames } from '../render/name.js';
import { renderPodDetail, renderScanTable } from '../render/table.js';
import { KdiagError } from '../errors.js';
import type { Lang } from '../lang.js';
import { parseFieldSelector } from '../util/field-selector.js';
import { parseDuration, reportExitCode, resolveLang, type CommonOptions } from './common.js';

/**
 * Collects the facts from the chosen source (snapshot with --from, else the cluster).
 * @param timeout per-request timeout in ms (`--request-timeout`, parsed)
 */
export async function collect(opts: CommonOptions, scope: Omit<Scope, 'namespace'> & { allNamespaces: boolean }, timeout: number): Promise<Collected> {
  if (opts.from) return collectFromSnapshot(opts.from, { ...scope, namespace: scope.allNamespaces ? null : (opts.namespace ?? 'default') });
  return collectFromCluster(
    { kubeconfig: opts.kubeconfig, context: opts.context, requestTimeoutMs: timeout, namespace: opts.namespace, allNamespaces: scope.allNamespaces },
    scope,
  );
}

/**
 * Collect, diagnose, render: the whole of `kdiag pod` and `kdiag scan`.
 * @returns the text for stdout and the exit code (0 healthy, 1 findings)
 */
export async function runDiagnosis(
  view: 'pod' | 'scan',
  opts: CommonOptions,
  scope: Omit<Scope, 'namespace'> & { allNamespaces: boolean; all: boolean; sortBy?: SortBy },
): Promise<{ stdout: string; exitCode: number; report: Report }> {
  const { config } = loadConfig();
  const lang = resolveLang(opts.lang, process.env, config.lang);
  // flags are checked before any rule or cluster work starts
  const timeout = parseDuration(opts.requestTimeout);
  if (scope.fieldSelector) parseFieldSelector(scope.fieldSelector);
  // `--from -` on a terminal: nothing is piped in; refuse now rather than wait for typing
  if (opts.from === '-' && process.stdin.isTTY) throw new KdiagError('usage.stdinTty', {});
  const rules = loadRuleSet({ rulesDirs: opts.rules, disable: opts.disable, config });
  const collected = await collect(opts, scope, timeout);
  const report = buildReport(collected, rules, { lang, all: view === 'pod' || scope.all, sortBy: scope.sortBy, redact: opts.redact ? redactText : undefined });
  return { stdout: render(view, report, opts, lang), exitCode: reportExitCode(report), report };
}

/**
 * The report in the `-o` format: json, yaml, name (`pod/NAME` lines), else the table (`wide`:
 * more columns; `--no-headers`: rows only) for `scan` or the detail view for `pod`.
 */
function render(view: 'pod' | 'scan', report: Report, opts: CommonOptions, lang: Lang): string {
  const ropts = { color: wantColor(opts.color), width: Math.max(100, process.stdout.columns || 100), lang, wide: opts.output === 'wide' };
  switch (opts.output) {
    case 'json':
      return renderJson(report);
    case 'yaml':
      return renderYaml(report);
    case 'name':
      return renderNames(report);
    default:
      return view === 'pod' ? renderPodDetail(report, ropts) : renderScanTable(report, { ...ropts, noHeaders: opts.headers === false });
  }
}
