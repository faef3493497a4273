/**
 * kdiag's error model: one error type, {@link KdiagError}, thrown by deep code and turned
 * into a message on stderr and an exit code by `cli.ts` alone.
 *
 * An error is data, not text: a message id ({@link ErrorId}), the typed parameters that id
 * takes ({@link ErrorParams}), and optionally a hint id with its own parameters
 * ({@link HintParams}). The id decides the error code and so the exit code
 * ({@link ERROR_CODES}). The words live in catalogs, one function per id and language:
 * English here ({@link EN_ERRORS}, {@link EN_HINTS}: `err.message` is built from them, so
 * logs, stack traces and tests see one English line), Chinese and Japanese in
 * `render/error-texts.ts`, where the CLI renders an error in the user's language. Each
 * catalog is typed `{ [K in ErrorId]: (p: ErrorParams[K]) => string }`, so `tsc` fails when
 * an id has no text in some language, and a throw site cannot pass the wrong parameters.
 *
 * What an error quotes from elsewhere (server answers, paths, parser messages, lists of
 * rule-file problems) is passed as a parameter and printed as it came, in every language.
 *
 * Adding an error: its parameters in {@link ErrorParams}, its code in {@link ERROR_CODES},
 * its English in {@link EN_ERRORS}, then `tsc` asks for zh and ja in `render/error-texts.ts`
 * (and test/errors-i18n.test.ts for a sample).
 *
 * This module imports nothing from the stages of `src/`: every stage may throw.
 *
 * Exit codes (documented in the README):
 * - 0: no finding of severity `warning` or worse
 * - 1: findings of severity `warning` or `critical`
 * - 2: usage, snapshot, rule-file or manifest error (`USAGE`, `SNAPSHOT`, `RULES`, `NOT_FOUND`, `MANIFEST`)
 * - 3: cannot reach or authenticate to the cluster (`CLUSTER`)
 */
export type ErrorCode = 'USAGE' | 'SNAPSHOT' | 'RULES' | 'NOT_FOUND' | 'CLUSTER' | 'MANIFEST';

/** Exit code per error code. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  USAGE: 2,
  SNAPSHOT: 2,
  RULES: 2,
  NOT_FOUND: 2,
  CLUSTER: 3,
  MANIFEST: 2,
};

/** The parameters of a message that takes none. */
export type NoParams = Record<string, never>;

/**
 * The parameters of each error message, by message id. Strings are quoted as they are
 * (paths, names, server and parser messages); a list is one item a line or comma-joined,
 * as the message says.
 */
export interface ErrorParams {
  /** `--request-timeout` is not a duration. */
  'usage.requestTimeout': { value: string };
  /** `--lang` or `KDIAG_LANG` names a language kdiag does not speak. */
  'usage.lang': { source: '--lang' | 'KDIAG_LANG'; value: string; supported: string[] };
  /** `kdiag pod` with `-A`. */
  'usage.podNeedsNamespace': NoParams;
  /** A set term of a label selector (`a in (x,y)`) has a value that is not a label value. */
  'usage.selectorValue': { selector: string; term: string };
  /** A term of a label selector is none of kubectl's forms. */
  'usage.selectorSyntax': { selector: string; term: string };
  /** The API server answered 400 to a label selector kdiag's parser let through; `message`: its Status message. */
  /** An option the command does not have; `suggestion`: commander's nearest option(s), comma-joined. */
  'usage.unknownOption': { option: string; suggestion: string | null };
  /** A command kdiag does not have; `suggestion` as for `usage.unknownOption`. */
  'usage.unknownCommand': { command: string; suggestion: string | null };
  /** A required argument is missing (`kdiag pod` without a name); `argument`: its name. */
  'usage.missingArgument': { argument: string };
  /** An option that takes a value was given none; `option`: its flags, e.g. `-n, --namespace <namespace>`. */
  'usage.optionMissingValue': { option: string };
  /** An option's value is not one of its choices (`-o xml`). */
  'usage.invalidChoice': { option: string; value: string; choices: string[] };
  /** More arguments than the command takes. */
  'usage.excessArguments': { expected: number; got: number };
  /** Any other command-line error, in commander's own (English) words. */
  'usage.commandLine': { message: string };
  /** `--disable`, or the config's `disable`/`severity`, names no rule. */
  'usage.unknownRuleId': { id: string };
  /** The config file breaks its schema; `problems`: one `file:line:col code message` each. */
  'usage.invalidConfig': { file: string; problems: string[] };
  /** A term of `--field-selector` has no operator (`=`, `==`, `!=`) or no field name. */
  'usage.fieldSelectorSyntax': { selector: string; term: string };
  /** A `--field-selector` value has an unescaped `,`/`=` or a bad backslash escape. */
  'usage.fieldSelectorValue': { selector: string; term: string };
  /** `--field-selector` on a snapshot names a field pods cannot be selected by; `supported`: the pod fields. */
  'usage.fieldSelectorField': { field: string; supported: string[] };
  /** The API server answered 400 to a pod list with `-l` or `--field-selector`; `message`: its Status message. */
  'usage.selectorRejected': { server: string; message: string };
  /** `kdiag pod KIND/NAME` with a kind that is not a pod (`deploy/web`). */
  'usage.podArgKind': { arg: string; kind: string };
  /** `kdiag pod pod/` (no name after the slash). */
  'usage.podArgName': { arg: string };
  /** `kdiag service KIND/NAME` with a kind that is not a Service, or no name after the slash. */
  'usage.serviceArg': { arg: string };
  /** `--from -` while standard input is a terminal: nothing is piped in. */
  'usage.stdinTty': NoParams;
  /** `-w` with `--from`: a snapshot does not change. */
  'usage.watchSnapshot': NoParams;
  /** `-w` with an `-o` it does not print (yaml, name). */
  'usage.watchOutput': { output: string };
  /** `-w` with `--output-file`: the watch writes as it goes; a file is what a shell redirect gives. */
  'usage.watchOutputFile': { path: string };
  /** `--from -` and standard input held nothing. */
  'usage.stdinEmpty': NoParams;
  /**
   * `--output-file PATH` cannot be written. `code`: the system error (ENOENT, EACCES, EISDIR,
   * EROFS, ENOSPC ... worded by {@link outputFileReason}); `detail`: the system's message, only
   * for a code without words (else null).
   */
  'usage.outputFile': { path: string; code: string; detail: string | null };
  /** `-o FORMAT` that a view command does not print (`kdiag ingress -o sarif`); `formats`: those it does. */
  'usage.outputFormatView': { format: string; command: string; formats: string[] };
  /** Several contexts (`--context` given more than once) for a command that reads one cluster; `command`: e.g. `kdiag pod`. */
  'usage.severalContexts': { command: string };
  /** `--all-contexts` together with `--context`. */
  'usage.allContextsWithContext': NoParams;
  /** A `--context` of a several-context scan names no context of the kubeconfig (checked before any request). */
  'usage.contextNotFound': { context: string; kubeconfig: string; known: string[] };
  /** `--all-contexts` and the kubeconfig lists no context. */
  'usage.noContexts': { kubeconfig: string };
  /** `kdiag dump` with no `-o FILE` and stdout a terminal. */
  'usage.dumpToTerminal': NoParams;

  'snapshot.notFound': { path: string };
  'snapshot.permissionDenied': { path: string };
  /** `kdiag dump -o FILE` could not write the file; `reason`: the system's code or message. */
  'snapshot.writeFailed': { path: string; reason: string };
  /** A file was expected (EISDIR). */
  'snapshot.isFolder': { path: string };
  /** Any other read failure; `reason`: an errno code or the first line of an error message. */
  'snapshot.unreadable': { path: string; reason: string };
  'snapshot.empty': { path: string };
  'snapshot.noObjects': { path: string };
  'snapshot.noObjectsInFolder': { path: string };
  /** `line` and `col` are 1-based (col in UTF-16 code units); `problem` is the parser's words. */
  'snapshot.invalidJson': { path: string; line: number; col: number; problem: string };
  /** As `snapshot.invalidJson`, for YAML (the `yaml` package's message). */
  'snapshot.invalidYaml': { path: string; line: number; col: number; problem: string };
  /** YAML that parses but cannot be turned into values (e.g. too many aliases). */
  'snapshot.invalidYamlContent': { path: string; problem: string };

  'rules.pathNotFound': { path: string };
  /** `problems`: one `file:line:col code message` each. */
  'rules.invalid': { problems: string[] };
  /** `kdiag rules test` without PATH where the built-in rules' fixtures are not installed (the npm package leaves them out). */
  'rules.builtinFixturesMissing': { path: string };

  /** `kdiag lint -f PATH`: PATH does not exist. */
  'manifest.notFound': { path: string };
  /** A file or folder of `kdiag lint -f` cannot be read; `reason`: the errno code (`EACCES`, `EIO`). */
  'manifest.unreadable': { path: string; reason: string };
  /** `kdiag lint -f DIR`: no .yaml, .yml or .json file in it (nor in its subfolders with -R). */
  'manifest.noFiles': { path: string };
  /** `kdiag lint -f -` while standard input is a terminal. */
  'manifest.stdinTty': NoParams;
  /** A YAML (or JSON) syntax error; `line`, `col` 1-based; `problem`: the `yaml` package's words. */
  'manifest.invalidYaml': { path: string; line: number; col: number; problem: string };
  /** A document that is no Kubernetes object: not a mapping, or without `apiVersion` or `kind` (`missing`). */
  'manifest.notAnObject': { path: string; line: number; col: number; missing: ('apiVersion' | 'kind')[] | null };

  /** `kdiag pod NAME --from PATH` and no such pod in the namespace. */
  'notFound.snapshotPod': { pod: string; namespace: string; path: string };
  'notFound.snapshotNamespace': { namespace: string; path: string; namespaces: string[] };
  /** `kdiag pod NAME` got 404 from the cluster. */
  'notFound.pod': { pod: string; namespace: string; context: string };
  'notFound.namespace': { namespace: string; context: string };
  /**
   * `kdiag ingress NAME`: no such Ingress in the namespace scanned (`context` for a cluster,
   * `path` for a snapshot); `unread`: why the Ingress list could not be read (`forbidden`),
   * null when it was read; `ingresses`: the Ingresses the namespace does have.
   */
  'notFound.ingress': { ingress: string; namespace: string; context: string | null; path: string | null; unread: string | null; ingresses: string[] };
  /** `kdiag service NAME` and no such Service in the namespace; `services`: those it has (at most 10). */
  'notFound.service': { service: string; namespace: string; services: string[] };
  /**
   * `kdiag service NAME` when the Services of the namespace could not be listed, so whether it
   * exists is unknown; `why`: the reason as the source gave it (`forbidden`: RBAC refused the list).
   */
  'notFound.serviceUnlisted': { service: string; namespace: string; why: string };
  /**
   * `kdiag deployment|statefulset|daemonset|job NAME`: no such workload in the namespace.
   * `kind`: the resource as typed (deployment, statefulset ...); `where`: `context NAME` or
   * `snapshot PATH`; `names`: the workloads of that kind the namespace has (for a typo);
   * `unread`: why the list of that kind could not be read (then it is not called missing), or null.
   */
  'notFound.workload': { kind: string; name: string; namespace: string; where: string; names: string[]; unread: string | null };

  /** `reason`: client-node's message, first line. */
  'cluster.kubeconfigUnreadable': { kubeconfig: string; reason: string };
  'cluster.contextNotFound': { context: string; kubeconfig: string };
  'cluster.noCurrentContext': { kubeconfig: string };
  /** Applying the credentials failed (an exec plugin, an OIDC refresh ...). */
  'cluster.authFailed': { server: string; context: string; reason: string };
  /** No answer within `--request-timeout` (`seconds`). */
  'cluster.timeout': { server: string; seconds: number; path: string };
  /** The connection failed; `reason`: the network error (`connect ECONNREFUSED ...`). */
  'cluster.unreachable': { server: string; reason: string };
  /** The body of an answer could not be read or decoded (a broken connection, corrupt gzip). */
  'cluster.unreadableBody': { server: string; reason: string; path: string };
  /** `excerpt`: the body's first 60 characters, whitespace collapsed. */
  'cluster.notJson': { server: string; path: string; excerpt: string };
  /** 401; `message`: the server's Status message. */
  'cluster.unauthorized': { server: string; context: string; message: string };
  /** 403 on the pods; `message`: the server's Status message. */
  'cluster.forbidden': { message: string };
  /** `-w`: the API server refused to watch `resource` (403 on `?watch=1`), `message` its Status message. */
  'cluster.watchForbidden': { resource: string; message: string };
  /** Another non-2xx answer to `GET path` of a pod. */
  'cluster.podGetFailed': { server: string; status: number; path: string; message: string };
  /** Another non-2xx answer to listing the pods (`namespace` null: all namespaces). */
  'cluster.podListFailed': { server: string; status: number; namespace: string | null; message: string };
  /** An answer on the pods larger than kdiag reads (`limitBytes`, bytes on the wire). */
  'cluster.answerTooLarge': { server: string; path: string; limitBytes: number };
  /**
   * No kubeconfig file exists and kdiag is not in a pod. `kubeconfigEnv`: the files KUBECONFIG
   * lists (none exists), null when it is not set; `defaultPath`: ~/.kube/config, tried when
   * KUBECONFIG is not set (else null); `inClusterMissing`: what the in-cluster configuration
   * lacks, the variable KUBERNETES_SERVICE_HOST (or _PORT) or the service account token's path.
   */
  'cluster.noKubeconfig': { kubeconfigEnv: string[]; defaultPath: null; inClusterMissing: string } | { kubeconfigEnv: null; defaultPath: string; inClusterMissing: string };
  /** The kubeconfig files read define nothing (no context, cluster, user or current-context). */
  'cluster.kubeconfigEmpty': { kubeconfig: string };
  /**
   * A kubeconfig field of the wrong YAML type. `kubeconfig`: `FILE:LINE:COL`; `field`: its path
   * (`clusters[0].cluster`); `found`: the type found (`string`, `number`, `list`, `empty` ...).
   */
  'cluster.kubeconfigShape': { kubeconfig: string; field: string; expected: 'mapping' | 'list' | 'string' | 'boolean'; found: string };
  /** Two entries of one name in one list of one file (clientcmd refuses it). */
  'cluster.kubeconfigDuplicate': { kubeconfig: string; list: 'clusters' | 'contexts' | 'users'; name: string };
  /** The context names a cluster no kubeconfig file defines. */
  'cluster.clusterNotFound': { context: string; cluster: string; kubeconfig: string };
  /** The context names a user no kubeconfig file defines. */
  'cluster.userNotFound': { context: string; user: string; kubeconfig: string };
  /** The cluster has no `server`. */
  'cluster.noServer': { cluster: string; kubeconfig: string };
  /** `server` is no http:// or https:// URL. */
  'cluster.badServer': { cluster: string; server: string; kubeconfig: string };
  /** `proxy-url` is no http, https or socks5 URL (credentials removed from `proxy`). */
  'cluster.badProxyUrl': { cluster: string; kubeconfig: string; proxy: string };
  /**
   * `certificate-authority(-data)` holds no usable PEM certificate; `reason`: the parser's words
   * for a certificate that does not parse, null when there is no certificate at all (or the data
   * is not base64).
   */
  'cluster.badCertificateAuthority': { cluster: string; kubeconfig: string; field: 'certificate-authority' | 'certificate-authority-data'; reason: string | null };
  /** A file the kubeconfig names cannot be read; `reason`: the errno code (`ENOENT`, `EACCES`, `EISDIR`). */
  'cluster.referencedFileUnreadable': { kubeconfig: string; field: KubeconfigField; file: string; reason: string };
  /** The connection through a proxy failed; `proxy`: its URL without credentials; `source`: `proxy-url` or the variable. */
  'cluster.unreachableViaProxy': { server: string; proxy: string; source: string; reason: string };
  /** A non-2xx answer to `GET /version` other than 401. */
  'cluster.versionFailed': { server: string; status: number; message: string };
}

/** A kubeconfig field that names a file. */
export type KubeconfigField = 'certificate-authority' | 'certificate-authority-data' | 'client-certificate' | 'client-key' | 'token-file';

/** The parameters of each hint, by hint id. */
export interface HintParams {
  'hint.listRuleIds': NoParams;
  /** After a command-line error: the help of the command it was for (`kdiag scan`; `kdiag` at the top). */
  'hint.commandHelp': { command: string };
  /** The pod exists in these namespaces (at least one). */
  'hint.podInOtherNamespace': { namespaces: string[] };
  'hint.listSnapshotPods': NoParams;
  'hint.checkPodName': NoParams;
  /** A bare `logs.txt` of a dump was given as the snapshot. */
  'hint.passDumpFolder': NoParams;
  'hint.snapshotFormats': NoParams;
  'hint.dumpFolderLayout': NoParams;
  'hint.knownContexts': { contexts: string[] };
  'hint.chooseContext': NoParams;
  'hint.raiseTimeout': NoParams;
  'hint.checkConnection': NoParams;
  'hint.refreshCredentials': NoParams;
  'hint.askForPodAccess': { context: string };
  /** The `watch` verb -w needs. */
  'hint.askForWatch': { context: string };
  'hint.pointAtKubeconfig': NoParams;
  /** `certificate-authority-data` holds PEM text instead of base64. */
  'hint.base64CaData': NoParams;
  /** `kdiag lint -f DIR` without -R found no manifest in DIR itself. */
  'hint.lintRecursive': NoParams;
  /** A connection through a proxy failed; `source`: `proxy-url` or the variable it came from. */
  'hint.checkProxy': { source: string };
}

/** A message id. */
export type ErrorId = keyof ErrorParams;
/** A hint id. */
export type HintId = keyof HintParams;

/** A hint with its parameters, checked per id: `{ id: 'hint.knownContexts', params: { contexts } }`. */
export type Hint = { [K in HintId]: { id: K; params: HintParams[K] } }[HintId];

/** The texts of every message in one language. */
export type ErrorCatalog = { [K in ErrorId]: (p: ErrorParams[K]) => string };
/** The texts of every hint in one language. */
export type HintCatalog = { [K in HintId]: (p: HintParams[K]) => string };

/** The error code (and so the exit code) of each message id. */
export const ERROR_CODES: { [K in ErrorId]: ErrorCode } = {
  'usage.requestTimeout': 'USAGE',
  'usage.lang': 'USAGE',
  'usage.podNeedsNamespace': 'USAGE',
  'usage.selectorValue': 'USAGE',
  'usage.selectorSyntax': 'USAGE',
  'usage.selectorRejected': 'USAGE',
  'usage.unknownOption': 'USAGE',
  'usage.unknownCommand': 'USAGE',
  'usage.missingArgument': 'USAGE',
  'usage.optionMissingValue': 'USAGE',
  'usage.invalidChoice': 'USAGE',
  'usage.excessArguments': 'USAGE',
  'usage.commandLine': 'USAGE',
  'usage.unknownRuleId': 'USAGE',
  'usage.invalidConfig': 'USAGE',
  'usage.fieldSelectorSyntax': 'USAGE',
  'usage.fieldSelectorValue': 'USAGE',
  'usage.fieldSelectorField': 'USAGE',
  'usage.podArgKind': 'USAGE',
  'usage.podArgName': 'USAGE',
  'usage.serviceArg': 'USAGE',
  'usage.stdinTty': 'USAGE',
  'usage.watchSnapshot': 'USAGE',
  'usage.watchOutput': 'USAGE',
  'usage.watchOutputFile': 'USAGE',
  'usage.stdinEmpty': 'USAGE',
  'usage.outputFile': 'USAGE',
  'usage.outputFormatView': 'USAGE',
  'usage.severalContexts': 'USAGE',
  'usage.allContextsWithContext': 'USAGE',
  'usage.contextNotFound': 'USAGE',
  'usage.noContexts': 'USAGE',
  'usage.dumpToTerminal': 'USAGE',
  'snapshot.notFound': 'SNAPSHOT',
  'snapshot.permissionDenied': 'SNAPSHOT',
  'snapshot.writeFailed': 'SNAPSHOT',
  'snapshot.isFolder': 'SNAPSHOT',
  'snapshot.unreadable': 'SNAPSHOT',
  'snapshot.empty': 'SNAPSHOT',
  'snapshot.noObjects': 'SNAPSHOT',
  'snapshot.noObjectsInFolder': 'SNAPSHOT',
  'snapshot.invalidJson': 'SNAPSHOT',
  'snapshot.invalidYaml': 'SNAPSHOT',
  'snapshot.invalidYamlContent': 'SNAPSHOT',
  'rules.pathNotFound': 'RULES',
  'rules.invalid': 'RULES',
  'rules.builtinFixturesMissing': 'RULES',
  'manifest.notFound': 'MANIFEST',
  'manifest.unreadable': 'MANIFEST',
  'manifest.noFiles': 'MANIFEST',
  'manifest.stdinTty': 'USAGE',
  'manifest.invalidYaml': 'MANIFEST',
  'manifest.notAnObject': 'MANIFEST',
  'notFound.snapshotPod': 'NOT_FOUND',
  'notFound.snapshotNamespace': 'NOT_FOUND',
  'notFound.pod': 'NOT_FOUND',
  'notFound.namespace': 'NOT_FOUND',
  'notFound.ingress': 'NOT_FOUND',
  'notFound.service': 'NOT_FOUND',
  'notFound.serviceUnlisted': 'NOT_FOUND',
  'notFound.workload': 'NOT_FOUND',
  'cluster.kubeconfigUnreadable': 'CLUSTER',
  'cluster.contextNotFound': 'CLUSTER',
  'cluster.noCurrentContext': 'CLUSTER',
  'cluster.authFailed': 'CLUSTER',
  'cluster.timeout': 'CLUSTER',
  'cluster.unreachable': 'CLUSTER',
  'cluster.unreadableBody': 'CLUSTER',
  'cluster.notJson': 'CLUSTER',
  'cluster.unauthorized': 'CLUSTER',
  'cluster.forbidden': 'CLUSTER',
  'cluster.watchForbidden': 'CLUSTER',
  'cluster.podGetFailed': 'CLUSTER',
  'cluster.podListFailed': 'CLUSTER',
  'cluster.answerTooLarge': 'CLUSTER',
  'cluster.noKubeconfig': 'CLUSTER',
  'cluster.kubeconfigEmpty': 'CLUSTER',
  'cluster.kubeconfigShape': 'CLUSTER',
  'cluster.kubeconfigDuplicate': 'CLUSTER',
  'cluster.clusterNotFound': 'CLUSTER',
  'cluster.userNotFound': 'CLUSTER',
  'cluster.noServer': 'CLUSTER',
  'cluster.badServer': 'CLUSTER',
  'cluster.badProxyUrl': 'CLUSTER',
  'cluster.badCertificateAuthority': 'CLUSTER',
  'cluster.referencedFileUnreadable': 'CLUSTER',
  'cluster.unreachableViaProxy': 'CLUSTER',
  'cluster.versionFailed': 'CLUSTER',
};

/** English messages: one line each, except the problem lists (one problem a line). */
export const EN_ERRORS: ErrorCatalog = {
  'usage.requestTimeout': (p) => `invalid --request-timeout "${p.value}": use a duration such as 10s, 1m or 0`,
  'usage.lang': (p) => `unsupported ${p.source} "${p.value}": use one of ${p.supported.join(', ')}`,
  'usage.podNeedsNamespace': () => 'kdiag pod needs one namespace: use -n NAMESPACE, not -A',
  'usage.selectorValue': (p) => `invalid label selector "${p.selector}": invalid label value in "${p.term}"`,
  'usage.selectorSyntax': (p) => `invalid label selector "${p.selector}": cannot parse "${p.term}"`,
  'usage.unknownOption': (p) => `unknown option '${p.option}'${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}`,
  'usage.unknownCommand': (p) => `unknown command '${p.command}'${p.suggestion ? ` (did you mean ${p.suggestion}?)` : ''}`,
  'usage.missingArgument': (p) => `missing required argument '${p.argument}'`,
  'usage.optionMissingValue': (p) => `option '${p.option}' needs a value`,
  'usage.invalidChoice': (p) => `option '${p.option}' does not take '${p.value}': use ${p.choices.join(', ')}`,
  'usage.excessArguments': (p) => `too many arguments: expected ${p.expected}, got ${p.got}`,
  'usage.commandLine': (p) => p.message,
  'usage.unknownRuleId': (p) => `unknown rule id "${p.id}" in --disable or the config file`,
  'usage.invalidConfig': (p) => `invalid config file ${p.file}:\n${p.problems.join('\n')}`,
  'usage.fieldSelectorSyntax': (p) => `invalid field selector "${p.selector}": cannot parse "${p.term}" (use field=value, field==value or field!=value)`,
  'usage.fieldSelectorValue': (p) => `invalid field selector "${p.selector}": in "${p.term}", write , = and \\ in a value as \\, \\= and \\\\`,
  'usage.fieldSelectorField': (p) => `field label not supported for pods: "${p.field}" (supported: ${p.supported.join(', ')})`,
  'usage.selectorRejected': (p) => `${p.server} rejected the selector: ${p.message}`,
  'usage.podArgKind': (p) => `kdiag pod takes a pod, not a ${p.kind}: "${p.arg}" (use NAME, pod/NAME, pods/NAME or po/NAME; for the pods of a controller: kdiag scan -n NAMESPACE -l SELECTOR)`,
  'usage.podArgName': (p) => `no pod name in "${p.arg}" (use NAME, pod/NAME, pods/NAME or po/NAME)`,
  'usage.serviceArg': (p) => `kdiag service takes a Service: "${p.arg}" (use NAME, svc/NAME, service/NAME or services/NAME)`,
  'usage.watchSnapshot': () => '-w watches a cluster as it changes; a snapshot (--from) does not change: drop -w or --from',
  'usage.watchOutput': (p) => `-w prints a line per change (-o table or wide) or a JSON object per line (-o json), not -o ${p.output}`,
  'usage.watchOutputFile': (p) => `-w writes each change as it comes and never ends by itself: instead of --output-file ${p.path}, redirect it (kdiag scan -w -o json > ${p.path})`,
  'usage.stdinTty': () => '--from - reads a snapshot from standard input, which is a terminal: pipe one in, e.g. kubectl get pods,events -A -o json | kdiag scan -A --from -',
  'usage.stdinEmpty': () => '--from -: standard input is empty: pipe a snapshot in, e.g. kubectl get pods,events -A -o json | kdiag scan -A --from -',
  'usage.outputFile': (p) => `cannot write --output-file ${p.path}: ${outputFileReason(p, { noFolder: 'its folder does not exist', permission: 'permission denied', isFolder: 'it is a folder', readOnly: 'read-only file system', noSpace: 'no space left on the device' })}`,
  'usage.outputFormatView': (p) => `-o ${p.format} is not available for ${p.command}: use ${p.formats.join(', ')}, or kdiag scan -n NAMESPACE -o ${p.format}`,
  'usage.severalContexts': (p) => `${p.command} reads one cluster: give --context once (several contexts, or --all-contexts, are for kdiag scan)`,
  'usage.allContextsWithContext': () => '--all-contexts scans every context of the kubeconfig: drop --context, or name each context with --context A --context B',
  'usage.contextNotFound': (p) => `context "${p.context}" not found in kubeconfig ${p.kubeconfig}${p.known.length ? ` (its contexts: ${p.known.join(', ')})` : ''}`,
  'usage.noContexts': (p) => `--all-contexts: kubeconfig ${p.kubeconfig} has no context`,
  'usage.dumpToTerminal': () => 'kdiag dump writes a JSON file, and standard output is a terminal: give -o FILE (e.g. -o dump.json), redirect it, or -o - to print it anyway',
  'snapshot.notFound': (p) => `snapshot path not found: ${p.path}`,
  'snapshot.permissionDenied': (p) => `permission denied reading snapshot: ${p.path}`,
  'snapshot.writeFailed': (p) => `cannot write the dump to ${p.path}: ${p.reason}`,
  'snapshot.isFolder': (p) => `expected a file, found a folder: ${p.path}`,
  'snapshot.unreadable': (p) => `cannot read snapshot ${p.path}: ${p.reason}`,
  'snapshot.empty': (p) => `snapshot file is empty: ${p.path}`,
  'snapshot.noObjects': (p) => `no Kubernetes objects in ${p.path}`,
  'snapshot.noObjectsInFolder': (p) => `no Kubernetes objects in folder ${p.path}`,
  'snapshot.invalidJson': (p) => `invalid JSON at ${p.path}:${p.line}:${p.col}: ${p.problem}`,
  'snapshot.invalidYaml': (p) => `invalid YAML at ${p.path}:${p.line}:${p.col}: ${p.problem}`,
  'snapshot.invalidYamlContent': (p) => `invalid YAML in ${p.path}: ${p.problem}`,
  'rules.pathNotFound': (p) => `rules path not found: ${p.path}`,
  'rules.invalid': (p) => `${p.problems.length} problem(s) in rule files:\n${p.problems.join('\n')}`,
  'rules.builtinFixturesMissing': (p) =>
    `the fixtures of the built-in rules are not installed (no ${p.path}; the npm package leaves them out): run \`kdiag rules test\` in a clone of the kdiag repository, or test your own rules with \`kdiag rules test DIR\``,
  'manifest.notFound': (p) => `manifest path not found: ${p.path}`,
  'manifest.unreadable': (p) => `cannot read ${p.path}: ${p.reason}`,
  'manifest.noFiles': (p) => `no .yaml, .yml or .json files in folder ${p.path}`,
  'manifest.stdinTty': () => '-f - reads manifests from standard input, which is a terminal: pipe them in, e.g. helm template . | kdiag lint -f -',
  'manifest.invalidYaml': (p) => `invalid YAML at ${p.path}:${p.line}:${p.col}: ${p.problem}`,
  'manifest.notAnObject': (p) =>
    `not a Kubernetes object at ${p.path}:${p.line}:${p.col}: ${p.missing ? `no ${p.missing.join(' and no ')}` : 'a document must be a mapping with apiVersion and kind'}`,
  'notFound.snapshotPod': (p) => `pod "${p.pod}" not found in namespace "${p.namespace}" of snapshot ${p.path}`,
  'notFound.snapshotNamespace': (p) => `namespace "${p.namespace}" is not in snapshot ${p.path} (it holds ${p.namespaces.length ? p.namespaces.join(', ') : 'no namespace'})`,
  'notFound.pod': (p) => `pod "${p.pod}" not found in namespace "${p.namespace}" (context ${p.context})`,
  'notFound.namespace': (p) => `namespace "${p.namespace}" not found (context ${p.context}): list them with \`kubectl get namespaces\``,
  'notFound.ingress': (p) => {
    const where = p.path !== null ? `snapshot ${p.path}` : `context ${p.context}`;
    if (p.unread !== null) return `Ingress "${p.ingress}" could not be looked up in namespace "${p.namespace}" (${where}): the Ingress list could not be read (${p.unread})`;
    return `Ingress "${p.ingress}" not found in namespace "${p.namespace}" (${where}): ${p.ingresses.length ? `it has ${p.ingresses.join(', ')}` : 'it has no Ingress'}`;
  },
  'notFound.service': (p) => `service "${p.service}" not found in namespace "${p.namespace}" (${p.services.length ? `it has: ${p.services.join(', ')}` : 'it has no Service'})`,
  'notFound.serviceUnlisted': (p) =>
    p.why === 'forbidden'
      ? `cannot tell whether service "${p.service}" exists: listing Services in namespace "${p.namespace}" is ${p.why} to you (ask for get/list on services, or use \`kubectl describe svc ${p.service} -n ${p.namespace}\` with other credentials)`
      : `cannot tell whether service "${p.service}" exists: the Services of namespace "${p.namespace}" could not be read (${p.why})`,
  'notFound.workload': (p) =>
    p.unread
      ? `cannot look up ${p.kind} "${p.name}" in namespace "${p.namespace}" (${p.where}): the ${p.kind} list could not be read (${p.unread})`
      : `${p.kind} "${p.name}" not found in namespace "${p.namespace}" (${p.where})${p.names.length ? `; it has: ${p.names.slice(0, 10).join(', ')}${p.names.length > 10 ? ' ...' : ''}` : `; it has no ${p.kind}`}`,
  'cluster.kubeconfigUnreadable': (p) => `cannot load kubeconfig ${p.kubeconfig}: ${p.reason}`,
  'cluster.contextNotFound': (p) => `context "${p.context}" not found in kubeconfig ${p.kubeconfig}`,
  'cluster.noCurrentContext': (p) => `no current context in kubeconfig ${p.kubeconfig}`,
  'cluster.authFailed': (p) => `cannot authenticate to ${p.server} (context ${p.context}): ${p.reason}`,
  'cluster.timeout': (p) => `cannot reach ${p.server}: no answer within ${p.seconds}s (GET ${p.path})`,
  'cluster.unreachable': (p) => `cannot reach ${p.server}: ${p.reason}`,
  'cluster.unreadableBody': (p) => `cannot reach ${p.server}: ${p.reason} (GET ${p.path})`,
  'cluster.notJson': (p) => `${p.server} answered GET ${p.path} with a body that is not JSON (${p.excerpt}...)`,
  'cluster.unauthorized': (p) => `${p.server} rejected the credentials of context ${p.context} (401 Unauthorized): ${p.message}`,
  'cluster.forbidden': (p) => `forbidden: ${p.message}`,
  'cluster.watchForbidden': (p) => `cannot watch ${p.resource} (-w): ${p.message}`,
  'cluster.podGetFailed': (p) => `${p.server} answered ${p.status} to GET ${p.path}: ${p.message}`,
  'cluster.podListFailed': (p) => `${p.server} answered ${p.status} to list pods${p.namespace ? ` in namespace ${p.namespace}` : ''}: ${p.message}`,
  'cluster.answerTooLarge': (p) => `the answer of ${p.server} to GET ${p.path} is larger than ${p.limitBytes} bytes`,
  'cluster.noKubeconfig': (p) =>
    `no kubeconfig found: ${
      p.kubeconfigEnv === null
        ? `KUBECONFIG is not set and ${p.defaultPath} does not exist`
        : p.kubeconfigEnv.length
          ? `none of the files in KUBECONFIG exists (${p.kubeconfigEnv.join(', ')})`
          : 'KUBECONFIG names no file'
    }, and kdiag is not running in a pod (no ${p.inClusterMissing})`,
  'cluster.kubeconfigEmpty': (p) => `kubeconfig ${p.kubeconfig} is empty: it defines no context, cluster or user`,
  'cluster.kubeconfigShape': (p) => `invalid kubeconfig ${p.kubeconfig}: ${p.field} must be a ${p.expected} (found: ${p.found})`,
  'cluster.kubeconfigDuplicate': (p) => `invalid kubeconfig ${p.kubeconfig}: ${p.list} has two entries named "${p.name}"`,
  'cluster.clusterNotFound': (p) => `context "${p.context}" names cluster "${p.cluster}", which is not in kubeconfig ${p.kubeconfig}`,
  'cluster.userNotFound': (p) => `context "${p.context}" names user "${p.user}", which is not in kubeconfig ${p.kubeconfig}`,
  'cluster.noServer': (p) => `cluster "${p.cluster}" has no server (${p.kubeconfig})`,
  'cluster.badServer': (p) => `server "${p.server}" of cluster "${p.cluster}" is not an http:// or https:// URL (${p.kubeconfig})`,
  'cluster.badProxyUrl': (p) => `proxy-url "${p.proxy}" of cluster "${p.cluster}" is not an http://, https:// or socks5:// URL (${p.kubeconfig})`,
  'cluster.badCertificateAuthority': (p) =>
    `${p.field} of cluster "${p.cluster}" ${p.reason ? `holds a certificate that does not parse: ${p.reason}` : p.field === 'certificate-authority-data' ? 'is not a base64-encoded PEM certificate' : 'holds no PEM certificate'} (${p.kubeconfig})`,
  'cluster.referencedFileUnreadable': (p) => `cannot read the ${p.field} file ${p.file} (${p.reason}), named at ${p.kubeconfig}`,
  'cluster.unreachableViaProxy': (p) => `cannot reach ${p.server} through proxy ${p.proxy} (${p.source}): ${p.reason}`,
  'cluster.versionFailed': (p) => `${p.server} answered ${p.status} to GET /version: ${p.message}`,
};

/** English hints, one line each. */
export const EN_HINTS: HintCatalog = {
  'hint.listRuleIds': () => 'list the ids with `kdiag rules list`',
  'hint.commandHelp': (p) => `run ${p.command} --help`,
  'hint.podInOtherNamespace': (p) => `it exists in namespace ${p.namespaces.join(', ')}: add -n ${p.namespaces[0]}`,
  'hint.listSnapshotPods': () => 'list the pods with `kdiag scan -A --all --from PATH`',
  'hint.checkPodName': () => 'check the name with `kubectl get pods -A`, or pass -n NAMESPACE',
  'hint.passDumpFolder': () => 'this looks like a dump logs.txt; pass the cluster-info dump folder instead',
  'hint.snapshotFormats': () => 'expected a List, PodList, EventList, a single object, or `kubectl cluster-info dump` output',
  'hint.dumpFolderLayout': () => 'expected a `kubectl cluster-info dump --output-directory` folder (nodes.json, <namespace>/pods.json ...)',
  'hint.knownContexts': (p) => `known contexts: ${p.contexts.join(', ')}`,
  'hint.chooseContext': () => 'pass --context NAME or run `kubectl config use-context NAME`',
  'hint.raiseTimeout': () => 'raise --request-timeout or check the network',
  'hint.checkConnection': () => 'check --context/--kubeconfig, the VPN, and that the API server is up',
  'hint.refreshCredentials': () => 'log in again or refresh the token in your kubeconfig',
  'hint.askForWatch': (p) => `ask for the watch verb on pods, events and nodes (see the README's RBAC section), or run without -w; context ${p.context}`,
  'hint.askForPodAccess': (p) => `ask for get/list on pods (see the README's RBAC section); context ${p.context}`,
  'hint.pointAtKubeconfig': () => 'pass --kubeconfig FILE or set KUBECONFIG (several files: FILE1:FILE2); your cluster provider\'s CLI writes one (e.g. `aws eks update-kubeconfig`, `gcloud container clusters get-credentials`, `az aks get-credentials`)',
  'hint.base64CaData': () => 'it holds PEM text: put the base64 of the file there (`base64 -w0 ca.crt`), or name the file with certificate-authority',
  'hint.lintRecursive': () => 'add -R to read its subfolders too',
  'hint.checkProxy': (p) => `check the proxy (${p.source}); NO_PROXY lists the hosts that go direct`,
};

/** The text of message `id` with `params` in a catalog (`EN_ERRORS`, or one of render/error-texts.ts). */
export function formatError<K extends ErrorId>(catalog: ErrorCatalog, id: K, params: ErrorParams[K]): string {
  const text: (p: ErrorParams[K]) => string = catalog[id];
  return text(params);
}

/** The text of a hint in a catalog (`EN_HINTS`, or one of render/error-texts.ts). */
export function formatHint(catalog: HintCatalog, hint: Hint): string {
  // a Hint's id and params belong together (see its type); tsc cannot follow that through the union
  const text = catalog[hint.id] as (p: Hint['params']) => string;
  return text(hint.params);
}

/**
 * The one error type kdiag throws on purpose (see the top of this file).
 *
 * `new KdiagError('snapshot.notFound', { path })`, or with a hint:
 * `new KdiagError('cluster.timeout', { server, seconds, path }, { id: 'hint.raiseTimeout', params: {} })`.
 * `tsc` checks `params` against {@link ErrorParams} for the id given.
 */
export class KdiagError<K extends ErrorId = ErrorId> extends Error {
  /** The error class; decides the exit code (see {@link EXIT_CODES}). */
  readonly code: ErrorCode;

  /**
   * @param id the message id; decides the code (see {@link ERROR_CODES})
   * @param params the message's parameters; never secrets
   * @param hint optional hint shown under the message ("try -A")
   */
  constructor(
    readonly id: K,
    readonly params: ErrorParams[K],
    readonly hint?: Hint,
  ) {
    super(formatError(EN_ERRORS, id, params));
    this.name = 'KdiagError';
    this.code = ERROR_CODES[id];
  }

  /** The process exit code for this error. */
  get exitCode(): number {
    return EXIT_CODES[this.code];
  }

  /** The hint in English, one line (as `message` is the message in English). */
  get suggestion(): string | undefined {
    return this.hint && formatHint(EN_HINTS, this.hint);
  }
}

/** The system error codes of a failed `--output-file` write that `usage.outputFile` words. */
const OUTPUT_FILE_REASONS: Record<string, 'noFolder' | 'permission' | 'isFolder' | 'readOnly' | 'noSpace'> = {
  ENOENT: 'noFolder',
  ENOTDIR: 'noFolder',
  EACCES: 'permission',
  EPERM: 'permission',
  EISDIR: 'isFolder',
  EROFS: 'readOnly',
  ENOSPC: 'noSpace',
  EDQUOT: 'noSpace',
};

/**
 * Why `--output-file` could not be written, in one language's `words`: the words for its
 * system error code with the code after them (`its folder does not exist (ENOENT)`), else the
 * system's own message.
 */
export function outputFileReason(p: ErrorParams['usage.outputFile'], words: Record<'noFolder' | 'permission' | 'isFolder' | 'readOnly' | 'noSpace', string>): string {
  const reason = OUTPUT_FILE_REASONS[p.code];
  return reason ? `${words[reason]} (${p.code})` : (p.detail ?? p.code);
}

/** Whether `usage.outputFile` has words for a system error code (else it quotes the system's message). */
export function outputFileWorded(code: string): boolean {
  return Object.hasOwn(OUTPUT_FILE_REASONS, code);
}
