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
 * `kdiag scan` table: one row per pod with NAMESPACE, POD, STATUS, READY, RESTARTS (as
 * kubectl prints them, never cut), then the primary cause and its remediation; then the
 * summary line and the warnings. On a terminal wide enough, CAUSE and REMEDIATION are
 * columns; on narrower ones (100 columns) they go on the row's second line, under POD, so
 * no column is squeezed. Workload text is made safe for the terminal.
 */
export function renderScanTable(r: Report, opts: RenderOptions): string {
  const c = painter(opts);
  const out: string[] = [];
  if (r.pods.length) {
    const w = (vals: string[], head: string) => Math.max(head.length, ...vals.map((v) => v.length));
    const ns = w(r.pods.map((p) => p.namespace), 'NAMESPACE');
    const pod = w(r.pods.map((p) => p.name), 'POD');
    const st = w(r.pods.map((p) => p.status), 'STATUS');
    const rd = w(r.pods.map((p) => p.ready), 'READY');
    const rs = w(r.pods.map((p) => p.restarts), 'RESTARTS');
    const fixed = ns + pod + st + rd + rs + 5;
    const wide = opts.width - fixed >= 60;
    const style = { head: opts.color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true };
    const cells = (p: PodReport, color: ChalkInstance) => [p.namespace, p.name, color(p.status), p.ready, p.restarts];
    if (wide) {
      const cause = Math.min(40, Math.floor((opts.width - fixed) * 0.4));
      const rem = opts.width - fixed - cause - 2;
      const t = new Table({
        head: ['NAMESPACE', 'POD', 'STATUS', 'READY', 'RESTARTS', 'CAUSE', 'REMEDIATION'],
        chars: PLAIN,
        style,
        colWidths: [ns + 1, pod + 1, st + 1, rd + 1, rs + 1, cause + 1, rem],
      });
      for (const p of r.pods) {
        const f = p.findings[0];
        const color = f ? sevColor(c, f.severity) : c.green;
        const more = p.findings.length > 1 ? ` (+${p.findings.length - 1})` : '';
        t.push([
          ...cells(p, color),
          f ? color(wrap(`${safeText(f.title)}${more}`, cause, 3)) : c.green('healthy'),
          // rows stay short: two lines of the remediation; `kdiag pod` shows all of it
          f ? wrap(safeText(f.remediation), rem, 2) : '',
        ]);
      }
      out.push(t.toString());
    } else {
      const t = new Table({
        head: ['NAMESPACE', 'POD', 'STATUS', 'READY', 'RESTARTS'],
        chars: PLAIN,
        style,
        colWidths: [ns + 1, pod + 1, st + 1, rd + 1, rs],
      });
      for (const p of r.pods) t.push(cells(p, p.findings[0] ? sevColor(c, p.findings[0].severity) : c.green));
      // every cell fits its column, so each row is exactly one line: the cause goes below it
      const lines = t.toString().split('\n').map((l) => l.trimEnd());
      out.push(lines[0]);
      const textWidth = Math.max(30, opts.width - 4);
      r.pods.forEach((p, i) => {
        out.push(lines[i + 1]);
        const f = p.findings[0];
        if (!f) return void out.push(`  ${c.green('healthy')}`);
        const color = sevColor(c, f.severity);
        const more = p.findings.length > 1 ? ` (+${p.findings.length - 1} more)` : '';
        const title = safeText(f.title);
        const text = wrap(`${title}${more}: ${safeText(f.remediation)}`, textWidth, 2);
        out.push(text.replace(title, color(title)).replace(more, c.dim(more)).replace(/^/gm, '  '));
      });
    }
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
  if (f.docs.length) t.push(['Docs', f.docs.map((d) => wrap(d, textWidth)).join('\n')]);
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
