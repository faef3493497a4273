import type { Finding, Report } from '../report/types.js';
import { SEVERITY_RANK } from '../lang.js';
import { placeOf, subjectsOf, type Subject } from './subjects.js';

/**
 * Text as XML 1.0 character data or an attribute value: `& < > " '` as entities, tab, newline
 * and carriage return as character references in attributes (a parser would turn them into
 * spaces), and the characters XML 1.0 cannot carry at all (NUL, ESC and the other C0 controls,
 * lone surrogates, U+FFFE/U+FFFF; https://www.w3.org/TR/xml/#charsets) shown as `\xNN` or `\u{NNNN}`.
 * A log line may hold any of them.
 */
export function escapeXml(s: string, attribute = false): string {
  const text = s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, (c) => {
      const n = c.codePointAt(0) ?? 0;
      return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
    })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return attribute ? text.replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;') : text;
}

/** A finding as plain text: the heading line, cause, what to do, evidence, docs. */
function findingText(f: Finding): string {
  const where = f.container ? ` (${f.containerType ?? 'regular'} container ${f.container})` : '';
  return [
    `[${f.severity}] ${f.ruleId}: ${f.title}${where}`,
    f.cause,
    `What to do: ${f.remediation}`,
    ...(f.evidence.length ? ['Evidence:', ...f.evidence.map((e) => `  [${e.type}] ${e.text}`)] : []),
    ...(f.docs.length ? [`Docs: ${f.docs.join(' ')}`] : []),
  ].join('\n');
}

/** Whether a finding fails its testcase: severity warning or worse (as the exit code's default). */
const failing = (f: Finding) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning;

/**
 * A subject as a `<testcase>`: `classname` `namespace.Kind` (CI dashboards show it as package and
 * class), `name` `namespace/name`; in a scan of several clusters the context comes first
 * (`prod-eu.shop.Pod`, `prod-eu/shop/web-1`). A `<failure>` when it has a finding of warning or worse: its
 * message is the primary such finding's title and cause, its type the rule id, its text every
 * failing finding. Info findings go to `<system-out>`.
 */
function testcase(s: Subject): string {
  const fails = s.findings.filter(failing);
  const infos = s.findings.filter((f) => !failing(f));
  const classname = s.context !== undefined ? `${s.context}.${s.namespace}.${s.kind}` : `${s.namespace}.${s.kind}`;
  const attrs = `classname="${escapeXml(classname, true)}" name="${escapeXml(`${placeOf(s)}/${s.name}`, true)}" time="0"`;
  const body: string[] = [];
  if (fails.length) {
    const f = fails[0];
    body.push(`      <failure message="${escapeXml(`${f.title}: ${f.cause}`, true)}" type="${escapeXml(f.ruleId, true)}">${escapeXml(fails.map(findingText).join('\n\n'))}</failure>`);
  }
  if (infos.length) body.push(`      <system-out>${escapeXml(infos.map(findingText).join('\n\n'))}</system-out>`);
  return body.length ? `    <testcase ${attrs}>\n${body.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`;
}

/**
 * `-o junit`: the report as JUnit XML for CI dashboards (Jenkins, GitLab, GitHub test reporters):
 * one `<testcase>` per subject of the report (pod, workload, Service/Ingress/PVC), grouped in one
 * `<testsuite>` per kind (Pod, Deployment, Service ...), failing when it has a finding of warning
 * or worse. Without --all the report lists only the objects with findings; with it, every pod
 * is a testcase and healthy ones pass. Each of the report's warnings (a check that could not
 * run) is a skipped testcase of a last suite, `kdiag: not checked`, so a dashboard shows it.
 * @returns the XML document, newline-terminated
 */
export function renderJunit(r: Report): string {
  const byKind = new Map<string, Subject[]>();
  for (const s of subjectsOf(r)) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s]);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const [kind, list] of byKind) {
    const f = list.filter((s) => s.findings.some(failing)).length;
    tests += list.length;
    failures += f;
    suites.push(`  <testsuite name="${escapeXml(kind, true)}" tests="${list.length}" failures="${f}" errors="0" skipped="0" time="0">\n${list.map(testcase).join('\n')}\n  </testsuite>`);
  }
  if (r.warnings.length) {
    tests += r.warnings.length;
    const cases = r.warnings.map((w, i) => `    <testcase classname="kdiag" name="not checked ${i + 1}" time="0">\n      <skipped message="${escapeXml(w, true)}"/>\n    </testcase>`);
    suites.push(`  <testsuite name="kdiag: not checked" tests="${r.warnings.length}" failures="0" errors="0" skipped="${r.warnings.length}" time="0">\n${cases.join('\n')}\n  </testsuite>`);
  }
  const skipped = r.warnings.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kdiag" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="0">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}
