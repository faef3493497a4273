import type { ObjectFacts } from '../facts/object-types.js';
import type { Lang } from '../lang.js';
import type { Finding, PodReport, Report } from '../report/types.js';
import { ui } from './i18n.js';
import { hang, trimLines, wrapLines } from './layout.js';
import { painter, type RenderOptions } from './options.js';
import { findingBlock, footer } from './table.js';

/**
 * `kdiag service NAME` (alias `svc`): a Service's chain from the outside in (seed 003: Service
 * → EndpointSlices → Pods), each link with what was read, and where it breaks. A view over the
 * report filtered to the Service and the pods it selects (commands/service.ts builds both).
 */

/** The words of this view, per language (kept here: only this view uses them). */
interface ChainWords {
  selector: string;
  ports: string;
  slices: string;
  pods: string;
  breaks: string;
  degraded: string;
  works: string;
  none: string;
  notRead: string;
  noSelector: string;
  lbAddress: string;
  pending: string;
  ready: (ready: number, notReady: number) => string;
  matched: (n: number) => string;
  /** Where the chain breaks, by the rule id of the Service's primary finding. */
  link: Record<string, string>;
  podsFailing: (failing: number, total: number) => string;
  allReady: (n: number) => string;
  noCause: string;
}

const WORDS: Record<Lang, ChainWords> = {
  en: {
    selector: 'Selector',
    ports: 'Ports',
    slices: 'EndpointSlices',
    pods: 'Pods',
    breaks: 'Breaks at',
    degraded: 'Degraded',
    works: 'Works',
    none: '<none>',
    notRead: 'not read',
    noSelector: '<none> (endpoints managed by hand)',
    lbAddress: 'Load balancer',
    pending: '<pending>',
    ready: (r, n) => `${r} ready, ${n} not ready`,
    matched: (n) => `${n} selected`,
    link: {
      'service-selector-no-match': 'the selector: it matches no pod',
      'service-no-ready-endpoints': 'the endpoints: no selected pod is ready',
      'service-target-port-mismatch': 'the targetPort: the selected pods do not declare it',
      'service-without-endpoints': 'the endpoints: none for this Service without selector',
      'service-load-balancer-failed': 'the load balancer: it has no address',
    },
    podsFailing: (f, t) => `the pods: ${f} of ${t} failing`,
    allReady: (n) => `${n} ready endpoint(s)`,
    noCause: 'no cause found',
  },
  zh: {
    selector: '选择器',
    ports: '端口',
    slices: 'EndpointSlice',
    pods: 'Pod',
    breaks: '断点',
    degraded: '部分异常',
    works: '正常',
    none: '<无>',
    notRead: '未读取',
    noSelector: '<无>（端点由手工维护）',
    lbAddress: '负载均衡器',
    pending: '<等待中>',
    ready: (r, n) => `${r} 个就绪，${n} 个未就绪`,
    matched: (n) => `选中 ${n} 个`,
    link: {
      'service-selector-no-match': '选择器：匹配不到任何 Pod',
      'service-no-ready-endpoints': '端点：选中的 Pod 都未就绪',
      'service-target-port-mismatch': 'targetPort：选中的 Pod 没有声明它',
      'service-without-endpoints': '端点：这个没有选择器的 Service 没有端点',
      'service-load-balancer-failed': '负载均衡器：没有地址',
    },
    podsFailing: (f, t) => `Pod：${t} 个中 ${f} 个异常`,
    allReady: (n) => `${n} 个就绪端点`,
    noCause: '未找到原因',
  },
  ja: {
    selector: 'セレクター',
    ports: 'ポート',
    slices: 'EndpointSlice',
    pods: 'Pod',
    breaks: '切れている箇所',
    degraded: '一部異常',
    works: '正常',
    none: '<なし>',
    notRead: '未取得',
    noSelector: '<なし>（エンドポイントは手動管理）',
    lbAddress: 'ロードバランサー',
    pending: '<保留中>',
    ready: (r, n) => `Ready ${r}、非 Ready ${n}`,
    matched: (n) => `${n} 個を選択`,
    link: {
      'service-selector-no-match': 'セレクター: どの Pod にも一致しない',
      'service-no-ready-endpoints': 'エンドポイント: 選ばれた Pod がどれも Ready でない',
      'service-target-port-mismatch': 'targetPort: 選ばれた Pod が宣言していない',
      'service-without-endpoints': 'エンドポイント: セレクターのないこの Service にはない',
      'service-load-balancer-failed': 'ロードバランサー: アドレスがない',
    },
    podsFailing: (f, t) => `Pod: ${t} 個中 ${f} 個が異常`,
    allReady: (n) => `Ready なエンドポイント ${n} 個`,
    noCause: '原因不明',
  },
};

/** Labels are padded to this many columns (2 of indent, the label, a colon and a gap). */
const LABEL = 18;

/**
 * The Service's chain as text: its type, selector, ports, EndpointSlices (ready/not ready
 * endpoints each), load balancer address (type LoadBalancer), the selected pods each with its
 * status and primary cause, where the chain breaks, then the Service's findings in full.
 * @param svc the Service's facts (ObjectFacts with `service` set)
 * @param r the report filtered to the Service and its pods (pods in report order)
 */
export function renderServiceView(svc: ObjectFacts, r: Report, opts: RenderOptions): string {
  const c = painter(opts);
  const t = ui(opts.lang);
  const w = WORDS[opts.lang ?? 'en'];
  const s = svc.service!;
  const field = (label: string, text: string) => hang(wrapLines(text, Math.max(20, opts.width - LABEL)), `  ${`${label}:`.padEnd(LABEL - 2)}`, ' '.repeat(LABEL), opts.width);
  const entry = (r.resources ?? []).find((x) => x.kind === 'Service' && x.namespace === svc.namespace && x.name === svc.name);
  const findings: Finding[] = entry?.findings ?? [];
  const lines: string[] = [c.bold(`Service ${svc.namespace}/${svc.name}`) + `  ${s.type}`];
  lines.push(...field(w.selector, s.selector ? Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(',') : w.noSelector));
  lines.push(...field(w.ports, s.ports.map((p) => `${p.name ?? '<unnamed>'} ${p.port}/${p.protocol} -> ${p.targetPort}`).join(', ') || w.none));
  if (s.type === 'LoadBalancer') lines.push(...field(w.lbAddress, s.loadBalancerIngress.join(', ') || w.pending));
  const slices = s.endpoints ? s.endpoints.list.map((x) => `${x.name} (${w.ready(x.ready, x.notReady)})`).join(', ') || w.none : w.notRead;
  lines.push(...field(w.slices, slices));
  const pods = r.pods;
  if (s.selector) lines.push(...field(w.pods, pods.length ? w.matched(pods.length) : w.none));
  for (const p of pods) lines.push(...podLine(p, w, opts.width).map((l) => (p.findings.length ? l : c.green(l))));
  // where it breaks: the Service's primary finding; else failing pods behind a working Service
  // (degraded: some endpoints are ready); else it works
  const failing = pods.filter((p) => p.findings.some((f) => f.severity !== 'info'));
  const head = findings[0];
  if (head) lines.push(...field(w.breaks, w.link[head.ruleId] ?? head.title).map((l) => (head.severity === 'critical' ? c.red(l) : c.yellow(l))));
  else if (failing.length) lines.push(...field(w.degraded, w.podsFailing(failing.length, pods.length)).map((l) => c.yellow(l)));
  else lines.push(...field(w.works, w.allReady(s.endpoints?.slices ? s.endpoints.ready.length : pods.filter((p) => !p.findings.length).length)).map((l) => c.green(l)));
  const out = [lines.join('\n')];
  if (findings.length) out.push(findings.map((f, i) => findingBlock(f, i, c, opts.width, t)).join('\n\n'));
  if (r.warnings.length) out.push(footer(r, c, t, opts.width));
  return `${trimLines(out.join('\n\n'))}\n`;
}

/** `    web-7d4-x2x9q  CrashLoopBackOff  0/1  crash-app-error: Application exits with an error`. */
function podLine(p: PodReport, w: ChainWords, width: number): string[] {
  const f = p.findings[0];
  const cause = f ? `${f.ruleId}: ${f.title}` : p.status === 'Running' && !p.ready.startsWith('0/') ? '' : w.noCause;
  return hang(wrapLines(`${p.name}  ${p.status}  ${p.ready}${cause ? `  ${cause}` : ''}`, Math.max(20, width - 6)), '    ', '      ', width);
}
