import type { Collected } from '../facts/collect.js';
import type { ProgressSink, Scope } from '../objects/source.js';
import { collectFromCluster, collectFromSnapshot } from './collect.js';
import { buildReport, type SortBy } from '../report/build.js';
import { redactText } from '../report/redact.js';
import type { Report } from '../report/types.js';
import { loadConfig } from '../config.js';
import { loadRuleSet } from './ruleset.js';
import { outputWidth, wantColor } from '../render/options.js';
import { renderNames } from '../render/name.js';
import { renderPodDetail, renderScanTable } from '../render/table.js';
import { ui } from '../render/i18n.js';
import { ERROR_WORDS } from '../render/error-texts.js';
import { KdiagError } from '../errors.js';
import type { Lang } from '../lang.js';
import type { Rule } from '../rules/schema.js';
import { parseFieldSelector } from '../util/field-selector.js';
import { parseSelector } from '../util/selector.js';
import { oneContext, parseDuration, reportExitCode, resolveLang, type CommonOptions } from './common.js';
import { renderOutput } from './report-formats.js';
import { ProgressDisplay, wantProgress, type ProgressStream } from './progress.js';
import { mark } from '../util/timing.js';

/**
 * Collects the facts from the chosen source (snapshot with --from, else the cluster).
 * @param timeout per-request timeout in ms (`--request-timeout`, parsed)
 * @param onProgress told of each list page and log (a progress display)
 */
export async function collect(
  opts: CommonOptions,
  scope: Omit<Scope, 'namespace'> & { allNamespaces: boolean },
  timeout: number,
  onProgress?: ProgressSink,
): Promise<Collected> {
  if (opts.from) return collectFromSnapshot(opts.from, { ...scope, namespace: scope.allNamespaces ? null : (opts.namespace ?? 'default') }, onProgress);
  return collectFromCluster(
    { kubeconfig: opts.kubeconfig, context: oneContext(opts, 'kdiag'), requestTimeoutMs: timeout, namespace: opts.namespace, allNamespaces: scope.allNamespaces },
    scope,
    onProgress,
  );
}

/**
 * The flags the command line gives that the scope or the source ignores, one warning each, in
 * `lang`: `-n` with `-A` (as kubectl, -A wins), `--context`, `--all-contexts` and `--kubeconfig` with `--from`.
 */
export function ignoredFlags(opts: CommonOptions, scope: { allNamespaces: boolean }, lang: Lang): string[] {
  const t = ui(lang);
  const out: string[] = [];
  if (scope.allNamespaces && opts.namespace !== undefined) out.push(t.ignoredNamespace(opts.namespace));
  if (opts.from !== undefined) {
    if (opts.context !== undefined) out.push(t.ignoredWithSnapshot('--context'));
    if (opts.allContexts) out.push(t.ignoredWithSnapshot('--all-contexts'));
    if (opts.kubeconfig !== undefined) out.push(t.ignoredWithSnapshot('--kubeconfig'));
  }
  return out;
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
  const read = await readScope(opts, scope, () => checkSelectors(scope));
  const { collected, lang } = read;
  // an empty scope is said, not passed off as a healthy one (stdout stays the report)
  if (view === 'scan' && !collected.pods.length && !collected.objects.length) {
    const ns = scope.allNamespaces ? null : (collected.namespace ?? opts.namespace ?? 'default');
    process.stderr.write(`kdiag: ${ERROR_WORDS[lang].warning}: ${ui(lang).noPods(ns, !!(scope.labelSelector || scope.fieldSelector))}\n`);
  }
  mark('collected');
  const report = reportOf(read, opts, { all: view === 'pod' || scope.all, sortBy: scope.sortBy });
  mark('report built');
  const stdout = await render(view, report, opts, lang, scope.all);
  mark('rendered');
  return { stdout, exitCode: reportExitCode(report, opts.failOn), report };
}

/**
 * `-l` and `--field-selector` parsed as kdiag parses them on a snapshot: the live path sends
 * them to the server, so they are checked first and fail the same way (usage error, exit 2).
 * @throws KdiagError `USAGE` for a selector that does not parse
 */
export function checkSelectors(scope: Pick<Scope, 'labelSelector' | 'fieldSelector'>): void {
  if (scope.labelSelector !== undefined) parseSelector(scope.labelSelector);
  if (scope.fieldSelector) parseFieldSelector(scope.fieldSelector);
}

/** A scope as every diagnosing command has it once read: the output language, the rules, the facts. */
export interface ReadScope {
  lang: Lang;
  rules: Rule[];
  collected: Collected;
}

/**
 * The steps `kdiag pod|scan|service|ingress|deployment ...` share, in this order: the config and
 * the language; the flags checked before any rule or cluster work (`--request-timeout`, then
 * `check`, then `--from -` on a terminal); a warning per flag the scope ignores; the rules; then
 * the scope read from the snapshot or the cluster, with a progress display on a terminal.
 * @param check more flag checks of the command (selectors), run before any work; may throw
 * @throws KdiagError USAGE for a bad flag; what collecting throws (NOT_FOUND, CLUSTER, SNAPSHOT)
 */
export async function readScope(opts: CommonOptions, scope: Omit<Scope, 'namespace'> & { allNamespaces: boolean }, check?: () => void): Promise<ReadScope> {
  const { lang, rules, timeoutMs } = prepareScope(opts, scope, check);
  const progress = wantProgress(opts)
    ? new ProgressDisplay({ stream: process.stderr as ProgressStream, lang, color: wantColor(opts.color, process.stderr), snapshot: opts.from ?? null })
    : null;
  try {
    return { lang, rules, collected: await collect(opts, scope, timeoutMs, progress?.update) };
  } finally {
    progress?.stop();
  }
}

/**
 * The steps of {@link readScope} before the scope is read (also those of a several-context
 * scan, commands/fleet.ts): the config and the language, the flag checks, the warnings, the rules.
 * @returns the language, the rules, and `--request-timeout` in ms
 * @throws as {@link readScope}, but nothing of collecting
 */
export function prepareScope(opts: CommonOptions, scope: { allNamespaces: boolean }, check?: () => void): { lang: Lang; rules: Rule[]; timeoutMs: number } {
  mark('command');
  const { config } = loadConfig();
  const lang = resolveLang(opts.lang, process.env, config.lang);
  const timeoutMs = parseDuration(opts.requestTimeout);
  check?.();
  // `--from -` on a terminal: nothing is piped in; refuse now rather than wait for typing
  if (opts.from === '-' && process.stdin.isTTY) throw new KdiagError('usage.stdinTty', {});
  for (const w of ignoredFlags(opts, scope, lang)) process.stderr.write(`kdiag: ${ERROR_WORDS[lang].warning}: ${w}\n`);
  const rules = loadRuleSet({ rulesDirs: opts.rules, disable: opts.disable, config });
  mark('rules loaded');
  return { lang, rules, timeoutMs };
}

/** The report of a read scope (report/build.ts buildReport), masked with `--redact`. */
export function reportOf(read: ReadScope, opts: CommonOptions, how: { all: boolean; sortBy?: SortBy }): Report {
  return buildReport(read.collected, read.rules, { lang: read.lang, all: how.all, sortBy: how.sortBy, redact: opts.redact ? redactText : undefined });
}

/**
 * The report in the `-o` format (report-formats.ts renderOutput): json, yaml, name (`pod/NAME`
 * lines), html, markdown, sarif, junit, else the view of {@link renderView}.
 * @param all `--all`: the table lists the failing pods of a workload with a finding one by one too
 */
export function render(view: 'pod' | 'scan', report: Report, opts: CommonOptions, lang: Lang, all: boolean): Promise<string> {
  return renderOutput(opts.output, report, lang, { name: () => renderNames(report), view: () => renderView(view, report, opts, lang, all) });
}

/**
 * The table (`wide`: more columns; `--no-headers`: rows only) for `scan`, or the detail view for
 * `pod`, at the terminal's width (see render/options.ts outputWidth; whole lines in a pipe).
 */
export function renderView(view: 'pod' | 'scan', report: Report, opts: CommonOptions, lang: Lang, all: boolean): string {
  const ropts = { color: wantColor(opts.color), width: outputWidth(), lang, wide: opts.output === 'wide' };
  return view === 'pod' ? renderPodDetail(report, ropts) : renderScanTable(report, { ...ropts, noHeaders: opts.headers === false, all });
}
