import type { Lang } from '../lang.js';

/**
 * The words of kdiag's own output (table headers, labels, the summary line) in en, zh and ja.
 * Rule texts live in the rule files; this is the frame around them.
 */
export interface UiText {
  namespace: string;
  pod: string;
  status: string;
  ready: string;
  restarts: string;
  cause: string;
  remediation: string;
  age: string;
  node: string;
  owner: string;
  none: string;
  healthy: string;
  primary: string;
  also: (n: number) => string;
  whatToDo: string;
  evidence: string;
  docs: string;
  noProblem: string;
  more: (n: number) => string;
  details: string;
  warning: string;
  /** Heading of the section listing pod controllers with findings. */
  workloads: string;
  /** `kdiag ingress`: the verdict line (where the chain breaks, or that it holds) and the findings heading. */
  chain: { brokenAt: string; holds: string; findings: string };
  /** Heading of the section listing Services, Ingresses and PVCs with findings. */
  resources: string;
  /** `3/10 pods failing` under a workload. */
  podsFailing: (failing: number, total: number) => string;
  /** Under a workload whose failing pods the scan table does not list one by one. */
  podsNotListed: (n: number, command: string | null) => string;
  /** The summary of the objects other than pods: `23 workloads (2 failing), 4 Services/Ingresses/PVCs (1 failing)`. */
  objectsSummary: (s: { workloads: number; failingWorkloads: number; resources: number; failingResources: number }) => string;
  /** Between a title and its text: ': ' or the full-width colon. */
  sep: string;
  container: (kind: 'init' | 'sidecar' | 'regular' | 'ephemeral', name: string) => string;
  severity: Record<'critical' | 'warning' | 'info', string>;
  /**
   * The summary line. `sev`: the failing pods by their worst severity (critical, warning; the
   * counts add up to `failing`); `info`: the healthy pods that have info findings only.
   */
  summary: (s: { pods: number; healthy: number; failing: number; sev: [string, number][]; info: number }) => string;
  /** Words of the progress line on stderr (render/progress.ts). */
  progress: {
    /** Before anything arrived from a snapshot: it is being read. */
    reading: (path: string) => string;
    /** Before anything arrived from a cluster. */
    connecting: string;
    pods: string;
    events: string;
    nodes: string;
    logs: string;
    pages: (n: number) => string;
  };
  /** A flag that -A makes pointless: `-n NS is ignored ...`. */
  ignoredNamespace: (ns: string) => string;
  /** An empty scope, said on stderr: `no pods in namespace shop` (null namespace: all; a selector narrows it). */
  noPods: (ns: string | null, selected: boolean) => string;
  /** A cluster flag given with --from. */
  ignoredWithSnapshot: (flag: string) => string;
  /** A several-context scan's table: the head of a cluster's group, `context prod-eu`. */
  context: (name: string) => string;
  /** Its last line: `3 contexts scanned: 2 read, 1 could not be read`. */
  clusters: (s: { clusters: number; failed: number }) => string;
  /** Its pointer to the detail views, {@link UiText.details} with `--context`. */
  detailsContext: string;
  /** `kdiag dump`'s last line on stderr: what the file (null: stdout) holds, see {@link DumpCounts}. */
  dumpSummary: (file: string | null, c: DumpCounts) => string;
  /** Words of watch mode (`-w`, render/watch.ts). */
  watch: {
    /** In place of the new cause of a deleted pod. */
    deleted: string;
    /** On stderr once the initial state is printed. */
    watching: (pods: number) => string;
    /** The one-line summary on stderr at Ctrl-C. */
    summary: (s: { transitions: number; pods: number; seconds: number }) => string;
  };
  /** Words of the `-o html` report (render/html.ts). */
  html: HtmlText;
}

/** Words of the `-o html` report (render/html.ts) that the terminal views do not have. */
export interface HtmlText {
  /** The page heading. */
  title: string;
  /** `snapshot fixtures/demo`, `cluster prod (https://...)`: where the report was read from. */
  source: (s: { type: 'cluster' | 'snapshot'; context?: string; server?: string; path?: string }) => string;
  podsScanned: string;
  healthy: string;
  failing: string;
  /** Healthy pods that have info findings only. */
  infoOnly: string;
  workloadsChecked: string;
  resourcesChecked: string;
  /** Under a count of checked objects: `2 failing`. */
  failingCount: (n: number) => string;
  /** Heading of the bar chart. */
  byCause: string;
  /** A bar's button title: show only this cause's rows. */
  showCause: string;
  /** Heading of the warnings box. */
  notChecked: string;
  /** Under it: what the warnings mean for the result. */
  notCheckedIntro: string;
  /** Nothing failing and nothing unchecked. */
  allClear: string;
  /** Nothing failing, but `n` warnings say what could not be checked. */
  clearButUnchecked: (n: number) => string;
  filter: string;
  /** The "any value" choice of a filter. */
  any: string;
  severity: string;
  reset: string;
  /** `{n}` and `{total}` are filled in by the page's script as the filter changes. */
  shown: string;
  noMatch: string;
  pods: string;
  workloads: string;
  resources: string;
  object: string;
  podsFailing: string;
}

/** What a `kdiag dump` holds, for its summary line: objects by kind, logs, size, and the kinds not readable (`services (forbidden)`). */
export interface DumpCounts {
  pods: number;
  events: number;
  nodes: number;
  others: number;
  logs: number;
  /** Logs asked for that could not be read. */
  unavailable: number;
  /** `502 KB`, `1.4 MB`. */
  size: string;
  redacted: boolean;
  unlisted: string[];
}

const en: UiText = {
  namespace: 'NAMESPACE',
  pod: 'POD',
  status: 'STATUS',
  ready: 'READY',
  restarts: 'RESTARTS',
  cause: 'CAUSE',
  remediation: 'REMEDIATION',
  age: 'Age',
  node: 'Node',
  owner: 'Owner',
  none: '<none>',
  healthy: 'healthy',
  primary: 'Primary cause',
  also: (n) => `Also (${n})`,
  whatToDo: 'What to do',
  evidence: 'Evidence',
  docs: 'Docs',
  noProblem: 'No problem found: the pod is running as expected.',
  more: (n) => ` (+${n} more)`,
  details: 'Details, evidence and the full remediation: kdiag pod|service|ingress|deployment NAME -n NAMESPACE',
  warning: 'warning',
  workloads: 'Workloads:',
  chain: { brokenAt: 'Chain broken at', holds: 'Chain holds: every link that could be checked is ok', findings: 'Findings' },
  resources: 'Services, Ingresses and PersistentVolumeClaims:',
  podsFailing: (failing, total) => `${failing}/${total} pods failing`,
  podsNotListed: (n, command) => `${n} more failing pod${n === 1 ? '' : 's'}: listed with --all${command ? ` or ${command}` : ''}`,
  objectsSummary: (s) => `${s.workloads} workloads checked: ${s.failingWorkloads} failing; ${s.resources} Services, Ingresses and PVCs checked: ${s.failingResources} failing`,
  sep: ': ',
  container: (k, n) => `${k === 'regular' ? 'container' : k === 'init' ? 'init container' : k === 'ephemeral' ? 'ephemeral container' : 'sidecar container'} ${n}`,
  severity: { critical: 'CRITICAL', warning: 'WARNING', info: 'INFO' },
  summary: ({ pods, healthy, failing, sev, info }) =>
    `${pods} pod${pods === 1 ? '' : 's'} scanned: ${healthy} healthy${info ? ` (${info} with info findings)` : ''}, ${failing} failing${sev.length ? ` (${sev.map(([k, v]) => `${v} ${k}`).join(', ')})` : ''}`,
  progress: {
    reading: (path) => `reading ${path}`,
    connecting: 'waiting for the API server',
    pods: 'pods',
    events: 'events',
    nodes: 'nodes',
    logs: 'logs',
    pages: (n) => `${n} page${n === 1 ? '' : 's'}`,
  },
  ignoredNamespace: (ns) => `-n ${ns} is ignored: -A scans every namespace`,
  noPods: (ns, sel) => `no pods${sel ? ' match the selectors' : ''} in ${ns === null ? 'any namespace' : `namespace ${ns}`}: nothing was diagnosed`,
  ignoredWithSnapshot: (flag) => `${flag} is ignored with --from: the snapshot is read, not a cluster`,
  html: {
    title: 'kdiag report',
    source: (s) => (s.type === 'snapshot' ? `snapshot ${s.path ?? ''}` : `cluster ${s.context ?? ''}${s.server ? ` (${s.server})` : ''}`),
    podsScanned: 'pods scanned',
    healthy: 'healthy',
    failing: 'failing',
    infoOnly: 'healthy, with info findings',
    workloadsChecked: 'workloads checked',
    resourcesChecked: 'Services, Ingresses, PVCs checked',
    failingCount: (n) => `${n} failing`,
    byCause: 'Failing pods by primary cause',
    showCause: 'Show only this cause',
    notChecked: 'Not checked',
    notCheckedIntro: 'kdiag could not check everything. A clean result does not cover these:',
    allClear: 'No problem found.',
    clearButUnchecked: (n) => `Nothing failing in what kdiag could check, but ${n} check${n === 1 ? '' : 's'} could not run: see "Not checked".`,
    filter: 'Filter',
    any: 'any',
    severity: 'Severity',
    reset: 'Show all',
    shown: '{n} of {total} shown',
    noMatch: 'No row matches the filter.',
    pods: 'Pods',
    workloads: 'Workloads',
    resources: 'Services, Ingresses and PersistentVolumeClaims',
    object: 'Object',
    podsFailing: 'Pods failing',
  },
  context: (name) => `context ${name}`,
  clusters: ({ clusters, failed }) => `${clusters} context${clusters === 1 ? '' : 's'} scanned: ${clusters - failed} read, ${failed} could not be read`,
  detailsContext: 'Details, evidence and the full remediation: kdiag pod|service|ingress|deployment NAME -n NAMESPACE --context CONTEXT',
  dumpSummary: (file, c) => {
    const n = (k: number, w: string) => `${k} ${w}${k === 1 ? '' : 's'}`;
    return (
      `${file === null ? '' : `wrote ${file}: `}${n(c.pods, 'pod')}, ${n(c.events, 'event')}, ${n(c.nodes, 'node')}, ${n(c.others, 'other object')}, ` +
      `${n(c.logs, 'log')}${c.unavailable ? ` (${c.unavailable} unavailable)` : ''}, ${c.size}${c.redacted ? ', redacted' : ''}${c.unlisted.length ? `; not readable: ${c.unlisted.join(', ')}` : ''}`
    );
  },
  watch: {
    deleted: 'deleted',
    watching: (n) => `watching ${n} pod${n === 1 ? '' : 's'} for changes of their primary cause (Ctrl-C to stop)`,
    summary: (s) => `watch ended: ${s.transitions} transition${s.transitions === 1 ? '' : 's'} seen, ${s.pods} pod${s.pods === 1 ? '' : 's'} watched, for ${duration(s.seconds)}`,
  },
};

const zh: UiText = {
  namespace: '命名空间',
  pod: 'POD',
  status: '状态',
  ready: '就绪',
  restarts: '重启次数',
  cause: '原因',
  remediation: '解决方案',
  age: '存在时长',
  node: '节点',
  owner: '所属',
  none: '<无>',
  healthy: '正常',
  primary: '主要原因',
  also: (n) => `其他原因 (${n})`,
  whatToDo: '解决方案',
  evidence: '证据',
  docs: '文档',
  noProblem: '未发现问题：Pod 运行正常。',
  more: (n) => `（另有 ${n} 项）`,
  details: '详情、证据和完整的解决方案：kdiag pod|service|ingress|deployment 名称 -n 命名空间',
  warning: '警告',
  workloads: '工作负载：',
  chain: { brokenAt: '链路断在', holds: '链路完好：能检查的每个环节都正常', findings: '发现的问题' },
  resources: 'Service、Ingress 和 PersistentVolumeClaim：',
  podsFailing: (failing, total) => `${total} 个 Pod 中 ${failing} 个异常`,
  podsNotListed: (n, command) => `另有 ${n} 个异常 Pod，可用 --all${command ? ` 或 ${command}` : ''} 列出`,
  objectsSummary: (s) => `已检查 ${s.workloads} 个工作负载：${s.failingWorkloads} 个异常；已检查 ${s.resources} 个 Service、Ingress 和 PVC：${s.failingResources} 个异常`,
  sep: '：',
  container: (k, n) => `${k === 'regular' ? '容器' : k === 'init' ? 'Init 容器' : k === 'ephemeral' ? '临时（调试）容器' : 'Sidecar 容器'} ${n}`,
  severity: { critical: '严重', warning: '警告', info: '提示' },
  summary: ({ pods, healthy, failing, sev, info }) =>
    `共检查 ${pods} 个 Pod：${healthy} 个正常${info ? `（其中 ${info} 个有提示）` : ''}，${failing} 个异常${sev.length ? `（${sev.map(([k, v]) => `${zh.severity[k as 'critical']} ${v}`).join('，')}）` : ''}`,
  progress: {
    reading: (path) => `正在读取 ${path}`,
    connecting: '正在等待 API 服务器',
    pods: 'Pod',
    events: '事件',
    nodes: '节点',
    logs: '日志',
    pages: (n) => `${n} 页`,
  },
  ignoredNamespace: (ns) => `-n ${ns} 被忽略：-A 会检查所有命名空间`,
  noPods: (ns, sel) => `${ns === null ? '所有命名空间' : `命名空间 ${ns}`}中没有${sel ? '匹配选择器的' : ''} Pod：没有诊断任何内容`,
  ignoredWithSnapshot: (flag) => `与 --from 一起使用时 ${flag} 被忽略：读取的是快照，而不是集群`,
  html: {
    title: 'kdiag 诊断报告',
    source: (s) => (s.type === 'snapshot' ? `快照 ${s.path ?? ''}` : `集群 ${s.context ?? ''}${s.server ? `（${s.server}）` : ''}`),
    podsScanned: '已检查 Pod',
    healthy: '正常',
    failing: '异常',
    infoOnly: '正常（有提示）',
    workloadsChecked: '已检查工作负载',
    resourcesChecked: '已检查 Service、Ingress、PVC',
    failingCount: (n) => `${n} 个异常`,
    byCause: '异常 Pod（按主要原因）',
    showCause: '只显示此原因',
    notChecked: '未检查',
    notCheckedIntro: 'kdiag 未能检查所有内容。没有发现问题并不涵盖以下各项：',
    allClear: '未发现问题。',
    clearButUnchecked: (n) => `在 kdiag 能检查的范围内没有异常，但有 ${n} 项检查无法进行：见“未检查”。`,
    filter: '筛选',
    any: '全部',
    severity: '严重程度',
    reset: '显示全部',
    shown: '显示 {n} / {total}',
    noMatch: '没有符合筛选条件的行。',
    pods: 'Pod',
    workloads: '工作负载',
    resources: 'Service、Ingress 和 PersistentVolumeClaim',
    object: '对象',
    podsFailing: '异常 Pod',
  },
  context: (name) => `上下文 ${name}`,
  clusters: ({ clusters, failed }) => `扫描了 ${clusters} 个上下文：${clusters - failed} 个已读取，${failed} 个无法读取`,
  detailsContext: '详情、证据和完整的解决方案：kdiag pod|service|ingress|deployment 名称 -n 命名空间 --context 上下文',
  dumpSummary: (file, c) =>
    `${file === null ? '' : `已写入 ${file}：`}${c.pods} 个 Pod、${c.events} 个事件、${c.nodes} 个节点、${c.others} 个其他对象、${c.logs} 份日志` +
    `${c.unavailable ? `（${c.unavailable} 份无法读取）` : ''}、${c.size}${c.redacted ? '，已脱敏' : ''}${c.unlisted.length ? `；无法读取：${c.unlisted.join('、')}` : ''}`,
  watch: {
    deleted: '已删除',
    watching: (n) => `正在监视 ${n} 个 Pod 的主要原因变化（按 Ctrl-C 停止）`,
    summary: (s) => `监视结束：共 ${s.transitions} 次变化，监视了 ${s.pods} 个 Pod，历时 ${duration(s.seconds)}`,
  },
};

const ja: UiText = {
  namespace: 'ネームスペース',
  pod: 'POD',
  status: 'ステータス',
  ready: 'READY',
  restarts: '再起動',
  cause: '原因',
  remediation: '対処方法',
  age: '経過時間',
  node: 'ノード',
  owner: 'オーナー',
  none: '<なし>',
  healthy: '正常',
  primary: '主な原因',
  also: (n) => `その他の原因 (${n})`,
  whatToDo: '対処方法',
  evidence: '証拠',
  docs: 'ドキュメント',
  noProblem: '問題は見つかりませんでした。Pod は正常に動作しています。',
  more: (n) => `（ほか ${n} 件）`,
  details: '詳細、証拠、対処方法の全文: kdiag pod|service|ingress|deployment 名前 -n ネームスペース',
  warning: '警告',
  workloads: 'ワークロード:',
  chain: { brokenAt: 'チェーンが切れている箇所', holds: 'チェーンは正常: 確認できたリンクはすべて ok', findings: '検出結果' },
  resources: 'Service、Ingress、PersistentVolumeClaim:',
  podsFailing: (failing, total) => `${total} 個中 ${failing} 個の Pod が異常`,
  podsNotListed: (n, command) => `ほかに異常な Pod が ${n} 個あります（--all${command ? ` または ${command}` : ''} で一覧表示）`,
  objectsSummary: (s) => `ワークロード ${s.workloads} 個を確認: ${s.failingWorkloads} 個が異常、Service・Ingress・PVC ${s.resources} 個を確認: ${s.failingResources} 個が異常`,
  sep: '：',
  container: (k, n) => `${k === 'regular' ? 'コンテナ' : k === 'init' ? 'Init コンテナ' : k === 'ephemeral' ? 'エフェメラル（デバッグ）コンテナ' : 'サイドカーコンテナ'} ${n}`,
  severity: { critical: '重大', warning: '警告', info: '情報' },
  summary: ({ pods, healthy, failing, sev, info }) =>
    `${pods} 個の Pod を検査: 正常 ${healthy}${info ? `（うち情報あり ${info}）` : ''}、異常 ${failing}${sev.length ? `（${sev.map(([k, v]) => `${ja.severity[k as 'critical']} ${v}`).join('、')}）` : ''}`,
  progress: {
    reading: (path) => `${path} を読み込み中`,
    connecting: 'API サーバーの応答を待っています',
    pods: 'Pod',
    events: 'イベント',
    nodes: 'ノード',
    logs: 'ログ',
    pages: (n) => `${n} ページ`,
  },
  ignoredNamespace: (ns) => `-n ${ns} は無視されます: -A はすべてのネームスペースを検査します`,
  noPods: (ns, sel) => `${ns === null ? 'どのネームスペース' : `ネームスペース ${ns}`}にも${sel ? 'セレクターに一致する ' : ''}Pod がありません: 何も診断していません`,
  ignoredWithSnapshot: (flag) => `--from と一緒に指定した ${flag} は無視されます: クラスターではなくスナップショットを読みます`,
  html: {
    title: 'kdiag 診断レポート',
    source: (s) => (s.type === 'snapshot' ? `スナップショット ${s.path ?? ''}` : `クラスター ${s.context ?? ''}${s.server ? `（${s.server}）` : ''}`),
    podsScanned: '検査した Pod',
    healthy: '正常',
    failing: '異常',
    infoOnly: '正常（情報あり）',
    workloadsChecked: '検査したワークロード',
    resourcesChecked: '検査した Service・Ingress・PVC',
    failingCount: (n) => `異常 ${n}`,
    byCause: '異常な Pod（主な原因別）',
    showCause: 'この原因だけを表示',
    notChecked: '未検査',
    notCheckedIntro: 'kdiag はすべてを検査できませんでした。問題なしという結果は以下を含みません:',
    allClear: '問題は見つかりませんでした。',
    clearButUnchecked: (n) => `kdiag が検査できた範囲に異常はありませんが、${n} 件の検査を実行できませんでした:「未検査」を参照してください。`,
    filter: '絞り込み',
    any: 'すべて',
    severity: '重大度',
    reset: 'すべて表示',
    shown: '{total} 件中 {n} 件を表示',
    noMatch: '条件に一致する行はありません。',
    pods: 'Pod',
    workloads: 'ワークロード',
    resources: 'Service、Ingress、PersistentVolumeClaim',
    object: 'オブジェクト',
    podsFailing: '異常な Pod',
  },
  context: (name) => `コンテキスト ${name}`,
  clusters: ({ clusters, failed }) => `${clusters} 個のコンテキストをスキャン: ${clusters - failed} 個を読み取り、${failed} 個は読み取れませんでした`,
  detailsContext: '詳細、証拠、対処方法の全文: kdiag pod|service|ingress|deployment 名前 -n ネームスペース --context コンテキスト',
  dumpSummary: (file, c) =>
    `${file === null ? '' : `${file} に書き込みました: `}Pod ${c.pods}、イベント ${c.events}、ノード ${c.nodes}、その他のオブジェクト ${c.others}、ログ ${c.logs}` +
    `${c.unavailable ? `（${c.unavailable} 件は読めず）` : ''}、${c.size}${c.redacted ? '、マスク済み' : ''}${c.unlisted.length ? `; 読めなかったもの: ${c.unlisted.join('、')}` : ''}`,
  watch: {
    deleted: '削除済み',
    watching: (n) => `${n} 個の Pod の主な原因の変化を監視しています（Ctrl-C で停止）`,
    summary: (s) => `監視終了: 変化 ${s.transitions} 件、監視した Pod ${s.pods} 個、${duration(s.seconds)}`,
  },
};

const UI: Record<Lang, UiText> = { en, zh, ja };

/** The UI words for a language (en for anything unknown). */
export function ui(lang: Lang | undefined): UiText {
  return UI[lang ?? 'en'] ?? en;
}

/** A duration as `1h2m3s`, `4m5s`, `6s` (whole seconds). */
function duration(seconds: number): string {
  const t = Math.max(0, Math.round(seconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${sec}s`;
}
