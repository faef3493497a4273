import { EN_ERRORS, EN_HINTS, formatError, formatHint, outputFileReason, type ErrorCatalog, type HintCatalog, type KdiagError } from '../errors.js';
import type { Lang } from '../lang.js';

/**
 * kdiag's error messages and hints in Chinese and Japanese, by message id (the English
 * catalog sits with the ids and their parameters in `errors.ts`, which builds `err.message`
 * from it). Each catalog is typed by the ids, so `tsc` fails when an id has no text here.
 * What is quoted from elsewhere (server answers, paths, parser messages, problem lists)
 * stays as it came.
 */
const zh: ErrorCatalog = {
  'usage.requestTimeout': (p) => `--request-timeout "${p.value}" 无效：请使用 10s、1m 或 0 这样的时长`,
  'usage.lang': (p) => `不支持的 ${p.source} "${p.value}"：请使用 ${p.supported.join(', ')} 之一`,
  'usage.podNeedsNamespace': () => 'kdiag pod 需要指定一个命名空间：请用 -n NAMESPACE，而不是 -A',
  'usage.selectorValue': (p) => `标签选择器 "${p.selector}" 无效："${p.term}" 中的标签值无效`,
  'usage.selectorSyntax': (p) => `标签选择器 "${p.selector}" 无效：无法解析 "${p.term}"`,
  'usage.unknownOption': (p) => `未知选项 '${p.option}'${p.suggestion ? `（是否想用 ${p.suggestion}？）` : ''}`,
  'usage.unknownCommand': (p) => `未知命令 '${p.command}'${p.suggestion ? `（是否想用 ${p.suggestion}？）` : ''}`,
  'usage.missingArgument': (p) => `缺少必需的参数 '${p.argument}'`,
  'usage.optionMissingValue': (p) => `选项 '${p.option}' 需要一个值`,
  'usage.invalidChoice': (p) => `选项 '${p.option}' 不接受 '${p.value}'：请使用 ${p.choices.join(', ')}`,
  'usage.excessArguments': (p) => `参数过多：应为 ${p.expected} 个，实际 ${p.got} 个`,
  'usage.commandLine': (p) => `命令行有误：${p.message}`,
  'usage.unknownRuleId': (p) => `--disable 或配置文件中的规则 ID "${p.id}" 不存在`,
  'usage.invalidConfig': (p) => `配置文件 ${p.file} 无效：\n${p.problems.join('\n')}`,
  'usage.fieldSelectorSyntax': (p) => `字段选择器 "${p.selector}" 无效：无法解析 "${p.term}"（请用 field=value、field==value 或 field!=value）`,
  'usage.fieldSelectorValue': (p) => `字段选择器 "${p.selector}" 无效："${p.term}" 的值中的 , = 和 \\ 要写成 \\, \\= 和 \\\\`,
  'usage.fieldSelectorField': (p) => `Pod 不支持按字段 "${p.field}" 选择（支持：${p.supported.join(', ')}）`,
  'usage.selectorRejected': (p) => `${p.server} 拒绝了该选择器：${p.message}`,
  'usage.podArgKind': (p) => `kdiag pod 只接受 Pod，"${p.arg}" 是 ${p.kind}（请用 NAME、pod/NAME、pods/NAME 或 po/NAME；控制器的 Pod 请用 kdiag scan -n NAMESPACE -l SELECTOR）`,
  'usage.podArgName': (p) => `"${p.arg}" 中没有 Pod 名称（请用 NAME、pod/NAME、pods/NAME 或 po/NAME）`,
  'usage.serviceArg': (p) => `kdiag service 只接受 Service："${p.arg}"（请用 NAME、svc/NAME、service/NAME 或 services/NAME）`,
  'usage.watchSnapshot': () => '-w 会随集群变化持续诊断；快照（--from）不会变化：请去掉 -w 或 --from',
  'usage.watchOutput': (p) => `-w 每次变化输出一行（-o table 或 wide）或每行一个 JSON 对象（-o json），不支持 -o ${p.output}`,
  'usage.watchOutputFile': (p) => `-w 随变化逐行输出且不会自行结束：请不要用 --output-file ${p.path}，改用重定向（kdiag scan -w -o json > ${p.path}）`,
  'usage.stdinTty': () => '--from - 从标准输入读取快照，但标准输入是终端：请用管道传入，例如 kubectl get pods,events -A -o json | kdiag scan -A --from -',
  'usage.stdinEmpty': () => '--from -：标准输入为空：请用管道传入快照，例如 kubectl get pods,events -A -o json | kdiag scan -A --from -',
  'usage.outputFile': (p) => `无法写入 --output-file ${p.path}：${outputFileReason(p, { noFolder: '所在目录不存在', permission: '没有权限', isFolder: '这是一个目录', readOnly: '文件系统为只读', noSpace: '设备空间不足' })}`,
  'usage.outputFormatView': (p) => `${p.command} 不支持 -o ${p.format}：请使用 ${p.formats.join('、')}，或 kdiag scan -n 命名空间 -o ${p.format}`,
  'usage.severalContexts': (p) => `${p.command} 只读取一个集群：--context 只能给一次（多个上下文或 --all-contexts 用于 kdiag scan）`,
  'usage.allContextsWithContext': () => '--all-contexts 扫描 kubeconfig 的所有上下文：去掉 --context，或用 --context A --context B 逐个指定',
  'usage.contextNotFound': (p) => `kubeconfig ${p.kubeconfig} 中不存在上下文 "${p.context}"${p.known.length ? `（已有的上下文：${p.known.join(', ')}）` : ''}`,
  'usage.noContexts': (p) => `--all-contexts：kubeconfig ${p.kubeconfig} 中没有任何上下文`,
  'usage.dumpToTerminal': () => 'kdiag dump 输出的是 JSON 文件，而标准输出是终端：请用 -o FILE（例如 -o dump.json）或重定向，或用 -o - 仍然打印',
  'snapshot.notFound': (p) => `快照路径不存在：${p.path}`,
  'snapshot.permissionDenied': (p) => `没有读取快照的权限：${p.path}`,
  'snapshot.writeFailed': (p) => `无法把转储写入 ${p.path}：${p.reason}`,
  'snapshot.isFolder': (p) => `应为文件，实际是文件夹：${p.path}`,
  'snapshot.unreadable': (p) => `无法读取快照 ${p.path}：${p.reason}`,
  'snapshot.empty': (p) => `快照文件为空：${p.path}`,
  'snapshot.noObjects': (p) => `${p.path} 中没有 Kubernetes 对象`,
  'snapshot.noObjectsInFolder': (p) => `文件夹 ${p.path} 中没有 Kubernetes 对象`,
  'snapshot.invalidJson': (p) => `${p.path}:${p.line}:${p.col} 处的 JSON 无效：${p.problem}`,
  'snapshot.invalidYaml': (p) => `${p.path}:${p.line}:${p.col} 处的 YAML 无效：${p.problem}`,
  'snapshot.invalidYamlContent': (p) => `${p.path} 中的 YAML 无效：${p.problem}`,
  'rules.pathNotFound': (p) => `规则路径不存在：${p.path}`,
  'rules.invalid': (p) => `规则文件中有 ${p.problems.length} 个问题：\n${p.problems.join('\n')}`,
  'rules.builtinFixturesMissing': (p) =>
    `内置规则的测试用例未安装（没有 ${p.path}；npm 包不包含它们）：请在 kdiag 仓库的克隆中运行 \`kdiag rules test\`，或用 \`kdiag rules test DIR\` 测试你自己的规则`,
  'manifest.notFound': (p) => `清单路径不存在：${p.path}`,
  'manifest.unreadable': (p) => `无法读取 ${p.path}：${p.reason}`,
  'manifest.noFiles': (p) => `文件夹 ${p.path} 中没有 .yaml、.yml 或 .json 文件`,
  'manifest.stdinTty': () => '-f - 从标准输入读取清单，但标准输入是终端：请用管道传入，例如 helm template . | kdiag lint -f -',
  'manifest.invalidYaml': (p) => `${p.path}:${p.line}:${p.col} 处的 YAML 无效：${p.problem}`,
  'manifest.notAnObject': (p) =>
    `${p.path}:${p.line}:${p.col} 处不是 Kubernetes 对象：${p.missing ? `缺少 ${p.missing.join(' 和 ')}` : '文档必须是包含 apiVersion 和 kind 的映射'}`,
  'notFound.snapshotPod': (p) => `快照 ${p.path} 的命名空间 "${p.namespace}" 中不存在 Pod "${p.pod}"`,
  'notFound.snapshotNamespace': (p) => `快照 ${p.path} 中没有命名空间 "${p.namespace}"（快照中的命名空间：${p.namespaces.length ? p.namespaces.join('、') : '无'}）`,
  'notFound.pod': (p) => `命名空间 "${p.namespace}" 中不存在 Pod "${p.pod}"（上下文 ${p.context}）`,
  'notFound.namespace': (p) => `命名空间 "${p.namespace}" 不存在（上下文 ${p.context}）：用 \`kubectl get namespaces\` 查看已有的命名空间`,
  'notFound.ingress': (p) => {
    const where = p.path !== null ? `快照 ${p.path}` : `上下文 ${p.context}`;
    if (p.unread !== null) return `无法在命名空间 "${p.namespace}"（${where}）中查找 Ingress "${p.ingress}"：Ingress 列表无法读取（${p.unread}）`;
    return `命名空间 "${p.namespace}"（${where}）中不存在 Ingress "${p.ingress}"：${p.ingresses.length ? `已有 ${p.ingresses.join('、')}` : '该命名空间没有 Ingress'}`;
  },
  'notFound.service': (p) => `命名空间 "${p.namespace}" 中不存在 Service "${p.service}"（${p.services.length ? `已有：${p.services.join('、')}` : '该命名空间没有 Service'}）`,
  'notFound.serviceUnlisted': (p) =>
    p.why === 'forbidden'
      ? `无法判断 Service "${p.service}" 是否存在：你无权列出命名空间 "${p.namespace}" 中的 Service（${p.why}；请申请 services 的 get/list 权限，或用其他凭据执行 \`kubectl describe svc ${p.service} -n ${p.namespace}\`）`
      : `无法判断 Service "${p.service}" 是否存在：无法读取命名空间 "${p.namespace}" 的 Service（${p.why}）`,
  'notFound.workload': (p) =>
    p.unread
      ? `无法在命名空间 "${p.namespace}"（${p.where}）中查找 ${p.kind} "${p.name}"：${p.kind} 列表无法读取（${p.unread}）`
      : `命名空间 "${p.namespace}"（${p.where}）中不存在 ${p.kind} "${p.name}"${p.names.length ? `；已有：${p.names.slice(0, 10).join('、')}${p.names.length > 10 ? ' ……' : ''}` : `；其中没有任何 ${p.kind}`}`,
  'cluster.kubeconfigUnreadable': (p) => `无法加载 kubeconfig ${p.kubeconfig}：${p.reason}`,
  'cluster.contextNotFound': (p) => `kubeconfig ${p.kubeconfig} 中不存在上下文 "${p.context}"`,
  'cluster.noCurrentContext': (p) => `kubeconfig ${p.kubeconfig} 中没有当前上下文（current-context）`,
  'cluster.authFailed': (p) => `无法向 ${p.server} 认证（上下文 ${p.context}）：${p.reason}`,
  'cluster.timeout': (p) => `无法连接 ${p.server}：${p.seconds} 秒内没有响应（GET ${p.path}）`,
  'cluster.unreachable': (p) => `无法连接 ${p.server}：${p.reason}`,
  'cluster.unreadableBody': (p) => `无法连接 ${p.server}：${p.reason}（GET ${p.path}）`,
  'cluster.notJson': (p) => `${p.server} 对 GET ${p.path} 的响应不是 JSON（${p.excerpt}...）`,
  'cluster.unauthorized': (p) => `${p.server} 拒绝了上下文 ${p.context} 的凭据（401 Unauthorized）：${p.message}`,
  'cluster.forbidden': (p) => `无权限：${p.message}`,
  'cluster.watchForbidden': (p) => `无法 watch ${p.resource}（-w）：${p.message}`,
  'cluster.podGetFailed': (p) => `${p.server} 对 GET ${p.path} 返回了 ${p.status}：${p.message}`,
  'cluster.podListFailed': (p) => `${p.server} 对${p.namespace ? `命名空间 ${p.namespace} 的` : ''} Pod 列表请求返回了 ${p.status}：${p.message}`,
  'cluster.answerTooLarge': (p) => `${p.server} 对 GET ${p.path} 的响应超过 ${p.limitBytes} 字节`,
  'cluster.noKubeconfig': (p) =>
    `找不到 kubeconfig：${
      p.kubeconfigEnv === null
        ? `未设置 KUBECONFIG，${p.defaultPath} 也不存在`
        : p.kubeconfigEnv.length
          ? `KUBECONFIG 中的文件都不存在（${p.kubeconfigEnv.join(', ')}）`
          : 'KUBECONFIG 中没有文件'
    }，kdiag 也不在 Pod 中运行（缺少 ${p.inClusterMissing}）`,
  'cluster.kubeconfigEmpty': (p) => `kubeconfig ${p.kubeconfig} 是空的：没有定义任何上下文、集群或用户`,
  'cluster.kubeconfigShape': (p) => `kubeconfig ${p.kubeconfig} 无效：${p.field} 应为 ${p.expected}（实际为 ${p.found}）`,
  'cluster.kubeconfigDuplicate': (p) => `kubeconfig ${p.kubeconfig} 无效：${p.list} 中有两个名为 "${p.name}" 的条目`,
  'cluster.clusterNotFound': (p) => `上下文 "${p.context}" 引用的集群 "${p.cluster}" 不在 kubeconfig ${p.kubeconfig} 中`,
  'cluster.userNotFound': (p) => `上下文 "${p.context}" 引用的用户 "${p.user}" 不在 kubeconfig ${p.kubeconfig} 中`,
  'cluster.noServer': (p) => `集群 "${p.cluster}" 没有 server（${p.kubeconfig}）`,
  'cluster.badServer': (p) => `集群 "${p.cluster}" 的 server "${p.server}" 不是 http:// 或 https:// URL（${p.kubeconfig}）`,
  'cluster.badProxyUrl': (p) => `集群 "${p.cluster}" 的 proxy-url "${p.proxy}" 不是 http://、https:// 或 socks5:// URL（${p.kubeconfig}）`,
  'cluster.badCertificateAuthority': (p) =>
    `集群 "${p.cluster}" 的 ${p.field} ${p.reason ? `含有无法解析的证书：${p.reason}` : p.field === 'certificate-authority-data' ? '不是 base64 编码的 PEM 证书' : '中没有 PEM 证书'}（${p.kubeconfig}）`,
  'cluster.referencedFileUnreadable': (p) => `无法读取 ${p.field} 文件 ${p.file}（${p.reason}），它由 ${p.kubeconfig} 指定`,
  'cluster.unreachableViaProxy': (p) => `无法通过代理 ${p.proxy}（${p.source}）连接 ${p.server}：${p.reason}`,
  'cluster.versionFailed': (p) => `${p.server} 对 GET /version 返回了 ${p.status}：${p.message}`,
};

const ja: ErrorCatalog = {
  'usage.requestTimeout': (p) => `--request-timeout "${p.value}" が不正です: 10s、1m、0 のような時間を指定してください`,
  'usage.lang': (p) => `${p.source} "${p.value}" には対応していません: ${p.supported.join(', ')} のいずれかを指定してください`,
  'usage.podNeedsNamespace': () => 'kdiag pod にはネームスペースを 1 つ指定してください: -A ではなく -n NAMESPACE を使います',
  'usage.selectorValue': (p) => `ラベルセレクター "${p.selector}" が不正です: "${p.term}" のラベル値が不正です`,
  'usage.selectorSyntax': (p) => `ラベルセレクター "${p.selector}" が不正です: "${p.term}" を解析できません`,
  'usage.unknownOption': (p) => `不明なオプション '${p.option}'${p.suggestion ? `（${p.suggestion} のことですか？）` : ''}`,
  'usage.unknownCommand': (p) => `不明なコマンド '${p.command}'${p.suggestion ? `（${p.suggestion} のことですか？）` : ''}`,
  'usage.missingArgument': (p) => `必須の引数 '${p.argument}' がありません`,
  'usage.optionMissingValue': (p) => `オプション '${p.option}' には値が必要です`,
  'usage.invalidChoice': (p) => `オプション '${p.option}' に '${p.value}' は指定できません: ${p.choices.join(', ')} のいずれかを指定してください`,
  'usage.excessArguments': (p) => `引数が多すぎます: ${p.expected} 個のところ ${p.got} 個あります`,
  'usage.commandLine': (p) => `コマンドラインが不正です: ${p.message}`,
  'usage.unknownRuleId': (p) => `--disable または設定ファイルのルール ID "${p.id}" は存在しません`,
  'usage.invalidConfig': (p) => `設定ファイル ${p.file} が不正です:\n${p.problems.join('\n')}`,
  'usage.fieldSelectorSyntax': (p) => `フィールドセレクター "${p.selector}" が不正です: "${p.term}" を解析できません（field=value、field==value、field!=value の形で指定してください）`,
  'usage.fieldSelectorValue': (p) => `フィールドセレクター "${p.selector}" が不正です: "${p.term}" の値の , = \\ は \\, \\= \\\\ と書いてください`,
  'usage.fieldSelectorField': (p) => `Pod はフィールド "${p.field}" で選択できません（使えるフィールド: ${p.supported.join(', ')}）`,
  'usage.selectorRejected': (p) => `${p.server} がセレクターを拒否しました: ${p.message}`,
  'usage.podArgKind': (p) => `kdiag pod には Pod を指定してください。"${p.arg}" は ${p.kind} です（NAME、pod/NAME、pods/NAME、po/NAME のいずれか。コントローラーの Pod は kdiag scan -n NAMESPACE -l SELECTOR）`,
  'usage.podArgName': (p) => `"${p.arg}" に Pod 名がありません（NAME、pod/NAME、pods/NAME、po/NAME のいずれかを指定してください）`,
  'usage.serviceArg': (p) => `kdiag service には Service を指定します: "${p.arg}"（NAME、svc/NAME、service/NAME、services/NAME のいずれか）`,
  'usage.watchSnapshot': () => '-w はクラスターの変化を監視し続けます。スナップショット（--from）は変化しません: -w か --from を外してください',
  'usage.watchOutput': (p) => `-w は変化ごとに 1 行（-o table または wide）か 1 行 1 つの JSON オブジェクト（-o json）を出力します。-o ${p.output} は使えません`,
  'usage.watchOutputFile': (p) => `-w は変化のたびに出力し、自分では終了しません: --output-file ${p.path} の代わりにリダイレクトしてください（kdiag scan -w -o json > ${p.path}）`,
  'usage.stdinTty': () => '--from - は標準入力からスナップショットを読みますが、標準入力が端末です: パイプで渡してください。例: kubectl get pods,events -A -o json | kdiag scan -A --from -',
  'usage.stdinEmpty': () => '--from -: 標準入力が空です: スナップショットをパイプで渡してください。例: kubectl get pods,events -A -o json | kdiag scan -A --from -',
  'usage.outputFile': (p) =>
    `--output-file ${p.path} に書き込めません: ${outputFileReason(p, { noFolder: 'フォルダーが存在しません', permission: '権限がありません', isFolder: 'フォルダーです', readOnly: '読み取り専用のファイルシステムです', noSpace: 'デバイスの空き容量がありません' })}`,
  'usage.outputFormatView': (p) => `${p.command} では -o ${p.format} を使えません: ${p.formats.join('、')} を使うか、kdiag scan -n ネームスペース -o ${p.format} を使ってください`,
  'usage.severalContexts': (p) => `${p.command} は 1 つのクラスターを読みます: --context は 1 回だけ指定してください（複数のコンテキストや --all-contexts は kdiag scan 用です）`,
  'usage.allContextsWithContext': () => '--all-contexts は kubeconfig のすべてのコンテキストをスキャンします: --context を外すか、--context A --context B のように個別に指定してください',
  'usage.contextNotFound': (p) => `kubeconfig ${p.kubeconfig} にコンテキスト "${p.context}" がありません${p.known.length ? `（既存のコンテキスト: ${p.known.join(', ')}）` : ''}`,
  'usage.noContexts': (p) => `--all-contexts: kubeconfig ${p.kubeconfig} にコンテキストがありません`,
  'usage.dumpToTerminal': () => 'kdiag dump は JSON ファイルを書き出しますが、標準出力が端末です: -o FILE（例: -o dump.json）かリダイレクトを指定するか、-o - でそのまま表示してください',
  'snapshot.notFound': (p) => `スナップショットのパスが存在しません: ${p.path}`,
  'snapshot.permissionDenied': (p) => `スナップショットを読み取る権限がありません: ${p.path}`,
  'snapshot.writeFailed': (p) => `ダンプを ${p.path} に書き込めません: ${p.reason}`,
  'snapshot.isFolder': (p) => `ファイルが必要ですが、フォルダーです: ${p.path}`,
  'snapshot.unreadable': (p) => `スナップショット ${p.path} を読み取れません: ${p.reason}`,
  'snapshot.empty': (p) => `スナップショットファイルが空です: ${p.path}`,
  'snapshot.noObjects': (p) => `${p.path} に Kubernetes オブジェクトがありません`,
  'snapshot.noObjectsInFolder': (p) => `フォルダー ${p.path} に Kubernetes オブジェクトがありません`,
  'snapshot.invalidJson': (p) => `${p.path}:${p.line}:${p.col} の JSON が不正です: ${p.problem}`,
  'snapshot.invalidYaml': (p) => `${p.path}:${p.line}:${p.col} の YAML が不正です: ${p.problem}`,
  'snapshot.invalidYamlContent': (p) => `${p.path} の YAML が不正です: ${p.problem}`,
  'rules.pathNotFound': (p) => `ルールのパスが存在しません: ${p.path}`,
  'rules.invalid': (p) => `ルールファイルに ${p.problems.length} 件の問題があります:\n${p.problems.join('\n')}`,
  'rules.builtinFixturesMissing': (p) =>
    `組み込みルールのフィクスチャがインストールされていません（${p.path} がありません。npm パッケージには含まれません）: kdiag リポジトリのクローンで \`kdiag rules test\` を実行するか、自分のルールを \`kdiag rules test DIR\` でテストしてください`,
  'manifest.notFound': (p) => `マニフェストのパスが存在しません: ${p.path}`,
  'manifest.unreadable': (p) => `${p.path} を読み取れません: ${p.reason}`,
  'manifest.noFiles': (p) => `フォルダー ${p.path} に .yaml、.yml、.json ファイルがありません`,
  'manifest.stdinTty': () => '-f - は標準入力からマニフェストを読みますが、標準入力が端末です: パイプで渡してください。例: helm template . | kdiag lint -f -',
  'manifest.invalidYaml': (p) => `${p.path}:${p.line}:${p.col} の YAML が不正です: ${p.problem}`,
  'manifest.notAnObject': (p) =>
    `${p.path}:${p.line}:${p.col} は Kubernetes オブジェクトではありません: ${p.missing ? `${p.missing.join(' と ')} がありません` : 'ドキュメントは apiVersion と kind を持つマッピングでなければなりません'}`,
  'notFound.snapshotPod': (p) => `スナップショット ${p.path} のネームスペース "${p.namespace}" に Pod "${p.pod}" がありません`,
  'notFound.snapshotNamespace': (p) => `スナップショット ${p.path} にネームスペース "${p.namespace}" がありません（含まれるネームスペース: ${p.namespaces.length ? p.namespaces.join('、') : 'なし'}）`,
  'notFound.pod': (p) => `ネームスペース "${p.namespace}" に Pod "${p.pod}" がありません（コンテキスト ${p.context}）`,
  'notFound.namespace': (p) => `ネームスペース "${p.namespace}" がありません（コンテキスト ${p.context}）: \`kubectl get namespaces\` で一覧を確認できます`,
  'notFound.ingress': (p) => {
    const where = p.path !== null ? `スナップショット ${p.path}` : `コンテキスト ${p.context}`;
    if (p.unread !== null) return `ネームスペース "${p.namespace}"（${where}）の Ingress "${p.ingress}" を確認できません: Ingress の一覧を読めませんでした（${p.unread}）`;
    return `ネームスペース "${p.namespace}"（${where}）に Ingress "${p.ingress}" がありません: ${p.ingresses.length ? `あるのは ${p.ingresses.join('、')}` : 'Ingress はありません'}`;
  },
  'notFound.service': (p) => `ネームスペース "${p.namespace}" に Service "${p.service}" がありません（${p.services.length ? `あるもの: ${p.services.join('、')}` : 'Service がありません'}）`,
  'notFound.serviceUnlisted': (p) =>
    p.why === 'forbidden'
      ? `Service "${p.service}" があるか判断できません: ネームスペース "${p.namespace}" の Service を一覧する権限がありません（${p.why}。services の get/list 権限を依頼するか、別の資格情報で \`kubectl describe svc ${p.service} -n ${p.namespace}\` を実行してください）`
      : `Service "${p.service}" があるか判断できません: ネームスペース "${p.namespace}" の Service を読めませんでした（${p.why}）`,
  'notFound.workload': (p) =>
    p.unread
      ? `ネームスペース "${p.namespace}"（${p.where}）の ${p.kind} "${p.name}" を確認できません: ${p.kind} の一覧を読み取れませんでした（${p.unread}）`
      : `ネームスペース "${p.namespace}"（${p.where}）に ${p.kind} "${p.name}" がありません${p.names.length ? `（あるもの: ${p.names.slice(0, 10).join('、')}${p.names.length > 10 ? ' …' : ''}）` : `（${p.kind} はありません）`}`,
  'cluster.kubeconfigUnreadable': (p) => `kubeconfig ${p.kubeconfig} を読み込めません: ${p.reason}`,
  'cluster.contextNotFound': (p) => `kubeconfig ${p.kubeconfig} にコンテキスト "${p.context}" がありません`,
  'cluster.noCurrentContext': (p) => `kubeconfig ${p.kubeconfig} に現在のコンテキスト（current-context）がありません`,
  'cluster.authFailed': (p) => `${p.server} に認証できません（コンテキスト ${p.context}）: ${p.reason}`,
  'cluster.timeout': (p) => `${p.server} に接続できません: ${p.seconds} 秒以内に応答がありません（GET ${p.path}）`,
  'cluster.unreachable': (p) => `${p.server} に接続できません: ${p.reason}`,
  'cluster.unreadableBody': (p) => `${p.server} に接続できません: ${p.reason}（GET ${p.path}）`,
  'cluster.notJson': (p) => `${p.server} の GET ${p.path} への応答が JSON ではありません（${p.excerpt}...）`,
  'cluster.unauthorized': (p) => `${p.server} がコンテキスト ${p.context} の認証情報を拒否しました（401 Unauthorized）: ${p.message}`,
  'cluster.forbidden': (p) => `権限がありません: ${p.message}`,
  'cluster.watchForbidden': (p) => `${p.resource} を watch できません（-w）: ${p.message}`,
  'cluster.podGetFailed': (p) => `${p.server} が GET ${p.path} に ${p.status} を返しました: ${p.message}`,
  'cluster.podListFailed': (p) => `${p.server} が${p.namespace ? `ネームスペース ${p.namespace} の` : ''} Pod 一覧の取得に ${p.status} を返しました: ${p.message}`,
  'cluster.answerTooLarge': (p) => `${p.server} の GET ${p.path} への応答が ${p.limitBytes} バイトを超えています`,
  'cluster.noKubeconfig': (p) =>
    `kubeconfig が見つかりません: ${
      p.kubeconfigEnv === null
        ? `KUBECONFIG が設定されておらず、${p.defaultPath} もありません`
        : p.kubeconfigEnv.length
          ? `KUBECONFIG のファイルがどれも存在しません（${p.kubeconfigEnv.join(', ')}）`
          : 'KUBECONFIG にファイルがありません'
    }。kdiag は Pod の中でも動いていません（${p.inClusterMissing} がありません）`,
  'cluster.kubeconfigEmpty': (p) => `kubeconfig ${p.kubeconfig} が空です: コンテキスト、クラスター、ユーザーが 1 つも定義されていません`,
  'cluster.kubeconfigShape': (p) => `kubeconfig ${p.kubeconfig} が不正です: ${p.field} は ${p.expected} でなければなりません（実際は ${p.found}）`,
  'cluster.kubeconfigDuplicate': (p) => `kubeconfig ${p.kubeconfig} が不正です: ${p.list} に "${p.name}" という名前のエントリーが 2 つあります`,
  'cluster.clusterNotFound': (p) => `コンテキスト "${p.context}" が指すクラスター "${p.cluster}" が kubeconfig ${p.kubeconfig} にありません`,
  'cluster.userNotFound': (p) => `コンテキスト "${p.context}" が指すユーザー "${p.user}" が kubeconfig ${p.kubeconfig} にありません`,
  'cluster.noServer': (p) => `クラスター "${p.cluster}" に server がありません（${p.kubeconfig}）`,
  'cluster.badServer': (p) => `クラスター "${p.cluster}" の server "${p.server}" は http:// または https:// の URL ではありません（${p.kubeconfig}）`,
  'cluster.badProxyUrl': (p) => `クラスター "${p.cluster}" の proxy-url "${p.proxy}" は http://、https://、socks5:// の URL ではありません（${p.kubeconfig}）`,
  'cluster.badCertificateAuthority': (p) =>
    `クラスター "${p.cluster}" の ${p.field} ${p.reason ? `の証明書を解析できません: ${p.reason}` : p.field === 'certificate-authority-data' ? 'が base64 エンコードされた PEM 証明書ではありません' : 'に PEM 証明書がありません'}（${p.kubeconfig}）`,
  'cluster.referencedFileUnreadable': (p) => `${p.kubeconfig} で指定された ${p.field} のファイル ${p.file} を読み取れません（${p.reason}）`,
  'cluster.unreachableViaProxy': (p) => `プロキシ ${p.proxy}（${p.source}）経由で ${p.server} に接続できません: ${p.reason}`,
  'cluster.versionFailed': (p) => `${p.server} が GET /version に ${p.status} を返しました: ${p.message}`,
};

const zhHints: HintCatalog = {
  'hint.listRuleIds': () => '用 `kdiag rules list` 查看规则 ID',
  'hint.commandHelp': (p) => `运行 ${p.command} --help 查看用法`,
  'hint.podInOtherNamespace': (p) => `它在命名空间 ${p.namespaces.join(', ')} 中：加上 -n ${p.namespaces[0]}`,
  'hint.listSnapshotPods': () => '用 `kdiag scan -A --all --from PATH` 列出快照中的 Pod',
  'hint.checkPodName': () => '用 `kubectl get pods -A` 核对名称，或加上 -n NAMESPACE',
  'hint.passDumpFolder': () => '这看起来是 dump 中的 logs.txt：请改为传入 cluster-info dump 的文件夹',
  'hint.snapshotFormats': () => '应为 List、PodList、EventList、单个对象，或 `kubectl cluster-info dump` 的输出',
  'hint.dumpFolderLayout': () => '应为 `kubectl cluster-info dump --output-directory` 生成的文件夹（nodes.json、<namespace>/pods.json ...）',
  'hint.knownContexts': (p) => `已有的上下文：${p.contexts.join(', ')}`,
  'hint.chooseContext': () => '加上 --context NAME，或运行 `kubectl config use-context NAME`',
  'hint.raiseTimeout': () => '调大 --request-timeout 或检查网络',
  'hint.checkConnection': () => '检查 --context/--kubeconfig、VPN 以及 API Server 是否正常运行',
  'hint.refreshCredentials': () => '重新登录或刷新 kubeconfig 中的令牌',
  'hint.askForWatch': (p) => `请申请 pods、events、nodes 的 watch 权限（见 README 的 RBAC 一节），或去掉 -w；上下文 ${p.context}`,
  'hint.askForPodAccess': (p) => `请申请 Pod 的 get/list 权限（见 README 的 RBAC 一节）；上下文 ${p.context}`,
  'hint.pointAtKubeconfig': () => '加上 --kubeconfig FILE 或设置 KUBECONFIG（多个文件：FILE1:FILE2）；云厂商的 CLI 可以生成（如 `aws eks update-kubeconfig`、`gcloud container clusters get-credentials`、`az aks get-credentials`）',
  'hint.base64CaData': () => '这里是 PEM 文本：请填入文件的 base64（`base64 -w0 ca.crt`），或用 certificate-authority 指定文件',
  'hint.lintRecursive': () => '加上 -R 同时读取子文件夹',
  'hint.checkProxy': (p) => `检查代理（${p.source}）；NO_PROXY 列出直连的主机`,
};

const jaHints: HintCatalog = {
  'hint.listRuleIds': () => '`kdiag rules list` でルール ID を確認できます',
  'hint.commandHelp': (p) => `${p.command} --help で使い方を確認できます`,
  'hint.podInOtherNamespace': (p) => `ネームスペース ${p.namespaces.join(', ')} にあります: -n ${p.namespaces[0]} を付けてください`,
  'hint.listSnapshotPods': () => '`kdiag scan -A --all --from PATH` でスナップショットの Pod を一覧できます',
  'hint.checkPodName': () => '`kubectl get pods -A` で名前を確認するか、-n NAMESPACE を付けてください',
  'hint.passDumpFolder': () => 'dump の logs.txt のようです: 代わりに cluster-info dump のフォルダーを指定してください',
  'hint.snapshotFormats': () => 'List、PodList、EventList、単一のオブジェクト、または `kubectl cluster-info dump` の出力を指定してください',
  'hint.dumpFolderLayout': () => '`kubectl cluster-info dump --output-directory` のフォルダー（nodes.json、<namespace>/pods.json ...）を指定してください',
  'hint.knownContexts': (p) => `既存のコンテキスト: ${p.contexts.join(', ')}`,
  'hint.chooseContext': () => '--context NAME を付けるか、`kubectl config use-context NAME` を実行してください',
  'hint.raiseTimeout': () => '--request-timeout を大きくするか、ネットワークを確認してください',
  'hint.checkConnection': () => '--context/--kubeconfig、VPN、API サーバーが動いているかを確認してください',
  'hint.refreshCredentials': () => '再ログインするか、kubeconfig のトークンを更新してください',
  'hint.askForWatch': (p) => `pods・events・nodes の watch 権限を依頼してください（README の RBAC の節を参照）。または -w なしで実行してください。コンテキスト ${p.context}`,
  'hint.askForPodAccess': (p) => `Pod の get/list 権限を依頼してください（README の RBAC の節を参照）。コンテキスト ${p.context}`,
  'hint.pointAtKubeconfig': () => '--kubeconfig FILE を付けるか KUBECONFIG を設定してください（複数なら FILE1:FILE2）。クラウドの CLI で作れます（`aws eks update-kubeconfig`、`gcloud container clusters get-credentials`、`az aks get-credentials` など）',
  'hint.base64CaData': () => 'PEM のテキストが入っています: ファイルの base64（`base64 -w0 ca.crt`）を入れるか、certificate-authority でファイルを指定してください',
  'hint.lintRecursive': () => '-R を付けるとサブフォルダーも読みます',
  'hint.checkProxy': (p) => `プロキシ（${p.source}）を確認してください。NO_PROXY に直接接続するホストを列挙します`,
};

/** Message texts per language (en from errors.ts). */
export const ERROR_TEXTS: Record<Lang, ErrorCatalog> = { en: EN_ERRORS, zh, ja };
/** Hint texts per language (en from errors.ts). */
export const HINT_TEXTS: Record<Lang, HintCatalog> = { en: EN_HINTS, zh: zhHints, ja: jaHints };

/** The words around an error or a warning on stderr. */
export const ERROR_WORDS: Record<Lang, { error: string; hint: string; warning: string }> = {
  en: { error: 'error', hint: 'hint', warning: 'warning' },
  zh: { error: '错误', hint: '提示', warning: '警告' },
  ja: { error: 'エラー', hint: 'ヒント', warning: '警告' },
};

/**
 * An error's message and hint in `lang`, from the catalogs (quoted parameters as they came).
 * @returns `text` (one line, or a header and one problem a line) and `hint` (one line) when the error has one
 */
export function renderError(e: KdiagError, lang: Lang): { text: string; hint?: string } {
  const text = formatError(ERROR_TEXTS[lang], e.id, e.params);
  return e.hint ? { text, hint: formatHint(HINT_TEXTS[lang], e.hint) } : { text };
}
