import type { ChalkInstance } from 'chalk';
import { isFailing, type Finding, type PodReport, type Report, type WorkloadReport } from '../report/types.js';
import type { Severity } from '../lang.js';
import { painter, type RenderOptions } from './options.js';
import { ui, type UiText } from './i18n.js';
import { safeText, truncate } from './text.js';
import { breakName, fitColumns, hang, joinFit, maxOf, trimLines, widthOf, wrapLines } from './layout.js';

/**
 * Wraps text to `width` columns (see layout.ts wrapLines: wide characters count 2, text
 * without spaces breaks anywhere, URLs never), optionally keeping only the first `maxLines`
 * lines with an ellipsis.
 */
function wrap(text: string, width: number, maxLines = Infinity): string {
  return wrapLines(text, Number.isFinite(width) ? Math.max(4, width) : width, maxLines).join('\n');
}

export function sevColor(c: ChalkInstance, s: Severity): ChalkInstance {
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

/**
 * `23 workloads checked: 2 failing; 4 Services, Ingresses and PVCs checked: 1 failing`, or null
 * when no object other than pods was examined (`kdiag pod`, `-l`, a pod-only snapshot).
 */
export function objectsLine(r: Report, t: UiText = ui('en')): string | null {
  const s = r.summary;
  if (!s.workloads && !s.resources) return null;
  return t.objectsSummary({ workloads: s.workloads ?? 0, failingWorkloads: s.failingWorkloads, resources: s.resources ?? 0, failingResources: s.failingResources ?? 0 });
}

/** A workload's failing pods by primary cause (`pods.byCause`), most first, ties by rule id. */
export function causesByCount(byCause: Record<string, number>): [string, number][] {
  return Object.entries(byCause).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * A workload's headline: `shop  Deployment/api  ready 2/10  8/10 pods failing: image-not-found (8)`,
 * the failing pods counted by primary cause, most first.
 */
export function workloadHead(w: WorkloadReport, t: UiText): string {
  const parts = [w.namespace, `${w.kind}/${w.name}`];
  if (w.ready) parts.push(`${t.ready} ${w.ready}`);
  if (w.pods?.failing) {
    const causes = causesByCount(w.pods.byCause)
      .map(([id, n]) => `${id} (${n})`)
      .join(', ');
    parts.push(`${t.podsFailing(w.pods.failing, w.pods.total)}${t.sep}${causes}`);
  }
  return parts.join('  ');
}

/** The warnings, one yellow line each (wrapped to `width`). */
export function footer(r: Pick<Report, 'warnings'>, c: ChalkInstance, t: UiText, width: number): string {
  return r.warnings.flatMap((w) => wrapLines(`${t.warning}: ${safeText(w)}`, width).map((l) => c.yellow(l))).join('\n');
}

/** Failing pods shown under their workload in the scan table; the others are listed with --all or the workload's view. */
const GROUPED_PODS = 3;

/** Gap between two table columns, in columns (as `kubectl get` leaves). */
const GAP = 2;

/**
 * One table row: each cell's lines side by side, each padded to its column's width (the last
 * column is not), {@link GAP} columns apart; as many lines as its tallest cell. Tables are laid
 * out here rather than by cli-table3, which takes time cubic in a cell's line count (a
 * 10,000-character name wrapped) and 12 s for 10,000 rows of one line each.
 * @param paint colors a cell's line (column index, text)
 */
function tableRow(cells: string[][], widths: number[], paint: (col: number, text: string) => string = (_i, v) => v): string[] {
  const lines: string[] = [];
  const height = Math.max(...cells.map((x) => x.length));
  for (let l = 0; l < height; l++) {
    let line = '';
    cells.forEach((x, i) => {
      const v = x[l] ?? '';
      line += paint(i, v);
      if (i < cells.length - 1) line += ' '.repeat(Math.max(0, widths[i] - widthOf(v)) + GAP);
    });
    lines.push(line);
  }
  return lines;
}
/** Layout choices of the scan table beyond {@link RenderOptions}. */
export interface ScanTableOptions {
  /** `-o wide`: also AGE, IP, NODE and OWNER (see {@link wideColumns}). */
  wide?: boolean;
  /** `--no-headers`: the rows only, without the header line, the section heading and the summary lines. */
  noHeaders?: boolean;
  /** `--all`: list every pod, also the failing pods of a workload that has a finding (else they are counted under it). */
  all?: boolean;
  /** false: no summary lines and no pointer to the detail views at the end (a several-context table says them itself, render/fleet.ts). */
  summary?: boolean;
}

/** The kdiag command that shows a workload, or null for a kind it has none for (ReplicaSet ...). */
const VIEW_COMMANDS: Record<string, string> = { Deployment: 'deployment', StatefulSet: 'statefulset', DaemonSet: 'daemonset', Job: 'job' };

/**
 * The pods of `r.pods` that belong to a failing workload of `r.workloads`, by workload: a
 * pod's owner is the workload itself (StatefulSet, DaemonSet, Job, ReplicaSet) or, for a
 * Deployment, one of its ReplicaSets (WorkloadReport.replicaSets).
 */
export function podsOfWorkloads(r: Report): Map<WorkloadReport, PodReport[]> {
  const out = new Map<WorkloadReport, PodReport[]>();
  const byOwner = new Map<string, WorkloadReport>();
  for (const w of r.workloads) {
    if (!isFailing(w)) continue;
    byOwner.set(`${w.namespace}/${w.kind}/${w.name}`, w);
    for (const rs of w.replicaSets ?? []) byOwner.set(`${w.namespace}/ReplicaSet/${rs}`, w);
  }
  for (const p of r.pods) {
    const w = p.owner ? byOwner.get(`${p.namespace}/${p.owner.kind}/${p.owner.name}`) : undefined;
    if (!w) continue;
    const l = out.get(w);
    if (l) l.push(p);
    else out.set(w, [p]);
  }
  return out;
}

/**
 * The columns `-o wide` adds after RESTARTS, as `kubectl get pods -o wide` names them: AGE,
 * IP (status.podIPs[0]), NODE (spec.nodeName), then OWNER, kdiag's (the controller,
 * `ReplicaSet/web-7d9f8c6b5`); `<none>` where there is none, as kubectl prints it.
 */
function wideColumns(pods: PodReport[], t: UiText): { head: string; values: string[] }[] {
  return [
    { head: t.age.toUpperCase(), values: pods.map((p) => p.age) },
    { head: 'IP', values: pods.map((p) => p.ip ?? t.none) },
    { head: t.node.toUpperCase(), values: pods.map((p) => p.node ?? t.none) },
    { head: t.owner.toUpperCase(), values: pods.map((p) => (p.owner ? `${p.owner.kind}/${p.owner.name}` : t.none)) },
  ];
}

/** Columns the CAUSE and REMEDIATION need beside the kubectl columns before they become columns themselves. */
const WIDE_TEXT = 60;

/**
 * `kdiag scan` table: one row per pod with NAMESPACE, POD, STATUS, READY, RESTARTS (as
 * kubectl prints them; with `-o wide` also AGE, IP, NODE, OWNER), then the primary cause and
 * its remediation (`--no-headers`: the rows only); then the summary line
 * and the warnings. Laid out for `opts.width`:
 * - no limit (a pipe or a file): one whole line per pod, CAUSE and REMEDIATION as columns
 *   with all of their text, so `grep` finds a pod with its cause;
 * - a terminal with room for them: CAUSE and REMEDIATION as columns, wrapped (3 and 2 lines);
 * - a narrower terminal (80, 100 columns): the cause and the start of its remediation on two
 *   lines under the row; when even the kubectl columns do not fit, the names and statuses
 *   that are too long wrap inside their column (at a `-`, `.`, `:` or a CamelCase word), the
 *   columns chosen so that the fewest cells wrap.
 * No line is wider than the terminal but for a URL too long for any line, on its own line,
 * and no line ends with a space. Workload text is made safe for the terminal.
 */
export function renderScanTable(r: Report, opts: RenderOptions & ScanTableOptions): string {
  const c = painter(opts);
  const t = ui(opts.lang);
  const width = opts.width;
  const out: string[] = [];
  // the failing pods of a workload with a finding are counted under it, not listed one by one (--all lists them)
  const grouped = podsOfWorkloads(r);
  const hidden = new Set(opts.all ? [] : [...grouped.values()].flat());
  const pods = hidden.size ? r.pods.filter((p) => !hidden.has(p)) : r.pods;
  if (pods.length) {
    const extra = opts.wide ? wideColumns(pods, t) : [];
    const head = [t.namespace, t.pod, t.status, t.ready, t.restarts, ...extra.map((x) => x.head)];
    const rows = pods.map((p, i) => [p.namespace, p.name, p.status, p.ready, p.restarts, ...extra.map((x) => x.values[i])]);
    const heads = (lines: string[]) => (opts.noHeaders ? [] : lines);
    const n = head.length;
    const cellWidths = head.map((h, i) => [widthOf(h), ...rows.map((row) => widthOf(row[i]))]);
    const natural = cellWidths.map((ws) => maxOf(ws));
    const fixed = natural.reduce((a, b) => a + b, 0) + GAP * natural.length;
    const bold = (_i: number, v: string) => (opts.color && v ? c.bold(v) : v);
    const title = (p: PodReport) => {
      const f = p.findings[0];
      return f ? `${safeText(f.title)}${p.findings.length > 1 ? t.more(p.findings.length - 1) : ''}` : t.healthy;
    };
    // CAUSE and REMEDIATION are columns: whole on a pipe, wrapped on a wide terminal, unless a
    // URL in the lines shown is wider than its column
    const whole = !Number.isFinite(width);
    const cause = whole ? maxOf(pods.map((p) => widthOf(title(p))), widthOf(t.cause)) : Math.min(40, Math.floor((width - fixed) * 0.4));
    const rem = width - fixed - cause - GAP;
    const texts =
      whole || width - fixed >= WIDE_TEXT
        ? pods.map((p) => {
            const remText = p.findings[0] ? safeText(p.findings[0].remediation) : '';
            // rows stay short: two lines of the remediation; `kdiag pod` shows all of it
            return whole ? [[title(p)], [remText.replace(/\n/g, ' ')]] : [wrapLines(truncate(title(p), cause * 4), cause, 3), wrapLines(truncate(remText, rem * 3), rem, 2)];
          })
        : null;
    const fits = (lines: string[], w: number) => lines.every((l) => widthOf(l) <= w);
    if (texts && (whole || texts.every(([a, b]) => fits(a, cause) && fits(b, rem)))) {
      const widths = [...natural, cause];
      out.push(...heads(tableRow([...head, t.cause, t.remediation].map((h) => [h]), widths, bold)));
      pods.forEach((p, i) => {
        const color = p.findings[0] ? sevColor(c, p.findings[0].severity) : c.green;
        const cells = [...rows[i].map((v) => [v]), ...texts[i]];
        out.push(...tableRow(cells, widths, (col, v) => (v && (col === 2 || col === n) ? color(v) : v)));
      });
    } else {
      // the kubectl columns, each name or status that does not fit wrapped inside its column
      const min = head.map((h) => Math.max(widthOf(h), 8));
      // a namespace is wrapped last: it is what the eye groups the rows by
      const cols = fitColumns(cellWidths, width, GAP, [3, 1, 1, 0, 0, ...extra.map(() => 1)], min);
      out.push(...heads(tableRow(head.map((h) => [h]), cols, bold)));
      for (const [pi, p] of pods.entries()) {
        const color = p.findings[0] ? sevColor(c, p.findings[0].severity) : c.green;
        const cells = rows[pi].map((v, i) => breakName(v, cols[i]));
        out.push(...tableRow(cells, cols, (col, v) => (col === 2 && v ? color(v) : v)));
        // the cause goes below the row
        const textWidth = Math.max(20, width - 2);
        const f = p.findings[0];
        if (!f) {
          out.push(`  ${c.green(t.healthy)}`);
          continue;
        }
        const more = p.findings.length > 1 ? t.more(p.findings.length - 1) : '';
        const ttl = safeText(f.title);
        const text = wrap(truncate(`${ttl}${more}${t.sep}${safeText(f.remediation)}`, textWidth * 3), textWidth, 2);
        out.push(...hang(text.replace(ttl, color(ttl)).replace(more, c.dim(more)).split('\n'), '  ', '  ', width));
      }
    }
    if (!opts.noHeaders) out.push('');
  }
  // pod controllers, then Services, Ingresses and PVCs: a headline each, then the primary cause;
  // under a workload, its first failing pods with their own cause (the rest: --all or its view)
  const textWidth = Math.max(20, width - 2);
  const cause = (f: Finding, more: number, indent: string, lines: number) => {
    const color = sevColor(c, f.severity);
    const title = safeText(f.title);
    const extra = more ? t.more(more) : '';
    const w = Math.max(20, width - indent.length);
    const text = wrap(truncate(`${title}${extra}${t.sep}${safeText(f.cause)} ${safeText(f.remediation)}`, Number.isFinite(width) ? width * (lines + 1) : Infinity), w, lines);
    out.push(...hang(text.replace(title, color(title)).replace(extra, c.dim(extra)).split('\n'), indent, indent, width));
  };
  const section = (title: string, rows: { head: string; findings: Finding[]; pods?: PodReport[]; hiddenPods?: number; view?: string | null; headSays?: boolean }[]) => {
    if (!rows.length) return;
    if (!opts.noHeaders) out.push(c.bold(title));
    for (const row of rows) {
      // a headline too long for the line continues indented, under its namespace
      out.push(...hang(wrapLines(row.head, Number.isFinite(width) ? textWidth : width), '', '  ', width));
      const f = row.findings[0];
      if (!f) out.push(`  ${c.green(t.healthy)}`);
      // "fewer ready pods than desired" is what the headline already counts: its pods say why
      else if (!row.headSays) cause(f, row.findings.length - 1, '  ', 2);
      for (const p of row.pods ?? []) {
        out.push(...hang(wrapLines(`pod/${p.name}  ${p.status}  ${p.ready}  ${p.restarts}`, Math.max(20, width - 2)), '  ', '    ', width));
        if (p.findings[0]) cause(p.findings[0], p.findings.length - 1, '    ', 2);
      }
      if (row.hiddenPods) out.push(...hang(wrapLines(t.podsNotListed(row.hiddenPods, row.view ?? null), Math.max(20, width - 2)), '  ', '  ', width).map((l) => c.dim(l)));
    }
    if (!opts.noHeaders) out.push('');
  };
  section(
    t.workloads,
    r.workloads.map((w) => {
      const failing = opts.all ? [] : (grouped.get(w) ?? []).filter(isFailing);
      const shown = failing.slice(0, GROUPED_PODS);
      const view = VIEW_COMMANDS[w.kind];
      return {
        head: workloadHead(w, t),
        findings: w.findings,
        pods: shown,
        hiddenPods: failing.length - shown.length,
        view: view ? `kdiag ${view} ${w.name} -n ${w.namespace}` : null,
        headSays: w.findings[0]?.ruleId === 'workload-unavailable' && shown.length > 0,
      };
    }),
  );
  section(
    t.resources,
    (r.resources ?? []).map((x) => ({ head: `${x.namespace}  ${x.kind}/${x.name}`, findings: x.findings })),
  );
  if (!opts.noHeaders && opts.summary !== false) {
    out.push(...wrapLines(summaryLine(r, t), width));
    const objects = objectsLine(r, t);
    if (objects) out.push(...wrapLines(objects, width));
    if (r.pods.some((p) => p.findings.length)) out.push(...wrapLines(t.details, width).map((l) => c.dim(l)));
  }
  if (r.warnings.length) out.push(footer(r, c, t, width));
  return out.length ? `${trimLines(out.join('\n'))}\n` : '';
}

/** Characters of one evidence line shown on a terminal; `-o json` keeps all of it. */
export const MAX_EVIDENCE_CHARS = 1000;

/** Columns before the text of a field in the pod view: 2 of indent, the label padded to 14, 2 of gap. */
const LABEL = 18;

/** One finding as the pod view lays it out: head line, cause, what to do, evidence, docs (also `kdiag ingress`). */
export function findingBlock(f: Finding, i: number, c: ChalkInstance, width: number, t: UiText): string {
  const color = sevColor(c, f.severity);
  const where = f.container ? ` [${t.container(f.containerType ?? 'regular', f.container)}]` : '';
  const title = safeText(f.title);
  // label, severity, title and rule id on one line when they fit; else the title (wrapped if
  // need be) and the id go on the lines after
  const titleLines = wrapLines(`${title}${where}`, Math.max(20, width - 2));
  const boldTitle = titleLines.length === 1 ? `${c.bold(title)}${where}` : '';
  const head = joinFit(
    [i === 0 ? c.bold(t.primary) : c.bold(t.also(i + 1)), color(t.severity[f.severity]), ...(boldTitle ? [boldTitle] : titleLines.map((l) => c.bold(l))), c.dim(f.ruleId)],
    '  ',
    width,
    '  ',
  );
  const textWidth = Math.max(20, width - LABEL);
  // a hand-made two-column layout: cli-table3 takes time cubic in a cell's line count, and a
  // workload's event message can be kilobytes long
  const rows: string[] = [];
  const field = (label: string, lines: string[]) => {
    const pad = ' '.repeat(Math.max(1, LABEL - 4 - widthOf(label)));
    rows.push(...hang(lines, `  ${label}${pad}  `, ' '.repeat(LABEL), width));
  };
  field(cap(t.cause), wrapLines(truncate(safeText(f.cause), MAX_EVIDENCE_CHARS * 2), textWidth));
  field(t.whatToDo, wrapLines(truncate(safeText(f.remediation), MAX_EVIDENCE_CHARS * 2), textWidth));
  const ev = f.evidence.flatMap((e) => {
    const body = wrapLines(truncate(safeText(e.text), MAX_EVIDENCE_CHARS), Math.max(10, textWidth - 10));
    return hang(body, `${c.dim(e.type.padEnd(9))} `, ' '.repeat(10), textWidth);
  });
  if (ev.length) field(t.evidence, ev);
  if (f.docs.length) field(t.docs, f.docs.flatMap((d) => wrapLines(d, textWidth)));
  return [...head, ...rows].join('\n');
}

/**
 * `kdiag pod` view: the status line (STATUS, READY, RESTARTS as kubectl prints them,
 * node, age, owner; with `-o wide` also the pod IP), then each finding with cause, remediation, evidence and docs, laid out
 * for `opts.width` as the scan table is (see {@link renderScanTable}): a URL is never split,
 * one too long for its column gets a line of its own; no line ends with a space.
 */
export function renderPodDetail(r: Report, opts: RenderOptions & Pick<ScanTableOptions, 'wide'>): string {
  const c = painter(opts);
  const t = ui(opts.lang);
  const out: string[] = [];
  for (const p of r.pods) out.push(podBlock(p, c, opts.width, t, !!opts.wide));
  for (const w of [...r.workloads, ...(r.resources ?? [])]) {
    out.push([c.bold(`${w.kind} ${w.namespace}/${w.name}`), '', ...w.findings.map((f, i) => findingBlock(f, i, c, opts.width, t))].join('\n'));
  }
  if (r.warnings.length) out.push(footer(r, c, t, opts.width));
  return `${trimLines(out.join('\n\n'))}\n`;
}

/** `STATUS` -> `Status`; CJK words are left as they are. */
function cap(s: string): string {
  return /^[A-Z]+$/.test(s) ? s.charAt(0) + s.slice(1).toLowerCase() : s;
}

function podBlock(p: PodReport, c: ChalkInstance, width: number, t: UiText, wide: boolean): string {
  const f = p.findings[0];
  const color = f ? sevColor(c, f.severity) : c.green;
  const lines = [
    `${c.bold(`Pod ${p.namespace}/${p.name}`)}`,
    ...joinFit([`  ${cap(t.status)}: ${color(p.status)}`, `${cap(t.ready)}: ${p.ready}`, `${cap(t.restarts)}: ${p.restarts}`, `${t.age}: ${p.age}`], '   ', width, '  '),
    ...joinFit([`  ${t.node}: ${p.node ?? t.none}`, ...(wide ? [`IP: ${p.ip ?? t.none}`] : []), `${t.owner}: ${p.owner ? `${p.owner.kind}/${p.owner.name}` : t.none}`], '   ', width, '  '),
    '',
  ];
  if (!p.findings.length) lines.push(...wrapLines(t.noProblem, width).map((l) => c.green(l)));
  p.findings.forEach((x, i) => lines.push(findingBlock(x, i, c, width, t), ''));
  return lines.join('\n').trimEnd();
}
