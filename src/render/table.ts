import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Finding, PodReport, Report } from '../engine/report.js';
import type { Severity } from '../rules/types.js';
import { painter, type RenderOptions } from './options.js';
import wrapAnsi from 'wrap-ansi';
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

/** `12 pods: 4 healthy, 8 failing (5 critical, 3 warning, 1 info)` */
export function summaryLine(r: Report): string {
  const s = r.summary;
  const sev = (['critical', 'warning', 'info'] as Severity[]).filter((k) => s.bySeverity[k]).map((k) => `${s.bySeverity[k]} ${k}`);
  return `${s.pods} pod${s.pods === 1 ? '' : 's'} scanned: ${s.healthy} healthy, ${s.failing} failing${sev.length ? ` (${sev.join(', ')})` : ''}`;
}

function footer(r: Report, c: ChalkInstance): string {
  return r.warnings.map((w) => c.yellow(`warning: ${safeText(w)}`)).join('\n');
}

/**
 * `kdiag scan` table: one row per pod (NAMESPACE, POD, STATUS, READY, RESTARTS, CAUSE,
 * REMEDIATION), then the summary line and the warnings. Column widths fit `opts.width`
 * (at least 100 columns assumed readable); long texts wrap, workload text is made safe.
 */
export function renderScanTable(r: Report, opts: RenderOptions): string {
  const c = painter(opts);
  const out: string[] = [];
  if (r.pods.length) {
    const cap = (vals: string[], head: string, max: number) => Math.min(max, Math.max(head.length, ...vals.map((v) => v.length)));
    const ns = cap(r.pods.map((p) => p.namespace), 'NAMESPACE', 16);
    const pod = cap(r.pods.map((p) => p.name), 'POD', 30);
    const st = cap(r.pods.map((p) => p.status), 'STATUS', 26);
    const rd = cap(r.pods.map((p) => p.ready), 'READY', 7);
    const rs = cap(r.pods.map((p) => p.restarts), 'RESTARTS', 14);
    const fixed = ns + pod + st + rd + rs + 6;
    const rest = Math.max(40, opts.width - fixed);
    const cause = Math.max(18, Math.floor(rest * 0.4));
    const rem = Math.max(20, rest - cause - 1);
    const t = new Table({
      head: ['NAMESPACE', 'POD', 'STATUS', 'READY', 'RESTARTS', 'CAUSE', 'REMEDIATION'],
      chars: PLAIN,
      style: { head: opts.color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
      colWidths: [ns + 1, pod + 1, st + 1, rd + 1, rs + 1, cause + 1, rem],
    });
    for (const p of r.pods) {
      const f = p.findings[0];
      const color = f ? sevColor(c, f.severity) : c.green;
      const more = p.findings.length > 1 ? ` (+${p.findings.length - 1})` : '';
      t.push([
        truncate(p.namespace, ns),
        truncate(p.name, pod),
        color(truncate(p.status, st)),
        p.ready,
        truncate(p.restarts, rs),
        f ? color(wrap(`${safeText(f.title)}${more}`, cause, 3)) : c.green('healthy'),
        // the table keeps rows short: two lines of the remediation; `kdiag pod` shows it all
        f ? wrap(safeText(f.remediation), rem, 2) : '',
      ]);
    }
    out.push(t.toString());
    out.push('');
  }
  out.push(summaryLine(r));
  if (r.pods.some((p) => p.findings.length)) out.push(c.dim('Details, evidence and the full remediation: kdiag pod NAME -n NAMESPACE'));
  if (r.warnings.length) out.push(footer(r, c));
  return `${out.join('\n')}\n`;
}

function findingBlock(f: Finding, i: number, c: ChalkInstance, width: number): string {
  const color = sevColor(c, f.severity);
  const where = f.container ? ` [${f.containerType === 'regular' ? 'container' : f.containerType === 'init' ? 'init container' : 'sidecar'} ${f.container}]` : '';
  const head = `${i === 0 ? c.bold('Primary cause') : c.bold(`Also (${i + 1})`)}  ${color(f.severity.toUpperCase())}  ${c.bold(safeText(f.title))}${where}  ${c.dim(f.ruleId)}`;
  const textWidth = Math.max(30, width - 18);
  const t = new Table({
    chars: PLAIN,
    style: { head: [], border: [], 'padding-left': 2, 'padding-right': 0, compact: true },
    colWidths: [16, textWidth + 2],
  });
  t.push(['Cause', wrap(safeText(f.cause), textWidth)]);
  t.push(['What to do', wrap(safeText(f.remediation), textWidth)]);
  const ev = f.evidence.map((e) => {
    const body = wrap(safeText(e.text), textWidth - 10).split('\n');
    return body.map((l, i) => `${i === 0 ? c.dim(e.type.padEnd(9)) : ' '.repeat(9)} ${l}`).join('\n');
  });
  if (ev.length) t.push(['Evidence', ev.join('\n')]);
  if (f.docs.length) t.push(['Docs', f.docs.join('\n')]);
  return `${head}\n${t.toString()}`;
}

/**
 * `kdiag pod` view: the status line (STATUS, READY, RESTARTS as kubectl prints them,
 * node, age, owner), then each finding with cause, remediation, evidence and docs.
 */
export function renderPodDetail(r: Report, opts: RenderOptions): string {
  const c = painter(opts);
  const out: string[] = [];
  for (const p of r.pods) out.push(podBlock(p, c, opts.width));
  if (r.warnings.length) out.push(footer(r, c));
  return `${out.join('\n\n')}\n`;
}

function podBlock(p: PodReport, c: ChalkInstance, width: number): string {
  const f = p.findings[0];
  const color = f ? sevColor(c, f.severity) : c.green;
  const lines = [
    `${c.bold(`Pod ${p.namespace}/${p.name}`)}`,
    `  Status: ${color(p.status)}   Ready: ${p.ready}   Restarts: ${p.restarts}   Age: ${p.age}`,
    `  Node: ${p.node ?? '<none>'}   Owner: ${p.owner ? `${p.owner.kind}/${p.owner.name}` : '<none>'}`,
    '',
  ];
  if (!p.findings.length) lines.push(c.green('No problem found: the pod is running as expected.'));
  p.findings.forEach((x, i) => lines.push(findingBlock(x, i, c, width), ''));
  return lines.join('\n').trimEnd();
}
