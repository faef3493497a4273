import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Finding, PodReport, Report } from '../report/types.js';
import type { Severity } from '../lang.js';
import { painter, type RenderOptions } from './options.js';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { ui, type UiText } from './i18n.js';
import { safeText, truncate } from './text.js';

/** Borderless, kubectl-like table layout. */
const PLAIN = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: ' ',
};

/**
 * Wraps text to `width` terminal columns (wide CJK characters count 2; text without spaces
 * breaks anywhere), optionally keeping only the first `maxLines` lines with an ellipsis.
 * Cells are wrapped here rather than by cli-table3, whose own wrapping cuts CJK text.
 */
function wrap(text: string, width: number, maxLines = Infinity): string {
  const lines = wrapAnsi(text, Math.max(4, width), { hard: true, trim: true }).split('\n');
  if (lines.length <= maxLines) return lines.join('\n');
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${wrapAnsi(kept[maxLines - 1], Math.max(4, width - 1), { hard: true }).split('\n')[0]}…`;
  return kept.join('\n');
}

function sevColor(c: ChalkInstance, s: Severity): ChalkInstance {
  return s === 'critical' ? c.red.bold : s === 'warning' ? c.yellow : c.cyan;
}

/**
 * `12 pods scanned: 4 healthy (1 with info findings), 8 failing (5 critical, 3 warning)`, in
 * the report's language: the failing pods by their worst severity (they add up to failing).
 */
export function summaryLine(r: Report, t: UiText = ui('en')): string {
  const s = r.summary;
  const sev = (['critical', 'warning'] as Severity[]).filter((k) => s.bySeverity[k]).map((k): [string, number] => [k, s.bySeverity[k]]);
  return t.summary({ pods: s.pods, healthy: s.healthy, failing: s.failing, sev, info: s.bySeverity.info });
}

function footer(r: Report, c: ChalkInstance, t: UiText): string {
  return r.warnings.map((w) => c.yellow(`${t.warning}: ${safeText(w)}`)).join('\n');
}

/**
 * `kdiag scan` table: one row per pod with NAMESPACE, POD, STATUS, READY, RESTARTS (as
 * kubectl prints them, never cut), then the primary cause and its remediation; then the
 * summary line and the warnings. On a terminal wide enough, CAUSE and REMEDIATION are
 * columns; on narrower ones (100 columns) they go on the row's second line, under POD, so
 * no column is squeezed. Workload text is made safe for the terminal.
 */
export function renderScanTable(r: Report, opts: RenderOptions): string {
  const c = painter(opts);
  const t = ui(opts.lang);
  const out: string[] = [];
  if (r.pods.length) {
    const w = (vals: string[], head: string) => Math.max(stringWidth(head), ...vals.map((v) => stringWidth(v)));
    const ns = w(r.pods.map((p) => p.namespace), t.namespace);
    const pod = w(r.pods.map((p) => p.name), t.pod);
    const st = w(r.pods.map((p) => p.status), t.status);
    const rd = w(r.pods.map((p) => p.ready), t.ready);
    const rs = w(r.pods.map((p) => p.restarts), t.restarts);
    const fixed = ns + pod + st + rd + rs + 5;
    const wide = opts.width - fixed >= 60;
    const style = { head: opts.color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true };
    const cells = (p: PodReport, color: ChalkInstance) => [p.namespace, p.name, color(p.status), p.ready, p.restarts];
    if (wide) {
      const cause = Math.min(40, Math.floor((opts.width - fixed) * 0.4));
      const rem = opts.width - fixed - cause - 2;
      const tb = new Table({
        head: [t.namespace, t.pod, t.status, t.ready, t.restarts, t.cause, t.remediation],
        chars: PLAIN,
        style,
        colWidths: [ns + 1, pod + 1, st + 1, rd + 1, rs + 1, cause + 1, rem],
      });
      for (const p of r.pods) {
        const f = p.findings[0];
        const color = f ? sevColor(c, f.severity) : c.green;
        const more = p.findings.length > 1 ? t.more(p.findings.length - 1) : '';
        tb.push([
          ...cells(p, color),
          f ? color(wrap(truncate(`${safeText(f.title)}${more}`, cause * 4), cause, 3)) : c.green(t.healthy),
          // rows stay short: two lines of the remediation; `kdiag pod` shows all of it
          f ? wrap(truncate(safeText(f.remediation), rem * 3), rem, 2) : '',
        ]);
      }
      out.push(tb.toString());
    } else {
      const tb = new Table({
        head: [t.namespace, t.pod, t.status, t.ready, t.restarts],
        chars: PLAIN,
        style,
        colWidths: [ns + 1, pod + 1, st + 1, rd + 1, rs],
      });
      for (const p of r.pods) tb.push(cells(p, p.findings[0] ? sevColor(c, p.findings[0].severity) : c.green));
      // every cell fits its column, so each row is exactly one line: the cause goes below it
      const lines = tb.toString().split('\n').map((l) => l.trimEnd());
      out.push(lines[0]);
      const textWidth = Math.max(30, opts.width - 4);
      r.pods.forEach((p, i) => {
        out.push(lines[i + 1]);
        const f = p.findings[0];
        if (!f) return void out.push(`  ${c.green(t.healthy)}`);
        const color = sevColor(c, f.severity);
        const more = p.findings.length > 1 ? t.more(p.findings.length - 1) : '';
        const title = safeText(f.title);
        const text = wrap(truncate(`${title}${more}${t.sep}${safeText(f.remediation)}`, textWidth * 3), textWidth, 2);
        out.push(text.replace(title, color(title)).replace(more, c.dim(more)).replace(/^/gm, '  '));
      });
    }
    out.push('');
  }
  if (r.workloads.length) {
    out.push(c.bold(t.workloads));
    for (const w of r.workloads) {
      const f = w.findings[0];
      const color = sevColor(c, f.severity);
      out.push(`${w.namespace}  ${w.kind}/${w.name}`);
      const title = safeText(f.title);
      out.push(wrap(truncate(`${title}${t.sep}${safeText(f.cause)} ${safeText(f.remediation)}`, opts.width * 4), Math.max(30, opts.width - 4), 3).replace(title, color(title)).replace(/^/gm, '  '));
    }
    out.push('');
  }
  out.push(summaryLine(r, t));
  if (r.pods.some((p) => p.findings.length)) out.push(c.dim(t.details));
  if (r.warnings.length) out.push(footer(r, c, t));
  return `${out.join('\n')}\n`;
}

/** Characters of one evidence line shown on a terminal; `-o json` keeps all of it. */
export const MAX_EVIDENCE_CHARS = 1000;

function findingBlock(f: Finding, i: number, c: ChalkInstance, width: number, t: UiText): string {
  const color = sevColor(c, f.severity);
  const where = f.container ? ` [${t.container(f.containerType ?? 'regular', f.container)}]` : '';
  const head = `${i === 0 ? c.bold(t.primary) : c.bold(t.also(i + 1))}  ${color(t.severity[f.severity])}  ${c.bold(safeText(f.title))}${where}  ${c.dim(f.ruleId)}`;
  const textWidth = Math.max(30, width - 18);
  // a hand-made two-column layout: cli-table3 takes time cubic in a cell's line count, and a
  // workload's event message can be kilobytes long
  const rows: string[] = [];
  const field = (label: string, text: string) => {
    const pad = ' '.repeat(Math.max(1, 16 - 2 - stringWidth(label)));
    text.split('\n').forEach((l, i) => rows.push(`  ${i === 0 ? `${label}${pad}` : ' '.repeat(14)}  ${l}`.trimEnd()));
  };
  field(cap(t.cause), wrap(truncate(safeText(f.cause), MAX_EVIDENCE_CHARS * 2), textWidth));
  field(t.whatToDo, wrap(truncate(safeText(f.remediation), MAX_EVIDENCE_CHARS * 2), textWidth));
  const ev = f.evidence.map((e) => {
    const body = wrap(truncate(safeText(e.text), MAX_EVIDENCE_CHARS), textWidth - 10).split('\n');
    return body.map((l, i) => `${i === 0 ? c.dim(e.type.padEnd(9)) : ' '.repeat(9)} ${l}`).join('\n');
  });
  if (ev.length) field(t.evidence, ev.join('\n'));
  if (f.docs.length) field(t.docs, f.docs.map((d) => wrap(d, textWidth)).join('\n'));
  return `${head}\n${rows.join('\n')}`;
}

/**
 * `kdiag pod` view: the status line (STATUS, READY, RESTARTS as kubectl prints them,
 * node, age, owner), then each finding with cause, remediation, evidence and docs.
 */
export function renderPodDetail(r: Report, opts: RenderOptions): string {
  const c = painter(opts);
  const t = ui(opts.lang);
  const out: string[] = [];
  for (const p of r.pods) out.push(podBlock(p, c, opts.width, t));
  for (const w of r.workloads) {
    out.push([c.bold(`${w.kind} ${w.namespace}/${w.name}`), '', ...w.findings.map((f, i) => findingBlock(f, i, c, opts.width, t))].join('\n'));
  }
  if (r.warnings.length) out.push(footer(r, c, t));
  return `${out.join('\n\n')}\n`;
}

/** `STATUS` -> `Status`; CJK words are left as they are. */
function cap(s: string): string {
  return /^[A-Z]+$/.test(s) ? s.charAt(0) + s.slice(1).toLowerCase() : s;
}

function podBlock(p: PodReport, c: ChalkInstance, width: number, t: UiText): string {
  const f = p.findings[0];
  const color = f ? sevColor(c, f.severity) : c.green;
  const lines = [
    `${c.bold(`Pod ${p.namespace}/${p.name}`)}`,
    `  ${cap(t.status)}: ${color(p.status)}   ${cap(t.ready)}: ${p.ready}   ${cap(t.restarts)}: ${p.restarts}   ${t.age}: ${p.age}`,
    `  ${t.node}: ${p.node ?? t.none}   ${t.owner}: ${p.owner ? `${p.owner.kind}/${p.owner.name}` : t.none}`,
    '',
  ];
  if (!p.findings.length) lines.push(c.green(t.noProblem));
  p.findings.forEach((x, i) => lines.push(findingBlock(x, i, c, width, t), ''));
  return lines.join('\n').trimEnd();
}
