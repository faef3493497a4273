import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKubernetesFields, kubernetesFieldsText } from '../scripts/gen-kubernetes-fields.js';
import { closestName, jsonPath, loadKubernetesFields, unknownFields } from '../src/facts/manifest-fields.js';
import { LintReportSchema, type LintReport } from '../src/report/lint.js';
import { execFileSync } from 'node:child_process';
import { findOnPath, ROOT, runKdiag } from './support/run-cli.js';

/**
 * `kdiag lint` through the built CLI on realistic manifests (examples/lint/shop is a clean
 * Deployment + Service + Ingress + ConfigMap set; each test breaks one thing in a copy), and
 * the pure unknown-field check on a `kubectl.kubernetes.io/last-applied-configuration`.
 */
const SHOP = join(ROOT, 'examples', 'lint', 'shop');
const BROKEN = join(ROOT, 'examples', 'lint', 'shop-broken');
let tmp: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kdiag-lint-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of examples/lint/shop in a fresh folder, with `edit` applied to the text of `file`. */
function shopWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmp, 'shop-'));
  cpSync(SHOP, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, 'the edit changed nothing').not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

/** `kdiag lint -o json` and its parsed report (checked against the report's schema). */
async function lintJson(args: string[], stdin?: string): Promise<{ code: number; report: LintReport; stderr: string }> {
  const r = await runKdiag(['lint', ...args, '-o', 'json'], {}, stdin);
  expect(r.stderr).toBe('');
  const report = JSON.parse(r.stdout) as LintReport;
  const validate = new Ajv({ strict: false, allErrors: true }).compile(LintReportSchema);
  expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  return { code: r.code, report, stderr: r.stderr };
}

/** Line and column (1-based) of the first occurrence of `needle` in a file. */
function where(path: string, needle: string): string {
  const text = readFileSync(path, 'utf8');
  const i = text.indexOf(needle);
  expect(i, needle).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

const ids = (r: LintReport) => r.findings.map((f) => f.ruleId);

describe('kdiag lint: unknown fields', () => {
  it('finds `comand:` in a Deployment at its file:line:col with its JSON path and a suggestion, and exits 1', async () => {
    const dir = shopWith('web.yaml', (t) => t.replace('          command: ["/app/web"]', '          comand: ["/app/web"]'));
    const file = join(dir, 'web.yaml');
    const r = await runKdiag(['lint', '-f', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      `${file}:${where(file, 'comand:')}  WARNING  manifest-unknown-field  Deployment web: unknown field spec.template.spec.containers[0].comand (did you mean command?): the API server drops it without an error`,
    );
    expect(lines[1]).toBe('  fix: Rename comand to command: the API server ignores comand silently, so the setting never takes effect.');
    expect(lines.at(-2)).toBe('4 objects in 3 files: 1 warning');
  });

  it('finds typos at every depth: spec, pod spec, ports, env, metadata; and suggests nothing for a word far from every field', async () => {
    const dir = shopWith('web.yaml', (t) =>
      t
        .replace('  replicas: 2', '  replica: 2')
        .replace('              containerPort: 8080', '              ContainerPort: 8080')
        .replace('                  key: log-level', '                  kye: log-level')
        .replace('  namespace: shop\n  labels:', '  namespace: shop\n  lables:')
        .replace('          resources:', '          resourcez:')
        .replace('      volumes:', '      sidecarMagic: true\n      volumes:'),
    );
    const { code, report } = await lintJson(['-f', join(dir, 'web.yaml')]);
    expect(code).toBe(1);
    const got = report.findings.filter((f) => f.ruleId === 'manifest-unknown-field').map((f) => [f.path, f.details.suggestion, `${f.line}:${f.col}`]);
    const file = join(dir, 'web.yaml');
    expect(got).toEqual([
      ['metadata.lables', 'labels', where(file, 'lables')],
      ['spec.replica', 'replicas', where(file, 'replica:')],
      ['spec.template.spec.containers[0].ports[0].ContainerPort', 'containerPort', where(file, 'ContainerPort')],
      ['spec.template.spec.containers[0].env[0].valueFrom.configMapKeyRef.kye', 'key', where(file, 'kye')],
      ['spec.template.spec.containers[0].resourcez', 'resources', where(file, 'resourcez')],
      ['spec.template.spec.sidecarMagic', null, where(file, 'sidecarMagic')],
    ]);
    const magic = report.findings.find((f) => f.path === 'spec.template.spec.sidecarMagic')!;
    expect(magic.remediation).toContain('`kubectl explain deployment.spec.template.spec`');
  });

  it('accepts every field of a realistic manifest set: exit 0, nothing on stderr', async () => {
    const r = await runKdiag(['lint', '-f', SHOP]);
    expect(r).toEqual({ code: 0, stdout: '4 objects in 3 files: no problems found\n', stderr: '' });
  });

  it('checks the items of a kind: List, and JSON files', async () => {
    const dir = mkdtempSync(join(tmp, 'list-'));
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1' } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Always', livenessprobe: {} }] } },
      ],
    };
    writeFileSync(join(dir, 'list.json'), JSON.stringify(list, null, 2));
    // a typed list, as the API server answers (items without apiVersion and kind): one object
    writeFileSync(join(dir, 'deployments.yaml'), 'apiVersion: apps/v1\nkind: DeploymentList\nitems:\n  - metadata: {name: a}\n    spec: {replicas: 1, paused: false, minReadySecond: 5}\n');
    writeFileSync(join(dir, 'notes.txt'), 'not read: kubectl reads .yaml, .yml and .json files of a folder');
    const { code, report } = await lintJson(['-f', dir]);
    expect(code).toBe(1);
    expect(report.summary).toMatchObject({ files: 2, objects: 3 });
    expect(report.findings.map((f) => [f.object.kind, f.path, f.details.suggestion, `${f.line}:${f.col}`])).toEqual([
      ['DeploymentList', 'items[0].spec.minReadySecond', 'minReadySeconds', where(join(dir, 'deployments.yaml'), 'minReadySecond:')],
      ['Pod', 'spec.containers[0].livenessprobe', 'livenessProbe', where(join(dir, 'list.json'), '"livenessprobe"')],
    ]);
  });

  it('skips custom resources and unknown kinds with a note, never an error (exit 0), and suggests the kind for a typo', async () => {
    const dir = mkdtempSync(join(tmp, 'crd-'));
    writeFileSync(
      join(dir, 'crd.yaml'),
      `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector: { matchLabels: { app: web } }
  endpoints: [{ port: http, interval: 30s }]
---
apiVersion: apps/v1
kind: Deploymnet
metadata:
  name: web
spec:
  replicas: 1
`,
    );
    const r = await runKdiag(['lint', '-f', join(dir, 'crd.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Fields not checked (not a built-in kind, e.g. a custom resource):
  ${dir}/crd.yaml:1:1  ServiceMonitor web: monitoring.coreos.com/v1 is not a built-in API
  ${dir}/crd.yaml:9:1  Deploymnet web: kind Deploymnet is not in apps/v1 (did you mean Deployment?)

2 objects in 1 file: no problems found; 2 not checked
`,
    );
  });
});

describe('kdiag lint: references between the files', () => {
  it('service-selector-no-match: names the closest template and the label that differs', async () => {
    const dir = shopWith('web.yaml', (t) => t.replace('        tier: frontend', '        tier: front-end'));
    const { code, report } = await lintJson(['-f', dir]);
    expect(code).toBe(1);
    expect(ids(report)).toEqual(['service-selector-no-match']);
    const f = report.findings[0];
    expect(f).toMatchObject({ severity: 'warning', object: { kind: 'Service', name: 'web' }, path: 'spec.selector.tier' });
    expect(f.message).toBe('the selector app.kubernetes.io/name=web,tier=frontend matches no pod template in the files; closest: Deployment web, whose label tier is "front-end", not "frontend"');
    expect(`${f.line}:${f.col}`).toBe(where(join(dir, 'web.yaml'), 'tier: frontend'));
  });

  it('service-selector-no-match: a template in another namespace does not count; -n sets the namespace of objects without one', async () => {
    const dir = mkdtempSync(join(tmp, 'ns-'));
    writeFileSync(
      join(dir, 'app.yaml'),
      `apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: api, namespace: shop }
spec:
  serviceName: api
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers: [{ name: api, image: api:1 }]
---
apiVersion: v1
kind: Pod
metadata: { name: debug }
spec:
  containers: [{ name: sh, image: busybox }]
`,
    );
    // the Service is in default, where the only pod (debug) lacks app=api
    const a = await lintJson(['-f', dir]);
    expect(a.code).toBe(1);
    expect(a.report.findings.map((f) => [f.ruleId, f.message])).toEqual([
      ['service-selector-no-match', 'the selector app=api matches no pod template in the files; closest: Pod debug, whose label app is missing, not "api"'],
    ]);
    // with -n shop the Service and the StatefulSet's template meet
    const b = await lintJson(['-f', dir, '-n', 'shop']);
    expect(b).toMatchObject({ code: 0, report: { findings: [] } });
  });

  it('service-selector-no-match: says nothing when the files hold no pod template in its namespace, or the Service has no selector', async () => {
    const { code, report } = await lintJson(['-f', join(SHOP, 'web.yaml')], undefined);
    expect([code, ids(report)]).toEqual([0, ['missing-configmap', 'missing-configmap']]);
    const svcOnly = readFileSync(join(SHOP, 'web.yaml'), 'utf8').split('---\n')[1];
    const r = await lintJson(['-f', '-'], `${svcOnly}---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  ports: [{port: 5432}]\n`);
    expect([r.code, r.report.findings]).toEqual([0, []]);
  });

  it('ingress-backend-service-missing and ingress-backend-port-missing: a Service not in the files, a port the Service lacks (by name and number)', async () => {
    const dir = shopWith('ingress.yaml', (t) =>
      t.replace(
        '                name: web\n                port:\n                  name: http\n',
        `                name: web\n                port:\n                  name: https\n          - path: /api
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 8080
          - path: /search
            pathType: Prefix
            backend:
              service:
                name: search
                port:
                  number: 80
`,
      ),
    );
    const { code, report } = await lintJson(['-f', dir]);
    expect(code).toBe(1);
    const file = join(dir, 'ingress.yaml');
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.path, `${f.line}:${f.col}`, f.message])).toEqual([
      ['ingress-backend-port-missing', 'warning', 'spec.rules[0].http.paths[0].backend.service.port.name', where(file, 'name: https'), 'backend port https is not a port of Service web (its ports: http=80)'],
      ['ingress-backend-port-missing', 'warning', 'spec.rules[0].http.paths[1].backend.service.port.number', where(file, 'number: 8080'), 'backend port 8080 is not a port of Service web (its ports: http=80)'],
      ['ingress-backend-service-missing', 'warning', 'spec.rules[0].http.paths[2].backend.service.name', where(file, 'name: search'), 'backend Service search is not in the files'],
    ]);
  });

  it('ingress-backend-service-missing is info when the files hold no Service of that namespace (it may be in the cluster)', async () => {
    const { code, report } = await lintJson(['-f', join(SHOP, 'ingress.yaml')]);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['ingress-backend-service-missing', 'info', 'backend Service web is not in the files (it may exist in the cluster)'],
    ]);
  });

  it('probe-port-not-exposed: a named port the container does not declare is critical; a number not declared is info; a declared name or a numeric string passes', async () => {
    const dir = shopWith('web.yaml', (t) =>
      t
        .replace('          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: http', '          readinessProbe:\n            httpGet:\n              path: /healthz\n              port: healthz')
        .replace('          livenessProbe:\n            httpGet:\n              path: /healthz\n              port: http', '          livenessProbe:\n            tcpSocket:\n              port: 9090')
        .replace('          resources:', '          startupProbe:\n            httpGet:\n              path: /healthz\n              port: "8080"\n          resources:'),
    );
    const { code, report } = await lintJson(['-f', dir]);
    expect(code).toBe(1);
    const file = join(dir, 'web.yaml');
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.path, `${f.line}:${f.col}`])).toEqual([
      ['probe-port-not-exposed', 'critical', 'spec.template.spec.containers[0].readinessProbe.httpGet.port', where(file, 'port: healthz')],
      ['probe-port-not-exposed', 'info', 'spec.template.spec.containers[0].livenessProbe.tcpSocket.port', where(file, 'port: 9090')],
    ]);
    expect(report.findings[0].message).toBe('readinessProbe of container web uses port "healthz", which the container does not declare (its ports: http=8080): the probe always fails');
    expect(report.findings[0].remediation).toContain('`strconv.Atoi: parsing "healthz": invalid syntax`');
  });

  it('missing-configmap and missing-secret (info, exit 0): env, envFrom and volumes, not optional ones, in the namespace of the pod', async () => {
    const dir = mkdtempSync(join(tmp, 'refs-'));
    writeFileSync(
      join(dir, 'job.yaml'),
      `apiVersion: batch/v1
kind: CronJob
metadata: { name: report, namespace: shop }
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: report:1
              env:
                - name: DB_PASSWORD
                  valueFrom: { secretKeyRef: { name: db, key: password } }
                - name: FLAG
                  valueFrom: { configMapKeyRef: { name: flags, key: x, optional: true } }
              envFrom:
                - configMapRef: { name: report-env }
          volumes:
            - name: certs
              secret: { secretName: report-tls }
            - name: all
              projected:
                sources:
                  - configMap: { name: shared }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: shared, namespace: shop }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: report-env }
`,
    );
    const { code, report } = await lintJson(['-f', dir]);
    expect(code).toBe(0);
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.path, f.message])).toEqual([
      ['missing-secret', 'info', 'spec.jobTemplate.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name', 'Secret db, used by container report (env), is not in the files (it may exist in the cluster)'],
      ['missing-configmap', 'info', 'spec.jobTemplate.spec.template.spec.containers[0].envFrom[0].configMapRef.name', 'ConfigMap report-env, used by container report (envFrom), is not in the files (it may exist in the cluster)'],
      ['missing-secret', 'info', 'spec.jobTemplate.spec.template.spec.volumes[0].secret.secretName', 'Secret report-tls, used by volume certs, is not in the files (it may exist in the cluster)'],
    ]);
  });
});

describe('kdiag lint: input, output and errors', () => {
  it('reads standard input with -f -, multi-document, and names it <stdin>', async () => {
    const text = readFileSync(join(BROKEN, 'web.yaml'), 'utf8');
    const r = await runKdiag(['lint', '-f', '-'], {}, text);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`<stdin>:${where(join(BROKEN, 'web.yaml'), 'comand:')}  WARNING  manifest-unknown-field  Deployment web: unknown field spec.template.spec.containers[0].comand`);
    expect(r.stdout).toContain('<stdin>:36:15  CRITICAL  probe-port-not-exposed');
  });

  it('reads the subfolders of a folder with -R only, and several -f', async () => {
    const dir = mkdtempSync(join(tmp, 'tree-'));
    mkdirSync(join(dir, 'base'));
    cpSync(join(SHOP, 'web.yaml'), join(dir, 'base', 'web.yaml'));
    const flat = await runKdiag(['lint', '-f', dir]);
    expect([flat.code, flat.stderr]).toEqual([2, `kdiag: error: no .yaml, .yml or .json files in folder ${dir}\n  hint: add -R to read its subfolders too\n`]);
    const deep = await lintJson(['-f', dir, '-R', '-f', join(SHOP, 'config.yaml')]);
    expect(deep.report.summary).toMatchObject({ files: 2, objects: 3 });
    expect(deep.code).toBe(0);
  });

  it('a YAML syntax error is exit 2 with file:line:col on one line; so is a document without kind', async () => {
    const dir = shopWith('web.yaml', (t) => t.replace('          args: ["--config", "/etc/web/config.yaml"]', '          args: ["--config", "/etc/web/config.yaml"\n          x: 1'));
    const r = await runKdiag(['lint', '-f', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^kdiag: error: invalid YAML at ${join(dir, 'web.yaml').replace(/[.]/g, '\\.')}:2\\d:\\d+: .+\\n$`));
    const k = await runKdiag(['lint', '-f', '-'], {}, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nmetadata: {name: b}\n');
    expect([k.code, k.stderr]).toEqual([2, 'kdiag: error: not a Kubernetes object at <stdin>:5:1: no kind\n']);
    const dup = await runKdiag(['lint', '-f', '-'], {}, 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n');
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/^kdiag: error: invalid YAML at <stdin>:3:1: Map keys must be unique\n$/);
  });

  it('a path that is not there is exit 2; -f is required', async () => {
    const r = await runKdiag(['lint', '-f', join(tmp, 'nope.yaml')]);
    expect([r.code, r.stderr]).toEqual([2, `kdiag: error: manifest path not found: ${join(tmp, 'nope.yaml')}\n`]);
    const n = await runKdiag(['lint']);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain("required option '-f, --filename <file>' not specified");
  });

  it('speaks zh and ja, and prints YAML with the same shape as JSON', async () => {
    const zh = await runKdiag(['lint', '-f', BROKEN, '--lang', 'zh']);
    expect(zh.code).toBe(1);
    expect(zh.stdout).toContain('Deployment web: 未知字段 spec.template.spec.containers[0].comand（是否想写 command？）');
    expect(zh.stdout).toContain('  修复: 把 comand 改为 command');
    expect(zh.stdout.trimEnd().split('\n').at(-1)).toBe('3 个文件中的 5 个对象：严重 1，警告 3，提示 3；1 个未检查');
    const ja = await runKdiag(['lint', '-f', BROKEN], { LANG: 'ja_JP.UTF-8' });
    expect(ja.stdout).toContain('重大  probe-port-not-exposed  Deployment web: コンテナ web の readinessProbe はポート "healthz" を使います');
    const yaml = await runKdiag(['lint', '-f', BROKEN, '-o', 'yaml']);
    const json = await lintJson(['-f', BROKEN]);
    const { parse } = await import('yaml');
    expect(parse(yaml.stdout)).toEqual(json.report);
    expect(json.report.schema).toMatch(/^@kubernetes\/client-node \S+ \(Kubernetes OpenAPI spec v1\.\d+\.\d+\)$/);
  });
});

const kubectlPath = findOnPath('kubectl');
const kubectlRequired = process.env.KDIAG_REQUIRE_KUBECTL === '1';

describe.skipIf(!kubectlPath && !kubectlRequired)('kdiag lint on what kubectl writes', () => {
  it('finds no unknown field in the objects `kubectl create --dry-run=client -o yaml` writes (creationTimestamp: null, status: {} ...)', async () => {
    if (!kubectlPath) throw new Error('KDIAG_REQUIRE_KUBECTL=1 but kubectl is not on PATH');
    const create = [
      ['deployment', 'web', '--image=nginx', '--replicas=2', '--port=8080'],
      ['service', 'clusterip', 'web', '--tcp=80:8080'],
      ['service', 'externalname', 'ext', '--external-name=db.example.com'],
      ['configmap', 'c', '--from-literal=a=b'],
      ['secret', 'generic', 's', '--from-literal=a=b'],
      ['secret', 'docker-registry', 'reg', '--docker-server=r.example.com', '--docker-username=u', '--docker-password=p'],
      ['ingress', 'ing', '--rule=foo.com/bar=web:80,tls=my-cert', '--default-backend=web:80'],
      ['rolebinding', 'rb', '--role=r', '--user=u'],
      ['clusterrolebinding', 'crb', '--clusterrole=view', '--group=g'],
      ['serviceaccount', 'sa'],
      ['poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1'],
      ['priorityclass', 'high', '--value=1000'],
      ['quota', 'q', '--hard=pods=10,requests.cpu=2'],
      ['namespace', 'ns1'],
    ];
    // --dry-run=client: nothing is sent; a kubeconfig-free environment keeps kubectl from looking for a server
    const env = { ...process.env, KUBECONFIG: join(tmp, 'no-kubeconfig') };
    const yaml = create.map((args) => execFileSync(kubectlPath, ['create', ...args, '--dry-run=client', '-o', 'yaml'], { env, encoding: 'utf8' })).join('---\n');
    expect(yaml).toContain('creationTimestamp: null');
    const { code, report } = await lintJson(['-f', '-'], yaml);
    expect(report.summary).toMatchObject({ objects: create.length, unchecked: 0 });
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('unknownFields (the pure check, for live objects)', () => {
  it('flags comand in a kubectl.kubernetes.io/last-applied-configuration annotation', () => {
    const annotation =
      '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"name":"web","namespace":"shop"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"comand":["/app/web"],"image":"registry.example.com/shop/web:2.4.1","name":"web"}]}}}}\n';
    const r = unknownFields(JSON.parse(annotation) as Record<string, unknown>);
    expect(r).toEqual({
      checked: true,
      model: 'V1Deployment',
      unknown: [{ path: ['spec', 'template', 'spec', 'containers', 0, 'comand'], field: 'comand', suggestion: 'command', model: 'V1Container' }],
    });
    if (r.checked) expect(jsonPath(r.unknown[0].path)).toBe('spec.template.spec.containers[0].comand');
  });

  it('covers core, apps, batch, networking, discovery and storage v1; does not enter maps of strings or free-form fields', () => {
    const f = loadKubernetesFields();
    for (const [v, kinds] of Object.entries({
      v1: ['Pod', 'Service', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'ServiceAccount', 'Namespace'],
      'apps/v1': ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
      'batch/v1': ['Job', 'CronJob'],
      'networking.k8s.io/v1': ['Ingress', 'NetworkPolicy', 'IngressClass'],
      'discovery.k8s.io/v1': ['EndpointSlice'],
      'storage.k8s.io/v1': ['StorageClass', 'CSIDriver'],
    })) {
      for (const k of kinds) expect(f.kinds[v]?.[k], `${v} ${k}`).toBeTruthy();
    }
    const clean = unknownFields({
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: { name: 'r', labels: { 'app.kubernetes.io/name': 'x' }, annotations: { anything: 'goes' } },
      data: { spec: { whatever: 1 } },
      revision: 3,
    });
    expect(clean).toEqual({ checked: true, model: 'V1ControllerRevision', unknown: [] });
    expect(unknownFields({ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', spec: { x: 1 } })).toEqual({ checked: false, reason: 'apiVersion', suggestion: null });
  });

  it('suggests near names only', () => {
    expect(closestName('comand', ['args', 'command', 'image'])).toBe('command');
    expect(closestName('contianerPort', ['containerPort', 'hostPort'])).toBe('containerPort');
    expect(closestName('ContainerPort', ['containerPort', 'hostPort'])).toBe('containerPort');
    expect(closestName('sidecarMagic', ['containers', 'volumes'])).toBe(null);
    expect(closestName('nme', ['name', 'key'])).toBe('name');
  });

  it('schema/kubernetes-fields.json is generated from the installed @kubernetes/client-node and up to date (npm run schemas:kubernetes)', async () => {
    expect(readFileSync(join(ROOT, 'schema', 'kubernetes-fields.json'), 'utf8')).toBe(kubernetesFieldsText(await generateKubernetesFields()));
  });
});
