import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, EXIT_CODES, KdiagError, type ErrorId, type ErrorParams, type Hint, type HintId, type HintParams } from '../src/errors.js';
import { LANGS } from '../src/lang.js';
import { ERROR_TEXTS, HINT_TEXTS, renderError } from '../src/render/error-texts.js';
import { ROOT, runKdiag } from './support/run-cli.js';

/**
 * Sample parameters of every message id and hint id. Typed by the ids, so `tsc` asks for a
 * sample when an id is added. Values are distinctive, so finding them in a text means the
 * text really quotes them.
 */
const ERROR_SAMPLES: { [K in ErrorId]: ErrorParams[K] } = {
  'usage.requestTimeout': { value: 'soon-ish' },
  'usage.lang': { source: 'KDIAG_LANG', value: 'klingon', supported: ['en', 'zh', 'ja'] },
  'usage.podNeedsNamespace': {},
  'usage.selectorValue': { selector: 'app in (we b),tier=x', term: 'app in (we b)' },
  'usage.selectorSyntax': { selector: 'app=(x', term: 'app=(x' },
  'usage.unknownOption': { option: '--namespcae', suggestion: '--namespace' },
  'usage.unknownCommand': { command: 'scna', suggestion: 'scan' },
  'usage.missingArgument': { argument: 'pod-name-arg' },
  'usage.optionMissingValue': { option: '-n, --namespace <namespace>' },
  'usage.invalidChoice': { option: '-o, --output <format>', value: 'xml-ish', choices: ['table', 'json', 'yaml'] },
  'usage.excessArguments': { expected: 7, got: 9 },
  'usage.commandLine': { message: "option '--foo' cannot be used with option '--bar'" },
  'usage.unknownRuleId': { id: 'oom-kiled' },
  'usage.invalidConfig': { file: '/home/u/.kdiag.yaml', problems: ['/home/u/.kdiag.yaml:3:1 type must be array', '/home/u/.kdiag.yaml:5:7 enum must be en, zh or ja'] },
  'usage.fieldSelectorSyntax': { selector: 'status.phase:Running', term: 'status.phase:Running' },
  'usage.fieldSelectorValue': { selector: 'spec.nodeName=a=b', term: 'spec.nodeName=a=b' },
  'usage.fieldSelectorField': { field: 'spec.nodname', supported: ['metadata.name', 'spec.nodeName', 'status.phase'] },
  'usage.selectorRejected': { server: 'https://10.0.0.1:6443', message: 'field label not supported: spec.nodname' },
  'usage.podArgKind': { arg: 'deploy/web-frontend', kind: 'deploy' },
  'usage.podArgName': { arg: 'pods/' },
  'usage.stdinTty': {},
  'usage.watchSnapshot': {},
  'usage.watchOutput': { output: 'yaml' },
  'usage.watchOutputFile': { path: 'changes.ndjson' },
  'usage.stdinEmpty': {},
  'usage.outputFile': { path: '/nonexistent/report.sarif', code: 'ENOENT', detail: null },
  'usage.outputFormatView': { format: 'sarif', command: 'kdiag ingress', formats: ['table', 'wide', 'name', 'json', 'yaml'] },
  'usage.severalContexts': { command: 'kdiag ingress-cmd' },
  'usage.allContextsWithContext': {},
  'usage.contextNotFound': { context: 'prod-typo', kubeconfig: '/home/u/.kube/fleet-config', known: ['prod-eu', 'dev-eu'] },
  'usage.noContexts': { kubeconfig: '/home/u/.kube/empty-config' },
  'usage.dumpToTerminal': {},
  'snapshot.notFound': { path: '/tmp/snap-missing.json' },
  'snapshot.permissionDenied': { path: '/root/snap-locked.json' },
  'snapshot.writeFailed': { path: '/srv/ro/dump.json', reason: 'EROFS' },
  'snapshot.isFolder': { path: '/tmp/dump/shop/web-1/logs.txt' },
  'snapshot.unreadable': { path: '/tmp/snap-odd.json', reason: 'EIO' },
  'snapshot.empty': { path: '/tmp/snap-empty.json' },
  'snapshot.noObjects': { path: '/tmp/notes.txt' },
  'snapshot.noObjectsInFolder': { path: '/tmp/empty-dump' },
  'snapshot.invalidJson': { path: '/tmp/bad.json', line: 37, col: 12, problem: "unexpected character ','" },
  'snapshot.invalidYaml': { path: '/tmp/bad.yaml', line: 41, col: 9, problem: 'Flow sequence in block collection must be sufficiently indented' },
  'snapshot.invalidYamlContent': { path: '/tmp/bombs.yaml', problem: 'Excessive alias count indicates a resource exhaustion attack' },
  'rules.pathNotFound': { path: '/srv/my-rules' },
  'rules.invalid': { problems: ['my-rules/a.yaml:4:3 required must have property match', 'my-rules/b.yaml:9:11 regex bad pattern'] },
  'rules.builtinFixturesMissing': { path: '/usr/lib/node_modules/kdiag/fixtures/rules' },
  'manifest.notFound': { path: 'k8s/deploy-missing.yaml' },
  'manifest.unreadable': { path: 'k8s/locked.yaml', reason: 'EACCES' },
  'manifest.noFiles': { path: 'k8s/empty-dir' },
  'manifest.stdinTty': {},
  'manifest.invalidYaml': { path: 'k8s/web.yaml', line: 23, col: 7, problem: 'Nested mappings are not allowed in compact mappings' },
  'manifest.notAnObject': { path: 'k8s/odd.yaml', line: 12, col: 1, missing: ['kind'] },
  'notFound.snapshotPod': { pod: 'web-7d9f8', namespace: 'shop', path: '/tmp/dump' },
  'notFound.snapshotNamespace': { namespace: 'shopp', path: '/tmp/dump', namespaces: ['default', 'shop'] },
  'notFound.pod': { pod: 'web-7d9f8', namespace: 'shop', context: 'prod-eu' },
  'notFound.namespace': { namespace: 'shopp', context: 'prod-eu' },
  'notFound.ingress': { ingress: 'web', namespace: 'shop', context: 'prod-eu', path: null, unread: null, ingresses: ['shop', 'admin'] },
  'usage.serviceArg': { arg: 'deploy/frontend' },
  'notFound.service': { service: 'frontend', namespace: 'shop', services: ['checkout', 'frontend-v2'] },
  'notFound.serviceUnlisted': { service: 'frontend', namespace: 'shop', why: 'forbidden' },
  'notFound.workload': { kind: 'deployment', name: 'apii', namespace: 'shop', where: 'context prod-eu', names: ['api', 'cart', 'web'], unread: null },
  'cluster.kubeconfigUnreadable': { kubeconfig: '/nonexistent/kubeconfig', reason: 'ENOENT: no such file or directory' },
  'cluster.contextNotFound': { context: 'prod-us', kubeconfig: '~/.kube/config' },
  'cluster.noCurrentContext': { kubeconfig: '~/.kube/config' },
  'cluster.authFailed': { server: 'https://10.0.0.1:6443', context: 'gke-prod', reason: 'exec: executable gke-gcloud-auth-plugin not found' },
  'cluster.timeout': { server: 'https://10.0.0.1:6443', seconds: 45, path: '/api/v1/namespaces/shop/pods' },
  'cluster.unreachable': { server: 'https://10.0.0.1:6443', reason: 'connect ECONNREFUSED 10.0.0.1:6443' },
  'cluster.unreadableBody': { server: 'https://10.0.0.1:6443', reason: 'incorrect header check', path: '/api/v1/pods' },
  'cluster.notJson': { server: 'https://10.0.0.1:6443', path: '/api/v1/pods', excerpt: '<html><body>502 Bad Gateway' },
  'cluster.unauthorized': { server: 'https://10.0.0.1:6443', context: 'prod-eu', message: 'Unauthorized' },
  'cluster.watchForbidden': { resource: 'pods', message: 'pods is forbidden: User "dev" cannot watch resource "pods" in API group "" in the namespace "shop"' },
  'cluster.forbidden': { message: 'pods is forbidden: User "dev" cannot list resource "pods" in API group "" in the namespace "shop"' },
  'cluster.podGetFailed': { server: 'https://10.0.0.1:6443', status: 503, path: '/api/v1/namespaces/shop/pods/web', message: 'the server is currently unable to handle the request' },
  'cluster.podListFailed': { server: 'https://10.0.0.1:6443', status: 500, namespace: 'shop', message: 'etcdserver: request timed out' },
  'cluster.answerTooLarge': { server: 'https://10.0.0.1:6443', path: '/api/v1/pods', limitBytes: 536870912 },
  'cluster.noKubeconfig': { kubeconfigEnv: ['/home/u/.kube/dev.yaml', '/home/u/.kube/prod.yaml'], defaultPath: null, inClusterMissing: 'KUBERNETES_SERVICE_HOST' },
  'cluster.kubeconfigEmpty': { kubeconfig: '/home/u/.kube/config' },
  'cluster.kubeconfigShape': { kubeconfig: '/home/u/.kube/config:4:5', field: 'clusters[0].cluster', expected: 'mapping', found: 'string' },
  'cluster.kubeconfigDuplicate': { kubeconfig: '/home/u/.kube/config:9:3', list: 'users', name: 'admin@prod' },
  'cluster.clusterNotFound': { context: 'prod-eu', cluster: 'prod-eu-cluster', kubeconfig: '/home/u/.kube/config' },
  'cluster.userNotFound': { context: 'prod-eu', user: 'admin@prod-eu', kubeconfig: '/home/u/.kube/config' },
  'cluster.noServer': { cluster: 'prod-eu-cluster', kubeconfig: '/home/u/.kube/config:3:5' },
  'cluster.badServer': { cluster: 'prod-eu-cluster', server: 'ftp://10.0.0.1', kubeconfig: '/home/u/.kube/config:4:13' },
  'cluster.badProxyUrl': { cluster: 'prod-eu-cluster', kubeconfig: '/home/u/.kube/config:5:16', proxy: 'socks4://10.0.0.9:1080' },
  'cluster.badCertificateAuthority': { cluster: 'prod-eu-cluster', kubeconfig: '/home/u/.kube/config:6:35', field: 'certificate-authority-data', reason: 'error:0680007B:asn1 encoding routines::header too long' },
  'cluster.referencedFileUnreadable': { kubeconfig: '/home/u/.kube/config:8:25', field: 'client-key', file: '/home/u/.kube/prod.key', reason: 'EACCES' },
  'cluster.unreachableViaProxy': { server: 'https://10.0.0.1:6443', proxy: 'http://proxy.corp:3128', source: 'HTTPS_PROXY', reason: 'connect ECONNREFUSED 10.0.0.9:3128' },
  'cluster.versionFailed': { server: 'https://10.0.0.1:6443', status: 403, message: 'forbidden: User "system:anonymous" cannot get path "/version"' },
};

const HINT_SAMPLES: { [K in HintId]: HintParams[K] } = {
  'hint.listRuleIds': {},
  'hint.commandHelp': { command: 'kdiag rules lint' },
  'hint.podInOtherNamespace': { namespaces: ['default', 'staging'] },
  'hint.listSnapshotPods': {},
  'hint.checkPodName': {},
  'hint.passDumpFolder': {},
  'hint.snapshotFormats': {},
  'hint.dumpFolderLayout': {},
  'hint.knownContexts': { contexts: ['dev-eu', 'prod-eu'] },
  'hint.chooseContext': {},
  'hint.raiseTimeout': {},
  'hint.checkConnection': {},
  'hint.refreshCredentials': {},
  'hint.askForPodAccess': { context: 'prod-eu' },
  'hint.askForWatch': { context: 'prod-eu' },
  'hint.pointAtKubeconfig': {},
  'hint.base64CaData': {},
  'hint.lintRecursive': {},
  'hint.checkProxy': { source: 'HTTPS_PROXY' },
};

/** Every value a text must quote: strings and numbers as they are, each item of a list. */
function quoted(params: object): string[] {
  return Object.values(params).flatMap((v: unknown) => (Array.isArray(v) ? v.map(String) : v === null || v === undefined ? [] : [String(v)]));
}

/** Chinese or Japanese script: a translated frame has some. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('error messages by id, in en, zh and ja', () => {
  const ids = Object.keys(ERROR_CODES) as ErrorId[];
  const hintIds = Object.keys(HINT_SAMPLES) as HintId[];

  it('has a sample, a code and a text in every language for every id', () => {
    expect(ids.length).toBeGreaterThan(30);
    expect(Object.keys(ERROR_SAMPLES).sort()).toEqual([...ids].sort());
    for (const lang of LANGS) {
      expect(Object.keys(ERROR_TEXTS[lang]).sort(), lang).toEqual([...ids].sort());
      expect(Object.keys(HINT_TEXTS[lang]).sort(), lang).toEqual([...hintIds].sort());
    }
  });

  it.each(Object.keys(ERROR_SAMPLES) as ErrorId[])('%s: translated, quoting every parameter', (id) => {
    const e = new KdiagError(id, ERROR_SAMPLES[id]);
    expect(e.code).toBe(ERROR_CODES[id]);
    expect(e.exitCode).toBe(EXIT_CODES[e.code]);
    const en = renderError(e, 'en').text;
    // err.message is the English text, and one line but for the problem lists
    expect(en).toBe(e.message);
    if (!('problems' in e.params)) expect(e.message).not.toContain('\n');
    for (const lang of LANGS) {
      const text = renderError(e, lang).text;
      if (lang !== 'en') {
        expect(text, `${lang}: ${id}`).not.toBe(en);
        expect(text, `${lang}: ${id}`).toMatch(CJK);
      }
      for (const v of quoted(e.params)) expect(text, `${lang}: ${id} quotes ${v}`).toContain(v);
      expect(text).not.toMatch(/undefined|null|\[object/);
    }
  });

  it.each(hintIds)('%s: translated, quoting every parameter', (id) => {
    const hint = { id, params: HINT_SAMPLES[id] } as Hint;
    const e = new KdiagError('snapshot.notFound', { path: '/tmp/x.json' }, hint);
    const en = renderError(e, 'en').hint;
    expect(en).toBe(e.suggestion);
    expect(en).not.toContain('\n');
    for (const lang of LANGS) {
      const text = renderError(e, lang).hint!;
      if (lang !== 'en') {
        expect(text, `${lang}: ${id}`).not.toBe(en);
        expect(text, `${lang}: ${id}`).toMatch(CJK);
      }
      for (const v of quoted(hint.params)) expect(text, `${lang}: ${id} quotes ${v}`).toContain(v);
    }
  });

  it('words a pod list of all namespaces without naming one', () => {
    const e = new KdiagError('cluster.podListFailed', { server: 'https://k:6443', status: 500, namespace: null, message: 'boom' });
    expect(e.message).toBe('https://k:6443 answered 500 to list pods: boom');
    for (const lang of LANGS) expect(renderError(e, lang).text).not.toMatch(/null|namespace |命名空间|ネームスペース/);
  });

  it('words a missing kubeconfig with and without KUBECONFIG', () => {
    const unset = new KdiagError('cluster.noKubeconfig', { kubeconfigEnv: null, defaultPath: '/home/u/.kube/config', inClusterMissing: '/var/run/secrets/kubernetes.io/serviceaccount/token' });
    expect(unset.message).toBe('no kubeconfig found: KUBECONFIG is not set and /home/u/.kube/config does not exist, and kdiag is not running in a pod (no /var/run/secrets/kubernetes.io/serviceaccount/token)');
    const empty = new KdiagError('cluster.noKubeconfig', { kubeconfigEnv: [], defaultPath: null, inClusterMissing: 'KUBERNETES_SERVICE_HOST' });
    for (const e of [unset, empty])
      for (const lang of LANGS) {
        const text = renderError(e, lang).text;
        expect(text).not.toMatch(/undefined|null|\(\)/);
        expect(text).toContain(e.params.inClusterMissing);
      }
    expect(renderError(unset, 'zh').text).toContain('/home/u/.kube/config');
    expect(renderError(unset, 'ja').text).toContain('/home/u/.kube/config');
  });

  it('has no hint unless one is given', () => {
    const e = new KdiagError('snapshot.empty', { path: '/tmp/e.json' });
    expect(e.suggestion).toBeUndefined();
    expect(renderError(e, 'ja')).toEqual({ text: 'スナップショットファイルが空です: /tmp/e.json' });
  });
});

describe('the CLI prints errors in the language asked for', () => {
  const DEMO = join(ROOT, 'fixtures', 'demo');

  it('a pod not in the snapshot namespace, with its hint (--lang ja), and a missing path (zh locale)', async () => {
    const r = await runKdiag(['pod', 'backoff', '-n', 'shop', '--from', DEMO, '--lang', 'ja']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kdiag: エラー: スナップショット ${DEMO} のネームスペース "shop" に Pod "backoff" がありません\n  ヒント: ネームスペース default にあります: -n default を付けてください\n`,
    );
    const zh = await runKdiag(['scan', '--from', '/nonexistent'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stderr).toBe('kdiag: 错误: 快照路径不存在：/nonexistent\n');
  });

  it('an invalid JSON snapshot, located by jsonc-parser in the bundled CLI', async () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'kdiag-i18n-')), 'bad.json');
    writeFileSync(bad, '{\n  "kind": "PodList",\n  "items": [tru]\n}\n');
    const r = await runKdiag(['scan', '-A', '--from', bad, '--lang', 'ja']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kdiag: エラー: ${bad}:3:16 の JSON が不正です: unexpected character ']'\n`);
  });

  it.each([
    ['a missing snapshot path', ['scan', '--from', '/nonexistent/snap.json'], 2, 'kdiag: エラー: スナップショットのパスが存在しません: /nonexistent/snap.json\n'],
    [
      'an invalid --request-timeout',
      ['scan', '--from', DEMO, '--request-timeout', 'soon'],
      2,
      'kdiag: エラー: --request-timeout "soon" が不正です: 10s、1m、0 のような時間を指定してください\n',
    ],
    [
      'an unknown --disable id',
      ['scan', '--from', DEMO, '--disable', 'no-such-rule'],
      2,
      'kdiag: エラー: --disable または設定ファイルのルール ID "no-such-rule" は存在しません\n  ヒント: `kdiag rules list` でルール ID を確認できます\n',
    ],
    [
      'a bad label selector',
      ['scan', '-A', '--from', DEMO, '-l', 'app=(x'],
      2,
      'kdiag: エラー: ラベルセレクター "app=(x" が不正です: "app=(x" を解析できません\n',
    ],
    [
      'a kubeconfig that does not exist',
      ['scan', '--kubeconfig', '/nonexistent/kubeconfig'],
      3,
      /^kdiag: エラー: kubeconfig \/nonexistent\/kubeconfig を読み込めません: .*ENOENT/,
    ],
  ] as const)('%s', async (_what, args, code, stderr) => {
    const r = await runKdiag([...args, '--lang', 'ja']);
    expect(r.code).toBe(code);
    if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
    else expect(r.stderr).toMatch(stderr);
  });
});
