import type { Lang } from '../lang.js';

/**
 * Chinese and Japanese wording of kdiag's error messages and hints. Errors are raised in
 * English everywhere (one stable shape per error); the CLI translates them here, at the
 * last moment, by their shape. What is quoted from elsewhere (server answers, paths,
 * parser messages) stays as it came. A message with no entry is printed in English.
 */
const TABLE: { en: RegExp; zh: string; ja: string }[] = [
  { en: /^cannot reach (\S+): no answer within (\S+) \(GET (\S+)\)$/, zh: '无法连接 $1：$2 内没有响应（GET $3）', ja: '$1 に接続できません: $2 以内に応答がありません（GET $3）' },
  { en: /^cannot reach (\S+): (.*)$/s, zh: '无法连接 $1：$2', ja: '$1 に接続できません: $2' },
  { en: /^cannot load kubeconfig (\S+): (.*)$/s, zh: '无法加载 kubeconfig $1：$2', ja: 'kubeconfig $1 を読み込めません: $2' },
  { en: /^context "([^"]+)" not found in kubeconfig (\S+)$/, zh: 'kubeconfig $2 中不存在上下文 "$1"', ja: 'kubeconfig $2 にコンテキスト "$1" がありません' },
  { en: /^no current context in kubeconfig (\S+)$/, zh: 'kubeconfig $1 中没有当前上下文（current-context）', ja: 'kubeconfig $1 に現在のコンテキスト（current-context）がありません' },
  { en: /^(\S+) rejected the credentials of context (\S+) \(401 Unauthorized\): (.*)$/s, zh: '$1 拒绝了上下文 $2 的凭据（401 Unauthorized）：$3', ja: '$1 がコンテキスト $2 の認証情報を拒否しました（401 Unauthorized）: $3' },
  { en: /^cannot authenticate to (\S+) \(context (\S+)\): (.*)$/s, zh: '无法向 $1 认证（上下文 $2）：$3', ja: '$1 に認証できません（コンテキスト $2）: $3' },
  { en: /^forbidden: (.*)$/s, zh: '无权限：$1', ja: '権限がありません: $1' },
  { en: /^pod "([^"]+)" not found in namespace "([^"]+)" of snapshot (.*)$/s, zh: '快照 $3 的命名空间 "$2" 中不存在 Pod "$1"', ja: 'スナップショット $3 のネームスペース "$2" に Pod "$1" がありません' },
  { en: /^pod "([^"]+)" not found in namespace "([^"]+)" \(context (\S+)\)$/, zh: '命名空间 "$2" 中不存在 Pod "$1"（上下文 $3）', ja: 'ネームスペース "$2" に Pod "$1" がありません（コンテキスト $3）' },
  { en: /^snapshot path not found: (.*)$/s, zh: '快照路径不存在：$1', ja: 'スナップショットのパスが存在しません: $1' },
  { en: /^snapshot file is empty: (.*)$/s, zh: '快照文件为空：$1', ja: 'スナップショットファイルが空です: $1' },
  { en: /^no Kubernetes objects in (.*)$/s, zh: '$1 中没有 Kubernetes 对象', ja: '$1 に Kubernetes オブジェクトがありません' },
  { en: /^invalid (JSON|YAML) at (\S+): (.*)$/s, zh: '$2 处的 $1 无效：$3', ja: '$2 の $1 が不正です: $3' },
  { en: /^invalid --request-timeout "([^"]*)": .*$/, zh: '--request-timeout "$1" 无效：请使用 10s、1m 或 0 这样的时长', ja: '--request-timeout "$1" が不正です: 10s、1m、0 のような時間を指定してください' },
  { en: /^invalid label selector "([^"]*)": (.*)$/s, zh: '标签选择器 "$1" 无效：$2', ja: 'ラベルセレクター "$1" が不正です: $2' },
  { en: /^unknown rule id "([^"]+)" in --disable or the config file$/, zh: '--disable 或配置文件中的规则 ID "$1" 不存在', ja: '--disable または設定ファイルのルール ID "$1" は存在しません' },
  { en: /^(\d+) problem\(s\) in rule files:\n(.*)$/s, zh: '规则文件中有 $1 个问题：\n$2', ja: 'ルールファイルに $1 件の問題があります:\n$2' },
  { en: /^invalid config file (\S+):\n(.*)$/s, zh: '配置文件 $1 无效：\n$2', ja: '設定ファイル $1 が不正です:\n$2' },
  // hints
  { en: /^it exists in namespace (\S+): add -n (\S+)$/, zh: '它在命名空间 $1 中：加上 -n $2', ja: 'ネームスペース $1 にあります: -n $2 を付けてください' },
  { en: /^raise --request-timeout or check the network$/, zh: '调大 --request-timeout 或检查网络', ja: '--request-timeout を大きくするか、ネットワークを確認してください' },
  { en: /^check --context\/--kubeconfig, the VPN, and that the API server is up$/, zh: '检查 --context/--kubeconfig、VPN 以及 API Server 是否正常运行', ja: '--context/--kubeconfig、VPN、API サーバーが動いているかを確認してください' },
  { en: /^log in again or refresh the token in your kubeconfig$/, zh: '重新登录或刷新 kubeconfig 中的令牌', ja: '再ログインするか、kubeconfig のトークンを更新してください' },
  { en: /^known contexts: (.*)$/, zh: '已有的上下文：$1', ja: '既存のコンテキスト: $1' },
  { en: /^list the ids with `kdiag rules list`$/, zh: '用 `kdiag rules list` 查看规则 ID', ja: '`kdiag rules list` でルール ID を確認できます' },
];

/** One sample English message per entry, in TABLE order: the test proves each entry matches real wording. */
export const SAMPLES = [
  'cannot reach https://10.0.0.1:6443: no answer within 30s (GET /api/v1/pods)',
  'cannot reach https://10.0.0.1:6443: connect ECONNREFUSED 10.0.0.1:6443',
  'cannot load kubeconfig /tmp/x: ENOENT: no such file or directory',
  'context "prod" not found in kubeconfig ~/.kube/config',
  'no current context in kubeconfig ~/.kube/config',
  'https://10.0.0.1:6443 rejected the credentials of context prod (401 Unauthorized): Unauthorized',
  'cannot authenticate to https://10.0.0.1:6443 (context prod): exec: executable gke-gcloud-auth-plugin not found',
  'forbidden: pods is forbidden: User "x" cannot list resource "pods" in API group "" in the namespace "shop"',
  'pod "web" not found in namespace "shop" of snapshot dump/',
  'pod "web" not found in namespace "shop" (context prod)',
  'snapshot path not found: /tmp/nope',
  'snapshot file is empty: /tmp/empty.json',
  'no Kubernetes objects in /tmp/x.json',
  'invalid JSON at /tmp/x.json:3:7: Unexpected token',
  'invalid --request-timeout "soon": use a duration such as 10s, 1m or 0',
  'invalid label selector "app=(x": cannot parse "app=(x"',
  'unknown rule id "x" in --disable or the config file',
  '2 problem(s) in rule files:\na.yaml:1:1 yaml bad',
  'invalid config file .kdiag.yaml:\n.kdiag.yaml:1:1 type bad',
  'it exists in namespace default: add -n default',
  'raise --request-timeout or check the network',
  'check --context/--kubeconfig, the VPN, and that the API server is up',
  'log in again or refresh the token in your kubeconfig',
  'known contexts: dev, prod',
  'list the ids with `kdiag rules list`',
];

/** Number of entries (for the test). */
export const ENTRY_COUNT = TABLE.length;

/** Translates one error message or hint into `lang` (English in, English out for en or no match). */
export function translateError(text: string, lang: Lang): string {
  if (lang === 'en') return text;
  for (const t of TABLE) {
    if (t.en.test(text)) return text.replace(t.en, t[lang]);
  }
  return text;
}

/** The words around an error on stderr. */
export const ERROR_WORDS: Record<Lang, { error: string; hint: string }> = {
  en: { error: 'error', hint: 'hint' },
  zh: { error: '错误', hint: '提示' },
  ja: { error: 'エラー', hint: 'ヒント' },
};
