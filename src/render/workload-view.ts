import type { Lang } from '../lang.js';
import type { WorkloadView } from '../report/workload-view.js';
import { ui } from './i18n.js';
import { hang, joinFit, trimLines, widthOf, wrapLines } from './layout.js';
import { painter, type RenderOptions } from './options.js';
import { findingBlock, footer, sevColor } from './table.js';
import { safeText } from './text.js';

/** The view's own words, per language (kept here: the other views do not use them). */
const WORDS: Record<Lang, { updated: string; available: string; completions: string; failed: string; generation: (g: string, o: string) => string; conditions: string; replicaSets: string; isNew: string; old: string; revision: string; pods: (n: number, failing: number) => string; noPods: string; failedCreate: string; of: (kind: string, name: string) => string }> = {
  en: {
    updated: 'Up-to-date',
    completions: 'Completions',
    failed: 'Failed',
    available: 'Available',
    generation: (g, o) => `Generation: ${g} (observed ${o})`,
    conditions: 'Conditions:',
    replicaSets: 'ReplicaSets:',
    isNew: 'new',
    old: 'old',
    revision: 'revision',
    pods: (n, failing) => `Pods: ${n} (${failing} failing)`,
    noPods: 'Pods: none in the data',
    failedCreate: 'cannot create pods',
    of: (kind, name) => `${kind} ${name}`,
  },
  zh: {
    updated: '已更新',
    completions: '完成数',
    failed: '失败',
    available: '可用',
    generation: (g, o) => `代数：${g}（已观察到 ${o}）`,
    conditions: '状况：',
    replicaSets: 'ReplicaSet：',
    isNew: '新',
    old: '旧',
    revision: '版本',
    pods: (n, failing) => `Pod：${n} 个（${failing} 个异常）`,
    noPods: 'Pod：数据中没有',
    failedCreate: '无法创建 Pod',
    of: (kind, name) => `${kind} ${name}`,
  },
  ja: {
    updated: '更新済み',
    completions: '完了数',
    failed: '失敗',
    available: '利用可能',
    generation: (g, o) => `世代: ${g}（観測済み ${o}）`,
    conditions: '状態:',
    replicaSets: 'ReplicaSet:',
    isNew: '新',
    old: '旧',
    revision: 'リビジョン',
    pods: (n, failing) => `Pod: ${n} 個（異常 ${failing} 個）`,
    noPods: 'Pod: データにありません',
    failedCreate: 'Pod を作成できません',
    of: (kind, name) => `${kind} ${name}`,
  },
};

/** Lays out rows of cells with two spaces between the columns (the last one not padded). */
function columns(rows: string[][], indent: string, width: number): string[] {
  const n = Math.max(0, ...rows.map((r) => r.length));
  const w = Array.from({ length: n }, (_, i) => Math.max(0, ...rows.map((r) => (i < r.length - 1 ? widthOf(r[i]) : 0))));
  return rows.flatMap((r) => {
    const head = r.slice(0, -1).map((cell, i) => cell + ' '.repeat(w[i] - widthOf(cell) + 2)).join('');
    const last = r[r.length - 1] ?? '';
    // the last cell (a message) wraps under itself
    const room = Number.isFinite(width) ? Math.max(20, width - indent.length - widthOf(head)) : Infinity;
    return hang(wrapLines(last, room), `${indent}${head}`, ' '.repeat(indent.length + widthOf(head)), width);
  });
}

/**
 * `kdiag deployment|statefulset|daemonset|job NAME`: the rollout state (desired, ready,
 * up-to-date, available as `kubectl get` shows them, the generation, the conditions and, for a
 * Deployment, the new and old ReplicaSets), the pods grouped by primary cause (most severe
 * first, the healthy ones last), then the findings of the workload and of its ReplicaSets,
 * laid out for `opts.width` as `kdiag pod` is; no line ends with a space.
 */
export function renderWorkloadView(v: WorkloadView, opts: RenderOptions): string {
  const c = painter(opts);
  const t = ui(opts.lang);
  const w = WORDS[opts.lang ?? 'en'];
  const width = opts.width;
  const cap = (s: string) => (/^[A-Z]+$/.test(s) ? s.charAt(0) + s.slice(1).toLowerCase() : s);
  const out: string[] = [c.bold(`${v.kind} ${v.namespace}/${v.name}`)];
  const ready = `${v.ready}/${v.desired ?? '?'}`;
  const short = v.desired !== null && v.ready < v.desired;
  // a Job counts completions (kubectl get jobs: COMPLETIONS succeeded/completions), not ready replicas
  const counts = v.job
    ? [`  ${w.completions}: ${v.job.succeeded}/${v.desired ?? '?'}`, `${w.failed}: ${v.job.failed > v.job.backoffLimit ? c.yellow(String(v.job.failed)) : v.job.failed} (backoffLimit ${v.job.backoffLimit})`]
    : [`  ${cap(t.ready)}: ${short ? c.yellow(ready) : ready}`, `${w.updated}: ${v.updated}`, `${w.available}: ${v.available}`];
  out.push(...joinFit([...counts, `${t.age}: ${v.age}`], '   ', width, '  '));
  if (v.generation !== null && v.observedGeneration !== null) out.push(`  ${w.generation(String(v.generation), v.observedGeneration === null ? '?' : String(v.observedGeneration))}`);
  if (v.conditions.length) {
    out.push(`  ${w.conditions}`);
    out.push(...columns(v.conditions.map((x) => [x.type, x.status, x.reason ?? '', safeText(x.message ?? '')]), '    ', width));
  }
  if (v.replicaSets.length) {
    out.push(`  ${w.replicaSets}`);
    out.push(
      ...columns(
        v.replicaSets.map((r) => [r.isNew ? w.isNew : w.old, r.name, `${w.revision} ${r.revision ?? '?'}`, `${cap(t.ready)} ${r.ready}/${r.replicas}`, r.createFailure ? `${w.failedCreate}: ${safeText(r.createFailure)}` : '']),
        '    ',
        width,
      ),
    );
  }
  out.push('');
  const pods = v.report.pods;
  out.push(pods.length ? c.bold(w.pods(pods.length, v.report.summary.failing)) : c.bold(w.noPods));
  // one set of columns for every group, so that the pods line up across them
  const rows = columns(v.groups.flatMap((g) => g.pods.map((p) => [p.name, p.status, p.ready, p.restarts])), '    ', width);
  let at = 0;
  for (const g of v.groups) {
    const head = g.ruleId ? `${sevColor(c, g.severity!)(t.severity[g.severity!])}  ${safeText(g.title ?? '')}  ${c.dim(g.ruleId)}  (${g.pods.length})` : `${c.green(t.healthy)}  (${g.pods.length})`;
    out.push(...hang(wrapLines(head, Number.isFinite(width) ? Math.max(20, width - 2) : width), '  ', '    ', width));
    out.push(...rows.slice(at, (at += g.pods.length)));
  }
  out.push('');
  const own = v.findings.find((x) => x.kind === v.kind && x.name === v.name);
  if (!own) out.push(...wrapLines(t.noProblem, width).map((l) => c.green(l)));
  for (const x of [...(own ? [own] : []), ...v.findings.filter((y) => y !== own)]) {
    if (x !== own) out.push(c.bold(`${x.kind} ${v.namespace}/${x.name}`));
    x.findings.forEach((f, i) => out.push(findingBlock(f, i, c, width, t), ''));
  }
  if (v.report.warnings.length) out.push(footer(v.report, c, t, width));
  return `${trimLines(out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd())}\n`;
}

