import type { LintParams, LintRuleId } from '../facts/manifest-refs.js';
import type { Lang } from '../lang.js';
import type { LintReport } from '../report/lint.js';
import { ui } from './i18n.js';

/**
 * The texts of `kdiag lint` in en, zh and ja: each rule's message and remediation from its
 * parameters (facts/manifest-refs.ts), and the words around the findings. Names, paths and
 * values are quoted as they are.
 */

type Texts<K extends LintRuleId> = (p: Extract<LintParams, { ruleId: K }>) => { message: string; remediation: string };
type RuleTexts = { [K in LintRuleId]: Texts<K> };

/** The words of the lint table around the findings. */
interface LintWords {
  fix: string;
  unchecked: string;
  uncheckedReason: (r: LintReport['unchecked'][number]) => string;
  summary: (s: LintReport['summary']) => string;
}

const list = (items: string[], none: string, sep = ', ') => (items.length ? items.join(sep) : none);
const via = (p: { via: 'env' | 'envFrom' | 'volume'; container: string | null; volume: string | null }) =>
  p.via === 'volume' ? `volume ${p.volume}` : `container ${p.container} (${p.via})`;

const en: RuleTexts = {
  'manifest-unknown-field': (p) => ({
    message: `unknown field ${p.path}${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}: the API server drops it without an error`,
    remediation: p.suggestion
      ? `Rename ${p.field} to ${p.suggestion}: the API server ignores ${p.field} silently, so the setting never takes effect.`
      : `Remove ${p.field} or move it to the level where it belongs (\`kubectl explain ${p.explain}\` lists the fields there): the API server ignores it silently.`,
  }),
  'service-selector-no-match': (p) => ({
    message: `the selector ${p.selector} matches no pod template in the files${
      p.closest ? `; closest: ${p.closest.kind} ${p.closest.name}, whose label ${p.closest.key} is ${p.closest.have === null ? 'missing' : `"${p.closest.have}"`}, not "${p.closest.want}"` : ''
    }`,
    remediation: `Make the Service's spec.selector and the pod labels agree${p.closest ? ` (the template labels of ${p.closest.kind} ${p.closest.name})` : ''}: a Service that selects no pod has no endpoints, so connections to it are refused or time out.`,
  }),
  'ingress-backend-service-missing': (p) => ({
    message: `backend Service ${p.service} is not in the files${p.servicesInFiles ? '' : ' (it may exist in the cluster)'}`,
    remediation: `Fix the backend's service.name or add Service ${p.service} in the Ingress's namespace: the controller answers 503 for a backend whose Service does not exist (\`kubectl describe ingress\` shows <error: services "${p.service}" not found>).`,
  }),
  'ingress-backend-port-missing': (p) => ({
    message: `backend port ${p.port} is not a port of Service ${p.service} (its ports: ${list(p.ports, 'none')})`,
    remediation: `Use a port of Service ${p.service}: port.number is the Service's port (not its targetPort), port.name the name of a Service port.`,
  }),
  'probe-port-not-exposed': (p) =>
    p.named
      ? {
          message: `${p.probe} of container ${p.container} uses port "${p.port}", which the container does not declare (its ports: ${list(p.ports, 'none')}): the probe always fails`,
          remediation: `Add a port named ${p.port} to the container's ports, or give the probe the port number: the kubelet cannot resolve "${p.port}" and logs \`strconv.Atoi: parsing "${p.port}": invalid syntax\`.`,
        }
      : {
          message: `${p.probe} of container ${p.container} uses port ${p.port}, which is not among its declared ports (${list(p.ports, 'none')})`,
          remediation: `Check that the application listens on port ${p.port}; containerPort is informational, so the probe may still work.`,
        },
  'missing-configmap': (p) => ({
    message: `ConfigMap ${p.name}, used by ${via(p)}, is not in the files (it may exist in the cluster)`,
    remediation: `Make sure ConfigMap ${p.name} exists in namespace ${p.namespace} before the pods start: without it they stay in CreateContainerConfigError (env) or ContainerCreating with FailedMount (volume).`,
  }),
  'missing-secret': (p) => ({
    message: `Secret ${p.name}, used by ${via(p)}, is not in the files (it may exist in the cluster)`,
    remediation: `Make sure Secret ${p.name} exists in namespace ${p.namespace} before the pods start: without it they stay in CreateContainerConfigError (env) or ContainerCreating with FailedMount (volume).`,
  }),
};

const zhVia = (p: { via: 'env' | 'envFrom' | 'volume'; container: string | null; volume: string | null }) => (p.via === 'volume' ? `卷 ${p.volume}` : `容器 ${p.container}（${p.via}）`);
const zh: RuleTexts = {
  'manifest-unknown-field': (p) => ({
    message: `未知字段 ${p.path}${p.suggestion ? `（是否想写 ${p.suggestion}？）` : ''}：API Server 会直接丢弃它，不报错`,
    remediation: p.suggestion
      ? `把 ${p.field} 改为 ${p.suggestion}：API Server 会静默忽略 ${p.field}，该设置永远不会生效。`
      : `删除 ${p.field}，或把它移到正确的层级（\`kubectl explain ${p.explain}\` 列出该层级的字段）：API Server 会静默忽略它。`,
  }),
  'service-selector-no-match': (p) => ({
    message: `选择器 ${p.selector} 不匹配文件中的任何 Pod 模板${
      p.closest ? `；最接近的是 ${p.closest.kind} ${p.closest.name}，其标签 ${p.closest.key} ${p.closest.have === null ? '不存在' : `为 "${p.closest.have}"`}，而不是 "${p.closest.want}"` : ''
    }`,
    remediation: `让 Service 的 spec.selector 与 Pod 标签一致${p.closest ? `（${p.closest.kind} ${p.closest.name} 的模板标签）` : ''}：选不中任何 Pod 的 Service 没有端点，连接会被拒绝或超时。`,
  }),
  'ingress-backend-service-missing': (p) => ({
    message: `后端 Service ${p.service} 不在文件中${p.servicesInFiles ? '' : '（它可能已存在于集群中）'}`,
    remediation: `修正后端的 service.name，或在 Ingress 所在的命名空间中添加 Service ${p.service}：后端 Service 不存在时控制器会返回 503（\`kubectl describe ingress\` 显示 <error: services "${p.service}" not found>）。`,
  }),
  'ingress-backend-port-missing': (p) => ({
    message: `后端端口 ${p.port} 不是 Service ${p.service} 的端口（其端口：${list(p.ports, '无', '、')}）`,
    remediation: `使用 Service ${p.service} 的端口：port.number 是 Service 的 port（不是 targetPort），port.name 是 Service 端口的名称。`,
  }),
  'probe-port-not-exposed': (p) =>
    p.named
      ? {
          message: `容器 ${p.container} 的 ${p.probe} 使用端口 "${p.port}"，但容器没有声明这个端口（已声明：${list(p.ports, '无', '、')}）：探针总是失败`,
          remediation: `在容器的 ports 中添加名为 ${p.port} 的端口，或在探针中写端口号：kubelet 无法解析 "${p.port}"，日志为 \`strconv.Atoi: parsing "${p.port}": invalid syntax\`。`,
        }
      : {
          message: `容器 ${p.container} 的 ${p.probe} 使用端口 ${p.port}，不在已声明的端口中（${list(p.ports, '无', '、')}）`,
          remediation: `确认应用监听端口 ${p.port}；containerPort 只是说明性的，探针仍可能正常。`,
        },
  'missing-configmap': (p) => ({
    message: `${zhVia(p)} 使用的 ConfigMap ${p.name} 不在文件中（它可能已存在于集群中）`,
    remediation: `确保 Pod 启动前命名空间 ${p.namespace} 中存在 ConfigMap ${p.name}：否则 Pod 会停在 CreateContainerConfigError（env）或带 FailedMount 的 ContainerCreating（卷）。`,
  }),
  'missing-secret': (p) => ({
    message: `${zhVia(p)} 使用的 Secret ${p.name} 不在文件中（它可能已存在于集群中）`,
    remediation: `确保 Pod 启动前命名空间 ${p.namespace} 中存在 Secret ${p.name}：否则 Pod 会停在 CreateContainerConfigError（env）或带 FailedMount 的 ContainerCreating（卷）。`,
  }),
};

const jaVia = (p: { via: 'env' | 'envFrom' | 'volume'; container: string | null; volume: string | null }) => (p.via === 'volume' ? `ボリューム ${p.volume}` : `コンテナ ${p.container}（${p.via}）`);
const ja: RuleTexts = {
  'manifest-unknown-field': (p) => ({
    message: `不明なフィールド ${p.path}${p.suggestion ? `（${p.suggestion} のことですか？）` : ''}: API サーバーはエラーを出さずに捨てます`,
    remediation: p.suggestion
      ? `${p.field} を ${p.suggestion} に直してください: API サーバーは ${p.field} を黙って無視するため、設定が反映されません。`
      : `${p.field} を削除するか、正しい階層に移してください（\`kubectl explain ${p.explain}\` でその階層のフィールドを確認できます）: API サーバーは黙って無視します。`,
  }),
  'service-selector-no-match': (p) => ({
    message: `セレクター ${p.selector} に一致する Pod テンプレートがファイル内にありません${
      p.closest ? `。最も近いのは ${p.closest.kind} ${p.closest.name} で、ラベル ${p.closest.key} が ${p.closest.have === null ? 'ありません' : `"${p.closest.have}" です`}（セレクターは "${p.closest.want}"）` : ''
    }`,
    remediation: `Service の spec.selector と Pod のラベルを一致させてください${p.closest ? `（${p.closest.kind} ${p.closest.name} のテンプレートのラベル）` : ''}: どの Pod も選択しない Service にはエンドポイントがなく、接続は拒否されるかタイムアウトします。`,
  }),
  'ingress-backend-service-missing': (p) => ({
    message: `バックエンドの Service ${p.service} がファイル内にありません${p.servicesInFiles ? '' : '（クラスターに存在する可能性があります）'}`,
    remediation: `バックエンドの service.name を直すか、Ingress のネームスペースに Service ${p.service} を追加してください: Service が存在しないバックエンドにはコントローラーが 503 を返します（\`kubectl describe ingress\` に <error: services "${p.service}" not found> と表示されます）。`,
  }),
  'ingress-backend-port-missing': (p) => ({
    message: `バックエンドのポート ${p.port} は Service ${p.service} のポートではありません（ポート: ${list(p.ports, 'なし', '、')}）`,
    remediation: `Service ${p.service} のポートを指定してください: port.number は Service の port（targetPort ではありません）、port.name は Service のポート名です。`,
  }),
  'probe-port-not-exposed': (p) =>
    p.named
      ? {
          message: `コンテナ ${p.container} の ${p.probe} はポート "${p.port}" を使いますが、コンテナはこのポートを宣言していません（宣言済み: ${list(p.ports, 'なし', '、')}）: プローブは常に失敗します`,
          remediation: `コンテナの ports に ${p.port} という名前のポートを追加するか、プローブにポート番号を書いてください: kubelet は "${p.port}" を解決できず \`strconv.Atoi: parsing "${p.port}": invalid syntax\` と記録します。`,
        }
      : {
          message: `コンテナ ${p.container} の ${p.probe} はポート ${p.port} を使いますが、宣言されたポート（${list(p.ports, 'なし', '、')}）にありません`,
          remediation: `アプリケーションがポート ${p.port} で待ち受けているか確認してください。containerPort は情報用なので、プローブは動く可能性があります。`,
        },
  'missing-configmap': (p) => ({
    message: `${jaVia(p)} が使う ConfigMap ${p.name} がファイル内にありません（クラスターに存在する可能性があります）`,
    remediation: `Pod の起動前にネームスペース ${p.namespace} に ConfigMap ${p.name} があることを確認してください: ないと Pod は CreateContainerConfigError（env）や FailedMount 付きの ContainerCreating（ボリューム）で止まります。`,
  }),
  'missing-secret': (p) => ({
    message: `${jaVia(p)} が使う Secret ${p.name} がファイル内にありません（クラスターに存在する可能性があります）`,
    remediation: `Pod の起動前にネームスペース ${p.namespace} に Secret ${p.name} があることを確認してください: ないと Pod は CreateContainerConfigError（env）や FailedMount 付きの ContainerCreating（ボリューム）で止まります。`,
  }),
};

const RULE_TEXTS: Record<Lang, RuleTexts> = { en, zh, ja };

const WORDS: Record<Lang, LintWords> = {
  en: {
    fix: 'fix',
    unchecked: 'Fields not checked (not a built-in kind, e.g. a custom resource):',
    uncheckedReason: (u) => (u.reason === 'kind' ? `kind ${u.object.kind} is not in ${u.object.apiVersion}${u.suggestion ? ` (did you mean ${u.suggestion}?)` : ''}` : `${u.object.apiVersion} is not a built-in API`),
    summary: (s) =>
      `${s.objects} object${s.objects === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}: ${
        s.critical + s.warning + s.info ? [['critical', s.critical], ['warning', s.warning], ['info', s.info]].filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ') : 'no problems found'
      }${s.unchecked ? `; ${s.unchecked} not checked` : ''}`,
  },
  zh: {
    fix: '修复',
    unchecked: '未检查字段（不是内置类型，例如自定义资源）：',
    uncheckedReason: (u) => (u.reason === 'kind' ? `${u.object.apiVersion} 中没有类型 ${u.object.kind}${u.suggestion ? `（是否想写 ${u.suggestion}？）` : ''}` : `${u.object.apiVersion} 不是内置 API`),
    summary: (s) =>
      `${s.files} 个文件中的 ${s.objects} 个对象：${
        s.critical + s.warning + s.info ? [['严重', s.critical], ['警告', s.warning], ['提示', s.info]].filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join('，') : '未发现问题'
      }${s.unchecked ? `；${s.unchecked} 个未检查` : ''}`,
  },
  ja: {
    fix: '対処',
    unchecked: 'フィールドを検査していないオブジェクト（組み込みの種類ではありません。カスタムリソースなど）:',
    uncheckedReason: (u) => (u.reason === 'kind' ? `${u.object.apiVersion} に kind ${u.object.kind} はありません${u.suggestion ? `（${u.suggestion} のことですか？）` : ''}` : `${u.object.apiVersion} は組み込みの API ではありません`),
    summary: (s) =>
      `${s.files} ファイルの ${s.objects} オブジェクト: ${
        s.critical + s.warning + s.info ? [['重大', s.critical], ['警告', s.warning], ['情報', s.info]].filter(([, n]) => n).map(([k, n]) => `${k} ${n}`).join('、') : '問題は見つかりませんでした'
      }${s.unchecked ? `、未検査 ${s.unchecked}` : ''}`,
  },
};

/** A finding's message and remediation in `lang`. */
export function lintTexts(params: LintParams, lang: Lang): { message: string; remediation: string } {
  const texts = RULE_TEXTS[lang][params.ruleId] as (p: LintParams) => { message: string; remediation: string };
  return texts(params);
}

/** Strips terminal control characters from text that came from the files (names, values). */
const safe = (s: string) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');

/**
 * The lint report for people: one line per finding, `file:line:col  SEVERITY  rule-id  Kind
 * name: message`, the remediation under it; then the objects not checked, and a summary line.
 * No line is wrapped (grep and editors read `file:line:col`).
 */
export function renderLintTable(r: LintReport, lang: Lang): string {
  const w = WORDS[lang];
  const sev = ui(lang).severity;
  const out: string[] = [];
  for (const f of r.findings) {
    const what = `${f.object.kind}${f.object.name ? ` ${f.object.name}` : ''}`;
    out.push(safe(`${f.file}:${f.line}:${f.col}  ${sev[f.severity]}  ${f.ruleId}  ${what}: ${f.message}`));
    out.push(safe(`  ${w.fix}: ${f.remediation}`));
  }
  if (r.unchecked.length) {
    if (out.length) out.push('');
    out.push(w.unchecked);
    for (const u of r.unchecked) out.push(safe(`  ${u.file}:${u.line}:${u.col}  ${u.object.kind}${u.object.name ? ` ${u.object.name}` : ''}: ${w.uncheckedReason(u)}`));
  }
  if (out.length) out.push('');
  out.push(w.summary(r.summary));
  return `${out.join('\n')}\n`;
}
