/**
 * `--redact`: masks likely secrets in what kdiag quotes from workloads (log lines, event
 * messages, status messages): the evidence, and the values filled into a rule's texts. The
 * rule's own wording is never touched (the engine applies {@link redactText} to the
 * placeholder values only, see engine/evaluate.ts DiagnoseOptions.redact).
 * Patterns (the usual leaks in logs, after gitleaks' and trufflehog's common rules):
 * bearer tokens, credentials in URLs, JWTs, AWS access key ids and secret keys,
 * `password=`/`token=`/`secret=`/`api_key=`-style pairs whose value looks like a secret
 * (see {@link secretLike}), and PEM private keys. Only the secret itself is replaced.
 */
const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, '-----BEGIN PRIVATE KEY----- *** (redacted)'],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 ***'],
  [/\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@]+):([^\s@/]+)@/gi, '$1$2:***@'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, 'eyJ***'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, '$1****************'],
  [/\b(aws_secret_access_key|aws_session_token)(\s*[=:]\s*)["']?[A-Za-z0-9/+=]{16,}["']?/gi, '$1$2***'],
  [
    /\b([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret)[\w.-]*)(["']?\s*[=:]\s*["']?)([^\s"',;&)]{3,})/gi,
    (whole, key, sep, value) => (secretLike(value) ? `${key}${sep}***` : whole),
  ],
];

/**
 * Whether the value after `password=`/`token:` looks like a secret rather than a word of a
 * sentence ("failed to fetch oauth token: unexpected status"): it has a digit, a symbol or
 * mixed case, or is long (16+ characters).
 */
function secretLike(v: string): boolean {
  return /[^A-Za-z]/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)) || v.length >= 16;
}

/** Masks likely secrets in one text. */
export function redactText(text: string): string {
  let out = text;
  for (const [re, to] of RULES) out = out.replace(re, to as never);
  return out;
}
