import type { Finding, Report } from '../report/types.js';
import type { Severity } from '../lang.js';
import { subjectsOf, type Subject } from './subjects.js';

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
 * `shop/deployment/api`): SARIF's `fullyQualifiedName` of a logical location (§3.33.5).
 */
export function subjectPath(s: Pick<Subject, 'namespace' | 'kind' | 'name'>): string {
  return `${s.namespace}/${s.kind.toLowerCase()}/${s.name}`;
}

/** The rule of a finding as a SARIF `reportingDescriptor` (§3.49): its id, title, level, and links. */
function ruleDescriptor(f: Finding): Record<string, unknown> {
  const links = [...f.docs.map((d) => `- ${d}`), `- kdiag's rule catalog: docs/rules.md#${f.ruleId}`];
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: f.title },
    // the rule's own documentation link; kdiag's catalog entry is named in help (the package has no fixed web home)
    ...(f.docs[0] ? { helpUri: f.docs[0] } : {}),
    help: { text: `${f.title}. See:\n${links.join('\n')}`, markdown: `**${f.title}**\n\n${links.join('\n')}` },
    defaultConfiguration: { level: SARIF_LEVEL[f.severity] },
    properties: { 'kdiag/severity': f.severity },
  };
}

/** One finding on one subject as a SARIF `result` (§3.27), located by a logical location. */
function result(s: Subject, f: Finding, ruleIndex: number): Record<string, unknown> {
  const path = subjectPath(s);
  const where = f.container ? ` (${f.containerType ?? 'regular'} container ${f.container})` : '';
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: `${s.kind} ${s.namespace}/${s.name}${where}: ${f.cause}\nWhat to do: ${f.remediation}` },
    locations: [{ logicalLocations: [{ name: s.name, fullyQualifiedName: path, kind: 'resource' }] }],
    partialFingerprints: { 'kdiagSubject/v1': `${f.ruleId}:${path}:${f.container ?? ''}` },
    properties: {
      'kdiag/severity': f.severity,
      'kdiag/kind': s.kind,
      'kdiag/namespace': s.namespace,
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
  const rules: Record<string, unknown>[] = [];
  const index = new Map<string, number>();
  const results: Record<string, unknown>[] = [];
  for (const s of subjectsOf(r)) {
    for (const f of s.findings) {
      let i = index.get(f.ruleId);
      if (i === undefined) {
        i = rules.push(ruleDescriptor(f)) - 1;
        index.set(f.ruleId, i);
      }
      results.push(result(s, f, i));
    }
  }
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kdiag', version: opts.version, semanticVersion: opts.version, rules } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: r.warnings.map((w) => ({ level: 'warning', message: { text: w } })),
          },
        ],
        results,
        properties: { 'kdiag/source': r.source, 'kdiag/summary': r.summary },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
