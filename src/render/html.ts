import { createHash } from 'node:crypto';
import type { Lang, Severity } from '../lang.js';
import { isFailing, type Finding, type PodReport, type Report, type ResourceReport, type WorkloadReport } from '../report/types.js';
import { ui, type UiText } from './i18n.js';
import { safeText } from './text.js';
import { placeOf } from './subjects.js';
import { causesByCount } from './table.js';

/**
 * `-o html`: the report as one self-contained HTML page (render/html.ts). Everything is inline
 * (CSS, the filter script, the bar chart as inline SVG); a Content-Security-Policy meta allows
 * only that style and that script (by their SHA-256) and nothing else (`default-src 'none'`),
 * so the page fetches nothing when opened, not even a favicon. Every text that comes from the
 * report is HTML-escaped: log lines and event messages are written by workloads, i.e. attacker
 * controlled. The page's structure, for tests and scripts that read it:
 * - `[data-count=KEY]` holds a summary number (KEY: pods, healthy, failing, critical, warning,
 *   info, workloads, failingWorkloads, resources, failingResources), as in `summary` of `-o json`;
 * - `#causes li[data-cause=ID][data-count=N]`: the bar chart, failing pods by primary cause;
 * - `tbody[data-rows] tr[data-severity][data-namespace][data-cause]`: one row per pod, workload
 *   and Service/Ingress/PVC of the report, filtered by the selects of `#filters`.
 */

/** Severity of a row: its primary finding's, or `healthy` for a pod without findings (`--all`, `kdiag pod`). */
type RowSeverity = Severity | 'healthy';

/** HTML-escapes text for an element or a double-quoted attribute; control characters and terminal escapes are dropped (render/text.ts safeText). */
export function escapeHtml(s: string): string {
  return safeText(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
const e = escapeHtml;

/** The page's style sheet; its hash goes into the Content-Security-Policy. */
const CSS = `
:root{--fg:#1b1f24;--muted:#57606a;--bg:#fff;--card:#f6f8fa;--line:#d0d7de;--crit:#c62828;--warn:#9a6700;--info:#0969da;--ok:#1a7f37;--bar:#c62828}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;--bg:#0d1117;--card:#161b22;--line:#30363d;--crit:#ff7b72;--warn:#d29922;--info:#58a6ff;--ok:#3fb950;--bar:#ff7b72}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:1200px;padding:16px;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Noto Sans CJK JP",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:0 0 4px}h2{font-size:1.15rem;margin:24px 0 8px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.85em}
.muted{color:var(--muted)}
.alert{border:2px solid var(--warn);border-radius:8px;padding:8px 14px;margin:16px 0;background:var(--card)}
.alert h2{margin:4px 0;color:var(--warn)}.alert ul{margin:4px 0;padding-left:20px}
.verdict{font-weight:600;margin:12px 0}.verdict.ok{color:var(--ok)}.verdict.bad{color:var(--crit)}.verdict.partial{color:var(--warn)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px;margin:12px 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.card .n{display:block;font-size:1.6rem;font-weight:700;line-height:1.2}
.card .l{display:block;color:var(--muted);font-size:.9em}
.card.critical .n{color:var(--crit)}.card.warning .n{color:var(--warn)}.card.healthy .n{color:var(--ok)}
#causes{list-style:none;margin:0;padding:0;max-width:760px}
#causes li{display:grid;grid-template-columns:minmax(0,1fr) minmax(60px,35%) 2em;gap:8px;align-items:center;margin:2px 0;break-inside:avoid}
@media (min-width:1000px){#causes{columns:2;column-gap:40px;max-width:none}}
#causes button{all:unset;cursor:pointer;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
#causes button:hover,#causes button:focus-visible{text-decoration:underline}
#causes svg{width:100%;height:14px;display:block}#causes rect{fill:var(--bar)}
#causes .c{text-align:right;font-variant-numeric:tabular-nums}
#filters{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:end;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:16px 0}
#filters label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted);min-width:0;max-width:100%}
#filters select{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:4px;max-width:100%;font-size:1rem}
#filters button{font:inherit;padding:5px 12px;border-radius:6px;border:1px solid var(--line);background:var(--bg);color:var(--fg);cursor:pointer}
.shown{font-size:.9em;color:var(--muted);font-weight:400;margin-left:8px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-size:.85em;color:var(--muted);white-space:nowrap}
td.nw{white-space:nowrap;overflow-wrap:normal}
td.name{min-width:14ch}
td.cause{width:45%}
.sev{display:inline-block;font-size:.75em;font-weight:700;padding:1px 6px;border-radius:4px;border:1px solid currentColor;white-space:nowrap}
.sev.critical{color:var(--crit)}.sev.warning{color:var(--warn)}.sev.info{color:var(--info)}.sev.healthy{color:var(--ok)}
details{margin:2px 0}
summary{cursor:pointer}
summary .rid{color:var(--muted);font-size:.8em;margin-left:6px}
.finding{padding:4px 0 8px 16px;border-left:3px solid var(--line);margin:4px 0 8px 4px}
.finding h4{font-size:.85em;margin:8px 0 2px;color:var(--muted)}
.finding p{margin:2px 0}
.ev{margin:0;padding:0;list-style:none}
.ev li{margin:4px 0}
.ev .t{font-size:.75em;color:var(--muted);text-transform:uppercase}
pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:2px 0;padding:6px 8px;background:var(--card);border-radius:6px}
.nomatch{color:var(--muted);font-style:italic}
a{color:var(--info)}
footer{margin-top:32px;font-size:.85em;color:var(--muted)}
@media (max-width:700px){
body{padding:10px}
thead{display:none}
table,tbody,tr,td{display:block;width:100%}
tr{border:1px solid var(--line);border-radius:8px;margin:0 0 10px;padding:4px 0}
td{border:0;padding:2px 10px}
td[data-label]::before{content:attr(data-label);display:inline-block;min-width:7.5em;color:var(--muted);font-size:.8em}
#causes li{grid-template-columns:minmax(0,1fr) 2em;gap:0 8px;margin:0 0 6px}
#causes button{grid-column:1/-1;white-space:normal}
td.nw{white-space:normal}
#filters label,#filters select{width:100%}
}
@media print{
body{max-width:none;padding:0;font-size:11pt}
#filters,.shown,.nomatch{display:none!important}
tr[hidden]{display:table-row!important}
#causes button{all:unset}
details::details-content{content-visibility:visible;display:block}
summary{list-style:none}summary::-webkit-details-marker{display:none}
tr,.finding,.card{break-inside:avoid}
a{color:inherit}
.alert{border-color:#000}
}
`;

/**
 * The page's script: the filters (severity, namespace, cause) hide the rows that do not match
 * and update each table's `{n} of {total} shown`; a bar of the chart selects its cause; before
 * printing every <details> opens (and closes again after), as a printed page cannot be clicked.
 */
const JS = `
(function(){
var form=document.getElementById('filters');
function val(n){var s=form&&form.elements.namedItem(n);return s?s.value:'';}
function apply(){
  var sev=val('severity'),ns=val('namespace'),cause=val('cause');
  document.querySelectorAll('tbody[data-rows]').forEach(function(tb){
    var shown=0,total=0;
    Array.prototype.forEach.call(tb.rows,function(tr){
      total++;
      var ok=(!sev||tr.dataset.severity===sev)&&(!ns||tr.dataset.namespace===ns)&&(!cause||tr.dataset.cause===cause);
      tr.hidden=!ok;if(ok)shown++;
    });
    var sec=tb.closest('section');
    var out=sec.querySelector('.shown');
    if(out)out.textContent=out.dataset.tpl.replace('{n}',String(shown)).replace('{total}',String(total));
    var nm=sec.querySelector('.nomatch');
    if(nm)nm.hidden=shown>0;
  });
}
if(form){
  form.addEventListener('change',apply);
  form.addEventListener('reset',function(){setTimeout(apply,0);});
  form.addEventListener('submit',function(ev){ev.preventDefault();});
}
document.querySelectorAll('#causes button[data-cause]').forEach(function(b){
  b.addEventListener('click',function(){
    var s=form&&form.elements.namedItem('cause');if(!s)return;
    s.value=b.dataset.cause;apply();
    var t=document.getElementById('pods');if(t)t.scrollIntoView();
  });
});
var closed=[];
window.addEventListener('beforeprint',function(){
  closed=Array.prototype.filter.call(document.querySelectorAll('details'),function(d){return !d.open;});
  closed.forEach(function(d){d.open=true;});
});
window.addEventListener('afterprint',function(){closed.forEach(function(d){d.open=false;});closed=[];});
apply();
})();
`;

/** The CSP source of an inline style or script: `'sha256-BASE64'` of its exact text. */
function hashSource(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** The language of the page's own words (the report's texts are already in it). */
  lang: Lang;
}

/** A table row's subject: a pod, a workload or a Service/Ingress/PVC of the report. */
interface Row {
  severity: RowSeverity;
  namespace: string;
  /** Rule id of the primary finding, '' without findings. */
  cause: string;
  cells: { label: string; html: string; cls?: 'nw' | 'name' | 'cause' }[];
  findings: Finding[];
}

function rowSeverity(findings: Finding[]): RowSeverity {
  return findings[0]?.severity ?? 'healthy';
}

/** The severity badge. */
function badge(sev: RowSeverity, t: UiText): string {
  return `<span class="sev ${sev}">${e(sev === 'healthy' ? t.healthy : t.severity[sev])}</span>`;
}

/** A docs link: only http(s) URLs become links (a user's rule file may say anything). */
function docLink(url: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${e(url)}" rel="noopener noreferrer">${e(url)}</a>` : e(url);
}

/** One finding, expandable: its title in the <summary>, then cause, remediation, evidence and docs. */
function findingHtml(f: Finding, i: number, t: UiText): string {
  const where = f.container ? ` <span class="muted">[${e(t.container(f.containerType ?? 'regular', f.container))}]</span>` : '';
  const label = i === 0 ? '' : `<span class="muted">${e(t.also(i + 1))}:</span> `;
  const ev = f.evidence.length
    ? `<h4>${e(t.evidence)}</h4><ul class="ev">${f.evidence.map((x) => `<li><span class="t">${e(x.type)}</span><pre>${e(x.text)}</pre></li>`).join('')}</ul>`
    : '';
  const docs = f.docs.length ? `<h4>${e(t.docs)}</h4><p>${f.docs.map(docLink).join('<br>')}</p>` : '';
  return (
    `<details class="f" data-rule="${e(f.ruleId)}"><summary>${label}${i === 0 ? '' : `${badge(f.severity, t)} `}<strong>${e(f.title)}</strong>${where}<span class="rid mono">${e(f.ruleId)}</span></summary>` +
    `<div class="finding"><h4>${e(capital(t.cause))}</h4><p>${e(f.cause)}</p><h4>${e(t.whatToDo)}</h4><p>${e(f.remediation)}</p>${ev}${docs}</div></details>`
  );
}

/** `CAUSE` -> `Cause`; CJK words are left as they are. */
function capital(s: string): string {
  return /^[A-Z]+$/.test(s) ? s.charAt(0) + s.slice(1).toLowerCase() : s;
}

function causeCell(findings: Finding[], t: UiText): string {
  return findings.length ? findings.map((f, i) => findingHtml(f, i, t)).join('') : `<span class="muted">${e(t.healthy)}</span>`;
}

/** A section with a table of rows (or nothing when there is no row). */
function tableSection(id: string, title: string, heads: string[], rows: Row[], t: UiText): string {
  if (!rows.length) return '';
  const body = rows
    .map(
      (r) =>
        `<tr data-severity="${r.severity}" data-namespace="${e(r.namespace)}" data-cause="${e(r.cause)}">` +
        r.cells.map((c) => `<td${c.cls ? ` class="${c.cls}"` : ''} data-label="${e(c.label)}">${c.html}</td>`).join('') +
        '</tr>',
    )
    .join('\n');
  const shown = t.html.shown.replace('{n}', String(rows.length)).replace('{total}', String(rows.length));
  return (
    `<section id="${id}"><h2>${e(title)} <output class="shown" data-tpl="${e(t.html.shown)}">${e(shown)}</output></h2>` +
    `<table><thead><tr>${heads.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead>\n<tbody data-rows>\n${body}\n</tbody></table>` +
    `<p class="nomatch" hidden>${e(t.html.noMatch)}</p></section>`
  );
}

/**
 * The row of one subject: its severity, place (context/namespace) and primary cause for the
 * filters; cells: severity, namespace, then `middle`, then the cause.
 */
function subjectRow(o: { findings: Finding[]; namespace: string; context?: string }, t: UiText, middle: Row['cells']): Row {
  const severity = rowSeverity(o.findings);
  return {
    severity,
    namespace: placeOf(o),
    cause: o.findings[0]?.ruleId ?? '',
    findings: o.findings,
    cells: [
      { label: t.html.severity, html: badge(severity, t) },
      { label: capital(t.namespace), html: e(placeOf(o)) },
      ...middle,
      { label: capital(t.cause), html: causeCell(o.findings, t), cls: 'cause' },
    ],
  };
}

function podRows(pods: PodReport[], t: UiText): Row[] {
  return pods.map((p) =>
    subjectRow(p, t, [
      { label: capital(t.pod), html: `<span class="mono">${e(p.name)}</span>`, cls: 'name' },
      { label: capital(t.status), html: e(p.status), cls: 'nw' },
      { label: capital(t.ready), html: e(p.ready), cls: 'nw' },
      { label: capital(t.restarts), html: e(p.restarts), cls: 'nw' },
    ]),
  );
}

function workloadRows(ws: WorkloadReport[], t: UiText): Row[] {
  return ws.map((w) => {
    const causes = w.pods?.failing
      ? `${e(t.podsFailing(w.pods.failing, w.pods.total))}<br><span class="muted mono">${causesByCount(w.pods.byCause)
          .map(([id, n]) => `${e(id)} (${n})`)
          .join(', ')}</span>`
      : '';
    return subjectRow(w, t, [
      { label: t.html.object, html: `<span class="mono">${e(`${w.kind}/${w.name}`)}</span>`, cls: 'name' },
      { label: capital(t.ready), html: e(w.ready ?? ''), cls: 'nw' },
      { label: t.html.podsFailing, html: causes },
    ]);
  });
}

function resourceRows(rs: ResourceReport[], t: UiText): Row[] {
  return rs.map((x) => subjectRow(x, t, [{ label: t.html.object, html: `<span class="mono">${e(`${x.kind}/${x.name}`)}</span>`, cls: 'name' }]));
}

/**
 * Failing pods counted by the rule id of their primary cause, most first (ties by id), with
 * that rule's title in the report's language. The counts add up to `summary.failing` when
 * `pods` holds every failing pod (it does: pods with findings are always listed).
 */
export function failingByCause(r: Report): { ruleId: string; title: string; count: number }[] {
  const m = new Map<string, { ruleId: string; title: string; count: number }>();
  for (const p of r.pods) {
    const f = p.findings[0];
    if (!f || !isFailing(p)) continue;
    const x = m.get(f.ruleId) ?? { ruleId: f.ruleId, title: f.title, count: 0 };
    x.count++;
    m.set(f.ruleId, x);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : 1));
}

/** The bar chart of {@link failingByCause}: a list of buttons (select the cause) with an inline SVG bar each. */
function causeChart(r: Report, t: UiText): string {
  const causes = failingByCause(r);
  if (!causes.length) return '';
  const max = Math.max(...causes.map((c) => c.count));
  const items = causes.map((c) => {
    const w = ((c.count / max) * 100).toFixed(1);
    return (
      `<li data-cause="${e(c.ruleId)}" data-count="${c.count}"><button type="button" data-cause="${e(c.ruleId)}" title="${e(`${t.html.showCause}: ${c.ruleId}`)}">${e(c.title)} <span class="muted mono">${e(c.ruleId)}</span></button>` +
      `<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true"><rect x="0" y="0" width="${w}" height="10"/></svg><span class="c">${c.count}</span></li>`
    );
  });
  return `<h2>${e(t.html.byCause)}</h2><ul id="causes">${items.join('')}</ul>`;
}

/** A summary card: `[data-count=key]` holds the number. */
function card(key: string, n: number, label: string, cls = '', sub = ''): string {
  return `<div class="card ${cls}"><span class="n" data-count="${key}">${n}</span><span class="l">${e(label)}</span>${sub}</div>`;
}

function summaryCards(r: Report, t: UiText): string {
  const s = r.summary;
  const cards = [
    card('pods', s.pods, t.html.podsScanned),
    card('healthy', s.healthy, t.html.healthy, 'healthy'),
    card('failing', s.failing, t.html.failing, s.failing ? 'critical' : ''),
    card('critical', s.bySeverity.critical, t.severity.critical, 'critical'),
    card('warning', s.bySeverity.warning, t.severity.warning, 'warning'),
  ];
  if (s.bySeverity.info) cards.push(card('info', s.bySeverity.info, t.html.infoOnly));
  const sub = (key: string, n: number) => `<span class="l"><span data-count="${key}">${n}</span> ${e(t.html.failing)}</span>`;
  // as the table's summary: the objects other than pods only when some were examined (not for `kdiag pod`)
  if (objectsExamined(r) && s.workloads !== undefined) cards.push(card('workloads', s.workloads, t.html.workloadsChecked, s.failingWorkloads ? 'warning' : '', sub('failingWorkloads', s.failingWorkloads)));
  if (objectsExamined(r) && s.resources !== undefined) cards.push(card('resources', s.resources, t.html.resourcesChecked, s.failingResources ? 'warning' : '', sub('failingResources', s.failingResources ?? 0)));
  return `<div class="cards">${cards.join('')}</div>`;
}

/**
 * The verdict line under the heading: never an all-clear when some checks could not run
 * (report warnings), nor when something fails.
 */
function verdict(r: Report, t: UiText): string {
  const failing = r.pods.some(isFailing) || r.workloads.some(isFailing) || (r.resources ?? []).some(isFailing);
  if (failing) {
    const words = [summaryText(r, t), ...(objectsExamined(r) ? [objectsText(r, t)] : [])];
    return `<p class="verdict bad">${words.map(e).join('<br>')}</p>`;
  }
  if (r.warnings.length) return `<p class="verdict partial">${e(t.html.clearButUnchecked(r.warnings.length))}</p>`;
  return `<p class="verdict ok">${e(t.html.allClear)} ${e(summaryText(r, t))}</p>`;
}

/** Whether workloads or Services/Ingresses/PVCs were examined (none for `kdiag pod`, `-l`, a pod-only snapshot). */
function objectsExamined(r: Report): boolean {
  return !!(r.summary.workloads || r.summary.resources);
}

function summaryText(r: Report, t: UiText): string {
  const s = r.summary;
  const sev = (['critical', 'warning'] as Severity[]).filter((k) => s.bySeverity[k]).map((k): [string, number] => [k, s.bySeverity[k]]);
  return t.summary({ pods: s.pods, healthy: s.healthy, failing: s.failing, sev, info: s.bySeverity.info });
}

function objectsText(r: Report, t: UiText): string {
  const s = r.summary;
  return t.objectsSummary({ workloads: s.workloads ?? 0, failingWorkloads: s.failingWorkloads, resources: s.resources ?? 0, failingResources: s.failingResources ?? 0 });
}

/** The filter form: a select per dimension, its options the values the rows have (causes most frequent first). */
function filters(rows: Row[], t: UiText): string {
  if (rows.length < 2) return '';
  const order: RowSeverity[] = ['critical', 'warning', 'info', 'healthy'];
  const sevs = order.filter((s) => rows.some((r) => r.severity === s));
  const namespaces = [...new Set(rows.map((r) => r.namespace))].sort();
  const causes = new Map<string, { title: string; n: number }>();
  for (const r of rows) {
    if (!r.cause) continue;
    const c = causes.get(r.cause) ?? { title: r.findings[0].title, n: 0 };
    c.n++;
    causes.set(r.cause, c);
  }
  const causeList = [...causes.entries()].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1));
  const opt = (v: string, label: string) => `<option value="${e(v)}">${e(label)}</option>`;
  const any = opt('', t.html.any);
  const select = (name: string, label: string, options: string[]) => `<label>${e(label)}<select name="${name}">${any}${options.join('')}</select></label>`;
  return (
    `<form id="filters" role="search"><strong>${e(t.html.filter)}</strong>` +
    select('severity', t.html.severity, sevs.map((s) => opt(s, s === 'healthy' ? t.healthy : t.severity[s]))) +
    select('namespace', capital(t.namespace), namespaces.map((n) => opt(n, n))) +
    select('cause', capital(t.cause), causeList.map(([id, c]) => opt(id, `${c.title} (${id}) ${c.n}`))) +
    `<button type="reset">${e(t.html.reset)}</button></form>`
  );
}

/**
 * `-o html`: the report as one self-contained HTML5 page (see the module doc): the verdict
 * and summary counts (pods by severity, workloads, Services/Ingresses/PVCs), the warnings
 * (what could not be checked) in a box above everything else, a bar chart of the failing
 * pods' primary causes, a filter form, then a table each of pods, workloads and
 * Services/Ingresses/PVCs with every finding expandable (cause, remediation, evidence, docs).
 * Words in `opts.lang`; deterministic (no clock), so the same report gives the same bytes.
 */
export function renderHtml(r: Report, opts: HtmlOptions): string {
  const t = ui(opts.lang);
  const h = t.html;
  const pods = podRows(r.pods, t);
  const workloads = workloadRows(r.workloads, t);
  const resources = resourceRows(r.resources ?? [], t);
  const all = [...pods, ...workloads, ...resources];
  const csp = `default-src 'none'; style-src ${hashSource(CSS)}; script-src ${hashSource(JS)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
  const warnings = r.warnings.length
    ? `<section class="alert" role="alert" id="warnings"><h2>⚠ ${e(h.notChecked)} (${r.warnings.length})</h2><p>${e(h.notCheckedIntro)}</p><ul>${r.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></section>`
    : '';
  const title = `${h.title}: ${summaryText(r, t)}`;
  return `<!DOCTYPE html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kdiag (${e(r.apiVersion)})">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${e(h.title)}</h1><p class="muted">${e(h.source({ type: r.source.type, context: r.source.context, server: r.source.server, path: r.source.path }))}</p></header>
<main>
${warnings}
<section id="summary">${verdict(r, t)}${summaryCards(r, t)}${causeChart(r, t)}</section>
${filters(all, t)}
${tableSection('pods', h.pods, [h.severity, capital(t.namespace), capital(t.pod), capital(t.status), capital(t.ready), capital(t.restarts), capital(t.cause)], pods, t)}
${tableSection('workloads', h.workloads, [h.severity, capital(t.namespace), h.object, capital(t.ready), h.podsFailing, capital(t.cause)], workloads, t)}
${tableSection('resources', h.resources, [h.severity, capital(t.namespace), h.object, capital(t.cause)], resources, t)}
</main>
<footer>kdiag · ${e(r.apiVersion)}</footer>
<script>${JS}</script>
</body>
</html>
`;
}
