import type { Finding, Report } from './types.js';

/**
 * `--redact`: masks likely secrets in what kdiag quotes from workloads (log lines, event
 * messages, status messages): evidence, and causes/remediations that interpolate them.
 * Patterns (the usual leaks in logs, after gitleaks' and trufflehog's common rules):
 * bearer tokens, credentials in URLs, JWTs, AWS access key ids and secret keys,
 * `password=`/`token=`/`secret=`/`api_key=`-style pairs, and PEM private keys.
 */
const RULES: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '-----BEGIN PRIVATE KEY----- *** (redacted)'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***'],
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi, '$1$2:***@'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, 'eyJ***'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, '$1****************'],
  [/\b(aws_secret_access_key|aws_session_token)(\s*[=:]\s*)["']?[A-Za-z0-9/+=]{16,}["']?/gi, '$1$2***'],
  [/\b([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)[\w.-]*)(["']?\s*[=:]\s*["']?)([^\s"',;&]{3,})/gi, '$1$2***'],
];

/** Masks likely secrets in one text. */
export function redactText(text: string): string {
  let out = text;
  for (const [re, to] of RULES) out = out.replace(re, to);
  return out;
}

function redactFinding(f: Finding): Finding {
  return {
    ...f,
    title: redactText(f.title),
    cause: redactText(f.cause),
    remediation: redactText(f.remediation),
    evidence: f.evidence.map((e) => ({ type: e.type, text: redactText(e.text) })),
  };
}

/** The report with likely secrets masked in every finding (warnings too). */
export function redactReport(r: Report): Report {
  return {
    ...r,
    pods: r.pods.map((p) => ({ ...p, findings: p.findings.map(redactFinding) })),
    workloads: r.workloads.map((w) => ({ ...w, findings: w.findings.map(redactFinding) })),
    warnings: r.warnings.map(redactText),
  };
}
