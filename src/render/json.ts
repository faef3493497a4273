import { stringify } from 'yaml';
import type { Finding, Report } from '../report/types.js';

/** One finding with its fields picked explicitly, in the schema's order (also the views' JSON: render/ingress-view.ts). */
export function plainFinding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    container: f.container,
    containerType: f.containerType,
    title: f.title,
    cause: f.cause,
    remediation: f.remediation,
    evidence: f.evidence.map((e) => ({ type: e.type, text: e.text })),
    docs: f.docs,
  };
}

/**
 * The report as JSON, fields picked explicitly so internal fields never leak and the
 * order is stable (schema/report.schema.json).
 */
export function toPlain(r: Report): Report {
  const finding = plainFinding;
  return {
    apiVersion: r.apiVersion,
    kind: r.kind,
    source: r.source,
    summary: r.summary,
    ...(r.clusters ? { clusters: r.clusters.map((c) => ({ ...c })) } : {}),
    pods: r.pods.map((p) => ({
      ...(p.context !== undefined ? { context: p.context } : {}),
      namespace: p.namespace,
      name: p.name,
      status: p.status,
      ready: p.ready,
      restarts: p.restarts,
      restartCount: p.restartCount,
      lastRestartTime: p.lastRestartTime,
      age: p.age,
      node: p.node,
      ip: p.ip,
      owner: p.owner,
      findings: p.findings.map(finding),
    })),
    workloads: r.workloads.map((w) => ({ ...w, findings: w.findings.map(finding) })),
    ...(r.resources ? { resources: r.resources.map((x) => ({ ...x, findings: x.findings.map(finding) })) } : {}),
    warnings: r.warnings,
  };
}

/** `-o json`: pretty-printed, newline-terminated. */
export function renderJson(r: Report): string {
  return `${JSON.stringify(toPlain(r), null, 2)}\n`;
}

/** `-o yaml`: the same object as YAML. */
export function renderYaml(r: Report): string {
  return stringify(toPlain(r), { lineWidth: 0 });
}
