import { Option, type Command } from 'commander';
import { KdiagError } from '../errors.js';
import type { Report } from '../report/types.js';
import { isFailing } from '../report/types.js';
import { LANGS, SEVERITY_RANK, type Lang, type Severity } from '../lang.js';

/** Options shared by `pod` and `scan`, spelled as kubectl spells them. */
export interface CommonOptions {
  kubeconfig?: string;
  /** `--context NAME`, repeatable: several (distinct) contexts are for `kdiag scan` only (commands/fleet.ts). */
  context?: string[];
  /** `--all-contexts` (`kdiag scan` only): every context of the kubeconfig. */
  allContexts?: boolean;
  namespace?: string;
  /** `-o`: see {@link OUTPUT_FORMATS}. */
  output: OutputFormat;
  /** false with `--no-headers` (commander's negatable flag). */
  headers: boolean;
  requestTimeout: string;
  color?: boolean;
  from?: string;
  lang?: string;
  /** `--rules DIR`, repeatable. */
  rules?: string[];
  /** `--disable ID`, repeatable. */
  disable?: string[];
  /** `--redact`: mask likely secrets in quoted log lines and events. */
  redact?: boolean;
  /** `-q, --quiet`: no progress display on stderr. */
  quiet?: boolean;
  /** `--fail-on`: the least severity that makes the exit code 1 (default warning). */
  failOn?: FailOn;
  /** `--output-file FILE`: written by cli.ts main() instead of stdout, atomically. */
  outputFile?: string;
}

/**
 * `-o` formats that render the report object for sharing (commands/report-formats.ts): html
 * (one self-contained page, render/html.ts), markdown (a ticket or a chat), sarif
 * (code-scanning UIs), junit (CI dashboards).
 */
export const REPORT_FORMATS = ['html', 'markdown', 'sarif', 'junit'] as const;
/** One of {@link REPORT_FORMATS}. */
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * `--fail-on` values: the least severity that makes the exit code 1; `none`: findings never do
 * (a run that only reports, e.g. to upload SARIF in CI).
 */
export const FAIL_ON = ['critical', 'warning', 'info', 'none'] as const;
/** One of {@link FAIL_ON}. */
export type FailOn = (typeof FAIL_ON)[number];

/**
 * `-o` formats, as kubectl spells them, then the report formats: `table` (default), `wide` (the table with AGE, IP, NODE
 * and OWNER), `name` (`pod/NAME` lines), `json`, `yaml`; then {@link REPORT_FORMATS}.
 */
export const OUTPUT_FORMATS = ['table', 'wide', 'name', 'json', 'yaml', ...REPORT_FORMATS] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Commander collector for repeatable options. */
export function collectValues(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Default `--request-timeout`: kubectl waits forever by default; kdiag must never hang. */
export const DEFAULT_REQUEST_TIMEOUT = '30s';

/**
 * Adds the flags that say how to reach the cluster, as kubectl spells them: `--kubeconfig`,
 * `--context` and `--request-timeout` (default {@link DEFAULT_REQUEST_TIMEOUT}).
 * @param severalContexts `--context` is repeatable (kdiag scan's fleets; the value is then a string[])
 */
export function addConnectionOptions(cmd: Command, severalContexts = false): Command {
  cmd.option('--kubeconfig <file>', 'path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster)');
  if (severalContexts) cmd.option('--context <name>', 'kubeconfig context to use (kdiag scan: repeatable, to scan several clusters)', collectValues);
  else cmd.option('--context <name>', 'kubeconfig context to use');
  return cmd.option('--request-timeout <duration>', 'time to wait for each API request, e.g. 10s, 1m; 0 waits forever', DEFAULT_REQUEST_TIMEOUT);
}

/** Adds the shared flags to a command. */
export function addCommonOptions(cmd: Command): Command {
  return addConnectionOptions(
    cmd
      .option('-n, --namespace <namespace>', "namespace (default: the context's namespace, else default)")
      .addOption(new Option('-o, --output <format>', 'output format: wide adds AGE, IP, NODE, OWNER; name prints pod/NAME lines').choices([...OUTPUT_FORMATS]).default('table'))
      .option('--no-headers', 'table and wide: print the rows only (no header line, no summary); ignored by name, json and yaml, as kubectl does')
      .option('--from <path>', 'read a snapshot (kubectl get -o json/yaml file, a cluster-info dump folder, or - for standard input) instead of a cluster'),
    true,
  )
    .option('--lang <lang>', 'language of causes and remediations: en, zh, ja (default: KDIAG_LANG, the config file, LC_ALL, LC_MESSAGES, LANG, else en)')
    .option('--rules <dir>', 'also load the rules in this folder (repeatable; also KDIAG_RULES_PATH); a rule with a built-in id replaces it', collectValues)
    .option('--disable <id>', 'turn a rule off (repeatable; also `disable:` in .kdiag.yaml)', collectValues)
    .option('--redact', 'mask likely secrets (tokens, passwords, keys, JWTs) in the log lines and messages kdiag quotes')
    .option('-q, --quiet', 'no progress display on stderr (errors and warnings still print)')
    .addOption(new Option('--fail-on <severity>', 'the least severity of a finding that makes the exit code 1 (none: exit 0 whatever is found)').choices([...FAIL_ON]).default('warning'))
    .option('--output-file <file>', 'write the output to FILE (atomically: a temporary file, then a rename) instead of standard output; - is standard output')
    .option('--no-color', 'never color the output (also: NO_COLOR, or stdout not a terminal)');
}

/**
 * The one context of a command that reads one cluster: the `--context` given (the same one
 * given twice is one), else undefined (the kubeconfig's current context).
 * @throws KdiagError `usage.severalContexts` for several distinct contexts
 */
export function oneContext(opts: Pick<CommonOptions, 'context'>, command: string): string | undefined {
  const names = [...new Set(opts.context ?? [])];
  if (names.length > 1) throw new KdiagError('usage.severalContexts', { command });
  return names[0];
}

/** Resource names kubectl accepts for pods before a slash: `pod/NAME`, `pods/NAME`, `po/NAME`. */
const POD_RESOURCE_NAMES = ['pod', 'pods', 'po'];

/**
 * The pod name of `kdiag pod ARG`: `NAME`, or `pod/NAME`, `pods/NAME`, `po/NAME` as kubectl
 * takes it (`kubectl describe pod/NAME`; the resource case-insensitive, like kubectl's
 * `Pod/NAME`).
 * @throws KdiagError `usage.podArgKind` for another resource (`deploy/web`), `usage.podArgName`
 *   for no name after the slash
 */
export function podNameArg(arg: string): string {
  const slash = arg.indexOf('/');
  if (slash < 0) return arg;
  const kind = arg.slice(0, slash);
  const name = arg.slice(slash + 1);
  if (!POD_RESOURCE_NAMES.includes(kind.toLowerCase())) throw new KdiagError('usage.podArgKind', { arg, kind });
  if (!name || name.includes('/')) throw new KdiagError('usage.podArgName', { arg });
  return name;
}

/**
 * Parses kubectl's --request-timeout: `0` (no timeout), a bare number of seconds, or a
 * Go duration such as `500ms`, `10s`, `1m30s`, `1h`.
 * @returns milliseconds
 * @throws KdiagError `USAGE` for anything else
 */
export function parseDuration(s: string): number {
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = '';
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
    consumed += m[0];
  }
  if (!t || consumed !== t) throw new KdiagError('usage.requestTimeout', { value: s });
  return total;
}

/**
 * The language to use: --lang, else KDIAG_LANG, else the config file's `lang`, else the
 * locale (LC_ALL, LC_MESSAGES, LANG: `zh_CN.UTF-8` -> zh, `ja_JP.UTF-8` -> ja), else en.
 * @throws KdiagError `USAGE` for an unsupported --lang or KDIAG_LANG
 */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, configLang?: Lang): Lang {
  for (const [v, what] of [[flag, '--lang'], [env.KDIAG_LANG, 'KDIAG_LANG']] as const) {
    if (!v) continue;
    if (!(LANGS as string[]).includes(v)) throw new KdiagError('usage.lang', { source: what, value: v, supported: LANGS });
    return v as Lang;
  }
  if (configLang) return configLang;
  for (const v of [env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    if (!v) continue;
    const code = v.toLowerCase().slice(0, 2);
    return (LANGS as string[]).includes(code) ? (code as Lang) : 'en';
  }
  return 'en';
}

/**
 * Exit code for a report: 1 when any pod, workload or other object (Service, Ingress, PVC) has a
 * finding of severity `failOn` or worse (`--fail-on`; default warning), else 0; `none`: always 0.
 */
export function reportExitCode(r: Report, failOn: FailOn = 'warning'): number {
  if (failOn === 'warning') return r.pods.some(isFailing) || r.workloads.some(isFailing) || (r.resources ?? []).some(isFailing) ? 1 : 0;
  return findingsFail([...r.pods, ...r.workloads, ...(r.resources ?? [])].flatMap((s) => s.findings), failOn) ? 1 : 0;
}

/** Whether any of `findings` has severity `failOn` or worse (`none`: never). */
export function findingsFail(findings: { severity: Severity }[], failOn: FailOn = 'warning'): boolean {
  return failOn !== 'none' && findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}
