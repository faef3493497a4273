import type { Finding, Report } from '../report/types.js';
import type { LintReport } from '../report/lint.js';
import type { Severity } from '../lang.js';
import { placeOf, subjectsOf, type Subject } from './subjects.js';

/** The `$schema` of the SARIF 2.1.0 OASIS Standard (errata 01), the schema a log is checked against. */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/**
 * SARIF's `level` of a kdiag severity (SARIF 2.1.0 §3.27.10: error, warning, note):
 * critical → error, warning → warning, info → note.
 */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { critical: 'error', warning: 'warning', info: 'note' };

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** kdiag's version, for `tool.driver.version` (package.json; the renderer reads no file). */
  version: string;
}

/** `image-not-found` → `ImageNotFound`: the rule's `name`, which SARIF wants readable and id-like (§3.49.7). */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c: string) => c.toUpperCase());
}

/**
 * A subject's place in the cluster, as `namespace/kind/name` (`default/pod/backoff`,
 * `shop/deployment/api`), after its context in a scan of several clusters
 * (`prod-eu/default/pod/backoff`): SARIF's `fullyQualifiedName` of a logical location (§3.33.5).
 */
export function subjectPath(s: Pick<Subject, 'namespace' | 'kind' | 'name' | 'context'>): string {
  return `${placeOf(s)}/${s.kind.toLowerCase()}/${s.name}`;
}

/** What SARIF says of a rule: its id, title (in the report language), severity and documentation links. */
export interface SarifRule {
  id: string;
  title: string;
  severity: Severity;
  docs: string[];
}

/** A rule as a SARIF `reportingDescriptor` (§3.49): its id, title, level, and links. */
function ruleDescriptor(f: SarifRule): Record<string, unknown> {
  const links = [...f.docs.map((d) => `- ${d}`), `- kdiag's rule catalog: docs/rules.md#${f.id}`];
  return {
    id: f.id,
    name: ruleName(f.id),
    shortDescription: { text: f.title },
    // the rule's own documentation link; kdiag's catalog entry is named in help (the package has no fixed web home)
    ...(f.docs[0] ? { helpUri: f.docs[0] } : {}),
    help: { text: `${f.title}. See:\n${links.join('\n')}`, markdown: `**${f.title}**\n\n${links.join('\n')}` },
    defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
    properties: { 'kdiag/severity': f.severity },
  };
}

/** The rules of a run, each once in order of first use, and each one's index for `result.ruleIndex`. */
class RuleTable {
  readonly rules: Record<string, unknown>[] = [];
  private readonly index = new Map<string, number>();
  /** The index of `r.id`, adding its descriptor on first use. */
  indexOf(r: SarifRule): number {
    let i = this.index.get(r.id);
    if (i === undefined) {
      i = this.rules.push(ruleDescriptor(r)) - 1;
      this.index.set(r.id, i);
    }
    return i;
  }
}

/** The SARIF log of one run of kdiag. */
function sarifLog(version: string, rules: RuleTable, results: Record<string, unknown>[], warnings: string[], properties: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kdiag', version, semanticVersion: version, rules: rules.rules } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: warnings.map((w) => ({ level: 'warning', message: { text: w } })) }],
        ...extra,
        results,
        properties,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** One finding on one subject as a SARIF `result` (§3.27), located by a logical location. */
function result(s: Subject, f: Finding, ruleIndex: number): Record<string, unknown> {
  const path = subjectPath(s);
  const where = f.container ? ` (${f.containerType ?? 'regular'} container ${f.container})` : '';
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: `${s.kind} ${placeOf(s)}/${s.name}${where}: ${f.cause}\nWhat to do: ${f.remediation}` },
    locations: [{ logicalLocations: [{ name: s.name, fullyQualifiedName: path, kind: 'resource' }] }],
    partialFingerprints: { 'kdiagSubject/v1': `${f.ruleId}:${path}:${f.container ?? ''}` },
    properties: {
      'kdiag/severity': f.severity,
      'kdiag/kind': s.kind,
      'kdiag/namespace': s.namespace,
      ...(s.context !== undefined ? { 'kdiag/context': s.context } : {}),
      ...(f.container ? { 'kdiag/container': f.container } : {}),
      'kdiag/evidence': f.evidence.map((e) => `[${e.type}] ${e.text}`),
    },
  };
}

/**
 * `-o sarif`: the report as a SARIF 2.1.0 log (https://docs.oasis-open.org/sarif/sarif/v2.1.0/)
 * for code-scanning UIs: one run of the tool `kdiag`, its `rules` those that fired (id, title,
 * documentation link, default level from the severity), one `result` per finding of every pod,
 * workload and Service/Ingress/PVC, located by a logical location `namespace/kind/name` (a cluster
 * object has no file and line). The report's warnings (checks that could not run) are the
 * invocation's `toolExecutionNotifications`; the summary is the run's `properties`.
 * test/formats.test.ts validates the output against the official schema (schema/vendor/).
 * @returns the log as pretty-printed JSON, newline-terminated
 */
export function renderSarif(r: Report, opts: SarifOptions): string {
  const rules = new RuleTable();
  const results: Record<string, unknown>[] = [];
  for (const s of subjectsOf(r)) {
    for (const f of s.findings) results.push(result(s, f, rules.indexOf({ id: f.ruleId, title: f.title, severity: f.severity, docs: f.docs })));
  }
  return sarifLog(opts.version, rules, results, r.warnings, { 'kdiag/source': r.source, 'kdiag/summary': r.summary });
}

/**
 * A manifest path as a SARIF artifact URI (§3.4.3): relative paths stay relative (resolved
 * against the checkout by code-scanning UIs), with `/` separators and each segment percent-encoded.
 */
function artifactUri(file: string): string {
  const parts = file.split(/[\\/]/);
  const abs = file.startsWith('/');
  const uri = parts.map((p) => encodeURIComponent(p)).join('/');
  return abs ? `file://${uri}` : uri;
}

/**
 * `kdiag lint -o sarif`: the lint report as a SARIF 2.1.0 log. Each finding is a result at its
 * file, line and column (a `physicalLocation`, which code-scanning UIs such as GitHub's need to
 * show it on the file), and at its object (`logicalLocations`, `namespace/kind/name`); a
 * finding read from standard input has only the latter. The objects whose kind kdiag does not
 * know are the invocation's notifications (not checked), never results.
 * @param rules the title and docs of each lint rule id (the built-in catalog, in the report's language)
 */
export function renderLintSarif(r: LintReport, opts: SarifOptions & { rules: Map<string, { title: string; docs: string[] }> }): string {
  const rules = new RuleTable();
  const results = r.findings.map((f) => {
    const meta = opts.rules.get(f.ruleId) ?? { title: f.ruleId, docs: [] };
    const ns = f.object.namespace ?? 'default';
    const path = subjectPath({ namespace: ns, kind: f.object.kind, name: f.object.name });
    return {
      ruleId: f.ruleId,
      ruleIndex: rules.indexOf({ id: f.ruleId, title: meta.title, severity: f.severity, docs: meta.docs }),
      level: SARIF_LEVEL[f.severity],
      message: { text: `${f.object.kind} ${f.object.name}: ${f.message}\nWhat to do: ${f.remediation}` },
      locations: [
        {
          ...(f.file === '<stdin>' ? {} : { physicalLocation: { artifactLocation: { uri: artifactUri(f.file) }, region: { startLine: f.line, startColumn: f.col } } }),
          logicalLocations: [{ name: f.object.name, fullyQualifiedName: path, kind: 'resource' }],
        },
      ],
      properties: { 'kdiag/severity': f.severity, 'kdiag/path': f.path, 'kdiag/details': f.details },
    };
  });
  const notChecked = r.unchecked.map((u) => `${u.file}:${u.line}:${u.col} ${u.object.apiVersion} ${u.object.kind} ${u.object.name}: not checked (${u.reason === 'apiVersion' ? 'not a built-in apiVersion' : `not a kind of ${u.object.apiVersion}${u.suggestion ? `; did you mean ${u.suggestion}?` : ''}`})`);
  return sarifLog(opts.version, rules, results, notChecked, { 'kdiag/summary': r.summary, 'kdiag/schema': r.schema }, { columnKind: 'utf16CodeUnits' });
}
