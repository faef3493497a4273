import type { Finding, Report } from '../report/types.js';
import type { Lang } from '../lang.js';
import { ui } from './i18n.js';
import { objectsLine, summaryLine } from './table.js';
import { placeOf, subjectsOf, visibleControls, worstSeverity, type Subject } from './subjects.js';

/** kdiag's own words of the markdown report that the table's words (render/i18n.ts) do not have. */
const WORDS: Record<Lang, { title: string; notChecked: string; noFailing: string; noFailingButUnchecked: string; pods: string; subject: string; severity: string; cause: string }> = {
  en: {
    title: 'kdiag report',
    notChecked: 'Not checked',
    noFailing: 'No finding of severity warning or worse.',
    noFailingButUnchecked: 'No finding of severity warning or worse in what could be checked; some checks could not run (above).',
    pods: 'Pods',
    subject: 'Object',
    severity: 'Severity',
    cause: 'Primary cause',
  },
  zh: {
    title: 'kdiag 报告',
    notChecked: '未能检查',
    noFailing: '没有严重程度为警告或更高的问题。',
    noFailingButUnchecked: '在能够检查的范围内没有严重程度为警告或更高的问题；部分检查未能执行（见上）。',
    pods: 'Pod',
    subject: '对象',
    severity: '严重程度',
    cause: '主要原因',
  },
  ja: {
    title: 'kdiag レポート',
    notChecked: '確認できなかった項目',
    noFailing: '警告以上の重大度の検出はありません。',
    noFailingButUnchecked: '確認できた範囲では警告以上の重大度の検出はありません。一部の確認は実行できませんでした（上記）。',
    pods: 'Pod',
    subject: 'オブジェクト',
    severity: '重大度',
    cause: '主な原因',
  },
};

/** Text for HTML: `&`, `<`, `>` and `"` as entities (inside `<summary>`, where markdown is not read). */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Text from the cluster or a rule as inline markdown that renders as the same characters: every
 * character that starts markup inline (`` \ ` * _ [ ] | ~ ``) is backslash-escaped
 * (https://spec.commonmark.org/0.31.2/#backslash-escapes), and so is a leading heading, list or
 * rule marker; `&`, `<` and `>` become entities (no raw HTML, no entity of the text's own);
 * newlines become spaces (a table cell is one line). Other punctuation is left as it is, so the
 * text still reads well where markdown is not rendered. Control characters are shown as `\xNN`.
 */
export function escapeMarkdown(s: string): string {
  return escapeInline(s).replace(/^(\s*)([#=+-]|\d+[.)])/, '$1\\$2');
}

/** {@link escapeMarkdown} without the leading block marker: for text that continues a line. */
function escapeInline(s: string): string {
  return visibleControls(s)
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * A rule text (cause, remediation) as markdown: its `code spans` kept as code (they hold
 * commands to copy; CommonMark shows their content verbatim, raw HTML included), everything
 * else escaped with {@link escapeMarkdown}, so a value filled in from the cluster cannot add markup.
 */
export function ruleTextMarkdown(s: string): string {
  let out = '';
  let last = 0;
  for (const m of s.matchAll(/`[^`\n]+`/g)) {
    out += (last ? escapeInline : escapeMarkdown)(s.slice(last, m.index)) + visibleControls(m[0]);
    last = m.index + m[0].length;
  }
  return out + (last ? escapeInline : escapeMarkdown)(s.slice(last));
}

/** A fenced code block of `lines` whose fence is longer than any run of backticks in them, so no line can close it. */
function fenced(lines: string[]): string {
  const body = lines.map(visibleControls).join('\n');
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${body}\n${fence}`;
}

/** `default/backoff` as it names the subject: `Pod default/backoff` (`Pod prod-eu/default/backoff` in a scan of several clusters). */
function subjectName(s: Subject): string {
  return `${s.kind} ${placeOf(s)}/${s.name}`;
}

/** One finding inside a subject's `<details>`: title, cause, what to do, evidence, docs. */
function findingMarkdown(f: Finding, lang: Lang): string {
  const t = ui(lang);
  const container = f.container && f.containerType ? ` (${escapeMarkdown(t.container(f.containerType, f.container))})` : '';
  const parts = [
    `**${escapeMarkdown(f.title)}** · ${f.severity} · \`${f.ruleId}\`${container}`,
    ruleTextMarkdown(f.cause),
    `**${escapeMarkdown(t.whatToDo)}${t.sep.trim()}** ${ruleTextMarkdown(f.remediation)}`,
  ];
  if (f.evidence.length) parts.push(`${escapeMarkdown(t.evidence)}${t.sep.trim()}\n\n${fenced(f.evidence.map((e) => `[${e.type}] ${e.text}`))}`);
  if (f.docs.length) parts.push(`${escapeMarkdown(t.docs)}${t.sep.trim()} ${f.docs.map((d) => `<${d.replace(/[<>\s]/g, encodeURIComponent)}>`).join(' ')}`);
  return parts.join('\n\n');
}

/** A subject's table row: severity, object, status, primary cause (title and rule id). */
function row(s: Subject): string {
  const f = s.findings[0];
  const status = s.status ? ` (${escapeMarkdown(s.status)})` : '';
  return `| ${worstSeverity(s.findings)} | ${escapeMarkdown(subjectName(s))}${status} | ${escapeMarkdown(f.title)} \`${f.ruleId}\`${s.findings.length > 1 ? ` +${s.findings.length - 1}` : ''} |`;
}

/** A subject's collapsed block: its primary cause in the summary line, every finding inside. */
function details(s: Subject, lang: Lang): string {
  const f = s.findings[0];
  return [
    `<details><summary><b>${escapeHtml(subjectName(s))}</b>: ${escapeHtml(f.title)} (<code>${escapeHtml(f.ruleId)}</code>)</summary>`,
    '',
    s.findings.map((x) => findingMarkdown(x, lang)).join('\n\n---\n\n'),
    '',
    '</details>',
  ].join('\n');
}

/**
 * `-o markdown`: the report for a ticket or a chat (GitHub-flavored markdown). The summary
 * first, then what could not be checked (never an all-clear that hides it), then per section
 * (pods, workloads, Services/Ingresses/PVCs) a table of the objects with findings and each
 * object's findings collapsed in `<details>` with cause, remediation and evidence. Every text
 * from the cluster is escaped (see {@link escapeMarkdown}); evidence lines are in code blocks.
 * Healthy objects listed with --all (no findings) are counted in the summary, not listed.
 * @returns the markdown text, newline-terminated
 */
export function renderMarkdown(r: Report, opts: { lang?: Lang } = {}): string {
  const lang = opts.lang ?? 'en';
  const t = ui(lang);
  const w = WORDS[lang];
  const out: string[] = [`## ${w.title}`, '', escapeMarkdown(summaryLine(r, t))];
  const objects = objectsLine(r, t);
  if (objects) out.push('', escapeMarkdown(objects));
  if (r.warnings.length) out.push('', `> [!WARNING]`, `> **${escapeMarkdown(w.notChecked)}**`, ...r.warnings.map((x) => `> - ${escapeMarkdown(x)}`));
  const subjects = subjectsOf(r).filter((s) => s.findings.length);
  const failing = subjects.some((s) => s.findings.some((f) => f.severity !== 'info'));
  if (!failing) out.push('', r.warnings.length ? w.noFailingButUnchecked : w.noFailing);
  const sections: [Subject['section'], string][] = [
    ['pods', w.pods],
    ['workloads', t.workloads.replace(/[:：]$/, '')],
    ['resources', t.resources.replace(/[:：]$/, '')],
  ];
  for (const [section, heading] of sections) {
    const list = subjects.filter((s) => s.section === section);
    if (!list.length) continue;
    out.push('', `### ${escapeMarkdown(heading)} (${list.length})`, '', `| ${w.severity} | ${w.subject} | ${w.cause} |`, '|---|---|---|', ...list.map(row), '');
    out.push(list.map((s) => details(s, lang)).join('\n\n'));
  }
  return `${out.join('\n')}\n`;
}
