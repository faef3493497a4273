import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../src/report/types.js';
import { isFailing } from '../src/report/types.js';
import { renderMarkdown } from '../src/render/markdown.js';
import { renderJunit } from '../src/render/junit.js';
import { renderSarif } from '../src/render/sarif.js';
import { ROOT, runKdiag } from './support/run-cli.js';
import { onePodReport } from './support/reports.js';

/**
 * -o markdown|sarif|junit, --fail-on and --output-file, on the bundled demo through the built
 * CLI (`--from fixtures/demo -A`), each checked against the JSON report of the same run; the
 * escaping of hostile log lines on the renderers directly.
 */
const DEMO = ['scan', '-A', '--from', join(ROOT, 'fixtures', 'demo')];
const tmp = mkdtempSync(join(tmpdir(), 'kdiag-formats-'));

/** Every subject of a report: pods, workloads, resources, with its kind. */
function subjects(r: Report): { kind: string; namespace: string; name: string; findings: Finding[] }[] {
  return [...r.pods.map((p) => ({ ...p, kind: 'Pod' })), ...r.workloads, ...(r.resources ?? [])];
}

let json: Report;
beforeAll(async () => {
  const r = await runKdiag([...DEMO, '-o', 'json']);
  expect(r.code).toBe(1);
  json = JSON.parse(r.stdout);
  // the demo has what the checks below need: the three sections, both severities, a warning
  expect(json.pods.length && json.workloads.length && json.resources?.length && json.warnings.length).toBeTruthy();
}, 60_000);

describe('-o markdown on the demo', () => {
  let md: string;
  let html: string;
  beforeAll(async () => {
    const r = await runKdiag([...DEMO, '-o', 'markdown']);
    expect(r.code).toBe(1);
    md = r.stdout;
    // rendered as GitHub does: raw HTML allowed (<details>), so escaping is what keeps it safe
    html = new MarkdownIt({ html: true }).render(md);
  }, 60_000);

  it('states the summary and what could not be checked before the objects', () => {
    const firstSection = md.indexOf('\n### ');
    const s = json.summary;
    expect(md.slice(0, firstSection)).toContain(`${s.pods} pods scanned: ${s.healthy} healthy, ${s.failing} failing (${s.bySeverity.critical} critical, ${s.bySeverity.warning} warning)`);
    expect(md.slice(0, firstSection)).toContain(`${s.workloads} workloads checked: ${s.failingWorkloads} failing`);
    expect(md.slice(0, firstSection)).toContain('**Not checked**');
    for (const w of json.warnings) expect(md.slice(0, firstSection)).toContain(`> - ${w}`);
    expect(md).not.toContain('No finding of severity warning or worse');
  });

  it('lists each object with findings once, in a table row and a collapsed <details> with every finding', () => {
    const all = subjects(json).filter((s) => s.findings.length);
    expect((md.match(/^<details>/gm) ?? []).length).toBe(all.length);
    expect((html.match(/<\/details>/g) ?? []).length).toBe(all.length);
    for (const s of all) {
      expect(md).toContain(`<details><summary><b>${s.kind} ${s.namespace}/${s.name}</b>: ${s.findings[0].title.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
      expect(md).toMatch(new RegExp(`^\\| ${s.findings.some((f) => f.severity === 'critical') ? 'critical' : 'warning'} \\| ${s.kind} ${s.namespace}/${s.name}\\b`, 'm'));
    }
    expect((md.match(/^\*\*.+\*\* · (critical|warning|info) · `[a-z0-9-]+`/gm) ?? []).length).toBe(all.reduce((n, s) => n + s.findings.length, 0));
    expect(md).toContain('### Pods (29)');
    expect(md).toContain(`### Workloads (${json.workloads.length})`);
  });

  it('quotes the evidence verbatim in code blocks', () => {
    const backoff = json.pods.find((p) => p.name === 'backoff')!;
    for (const e of backoff.findings[0].evidence) expect(md).toContain(`[${e.type}] ${e.text}\n`);
    // and markdown-it shows it as code, with its quotes as entities
    expect(html).toContain('<pre><code class="language-text">[status] container web: waiting ImagePullBackOff: Back-off pulling image &quot;nginx:not-exist&quot;');
  });

  it('prints in the report language: zh', async () => {
    const r = await runKdiag([...DEMO, '-o', 'markdown', '--lang', 'zh']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('## kdiag 报告');
    expect(r.stdout).toContain('共检查 41 个 Pod');
    expect(r.stdout).toContain('**未能检查**');
  }, 60_000);
});

/** A report around one pod with the given finding, for the renderers' escaping. */
const oneFinding = (f: Partial<Finding>, warnings: string[] = []): Report => onePodReport(f, { warnings });

/** Log lines a crashing application may write: markup, fences, a closing tag, ANSI colors, NUL, a lone surrogate. */
const HOSTILE = [
  '<script>alert(1)</script> <img src=x onerror=alert(2)>',
  '```',
  '</details><b>bold</b> | a | b |',
  '\u001b[31mERROR\u001b[0m \u0000 and \ud800 end',
  '# not a heading *not emphasis* [not](a link)',
];

describe('-o markdown escapes what it quotes', () => {
  const md = renderMarkdown(
    oneFinding({
      cause: 'Container web <b>x</b> exits | with *code* 1 & [more](javascript:alert(1)).',
      title: 'Crash <i>now</i>',
      evidence: HOSTILE.map((text) => ({ type: 'log' as const, text })),
    }),
  );
  const html = new MarkdownIt({ html: true }).render(md);

  it('lets no tag, link or emphasis of a log line or a message through', () => {
    for (const tag of ['<script', '<img', '<b>bold', '<i>now', '<b>x', '<em>', '<a ', '<h1']) expect(html).not.toContain(tag);
    expect((html.match(/<\/details>/g) ?? []).length).toBe(1);
    expect(html).toContain('Container web &lt;b&gt;x&lt;/b&gt; exits | with *code* 1 &amp; [more](javascript:alert(1)).');
  });

  it('keeps every log line in one code block, control characters shown as \\xNN', () => {
    const code = /<pre><code class="language-text">([\s\S]*?)<\/code><\/pre>/.exec(html)![1];
    expect(code.split('\n').filter(Boolean)).toHaveLength(HOSTILE.length);
    expect(code).toContain('&lt;/details&gt;&lt;b&gt;bold&lt;/b&gt;');
    expect(code).toContain('\\x1b[31mERROR\\x1b[0m \\x00 and');
    // the fence is longer than the ``` of the log
    expect(md).toContain('````text\n');
  });

  it('says "could not check" rather than an all-clear when nothing fails but checks could not run', () => {
    const healthy = { ...oneFinding({}, ['Nodes not read (forbidden): not checked: node-lost']), pods: [] };
    const out = renderMarkdown(healthy);
    expect(out).toContain('No finding of severity warning or worse in what could be checked; some checks could not run (above).');
    expect(out).toContain('> - Nodes not read \\(forbidden\\): not checked: node-lost'.replace(/\\\(|\\\)/g, (m) => m.slice(1)));
    expect(renderMarkdown({ ...healthy, warnings: [] })).toContain('No finding of severity warning or worse.');
  });
});

// CommonJS modules with `exports.default`: under Node's ESM interop the default import is the module object
const Ajv04 = ((Ajv04Module as unknown as { default?: typeof Ajv04Module }).default ?? Ajv04Module) as unknown as typeof Ajv04Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as typeof addFormatsModule.default;

/** Ajv for the SARIF schema: draft-04 (its `$schema`), with the `uri`, `uri-reference` and `date-time` formats it uses. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'vendor', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
  expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('-o sarif on the demo', () => {
  let sarif: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  beforeAll(async () => {
    const r = await runKdiag([...DEMO, '-o', 'sarif']);
    expect(r.code).toBe(1);
    sarif = JSON.parse(r.stdout);
  }, 60_000);

  it('validates against the official SARIF 2.1.0 schema (OASIS, errata 01)', () => {
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // the validator does catch a broken log
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'critical';
    delete broken.runs[0].tool.driver.name;
    expect(validate(broken)).toBe(false);
  });

  it('has one result per finding of the JSON report, at its object, with the level of its severity', () => {
    const run = sarif.runs[0];
    const expected = subjects(json).flatMap((s) =>
      s.findings.map((f) => ({ ruleId: f.ruleId, level: { critical: 'error', warning: 'warning', info: 'note' }[f.severity], fqn: `${s.namespace}/${s.kind.toLowerCase()}/${s.name}` })),
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const got = run.results.map((r: any) => ({ ruleId: r.ruleId, level: r.level, fqn: r.locations[0].logicalLocations[0].fullyQualifiedName }));
    expect(got).toEqual(expected);
    expect(got.find((r: { fqn: string }) => r.fqn === 'default/pod/backoff')).toEqual({ ruleId: 'image-not-found', level: 'error', fqn: 'default/pod/backoff' });
    const backoff = json.pods.find((p) => p.name === 'backoff')!.findings[0];
    expect(run.results[0].message.text).toBe(`Pod default/backoff (regular container web): ${backoff.cause}\nWhat to do: ${backoff.remediation}`);
  });

  it('describes each rule that fired once: title, docs link, default level; ruleIndex points at it', () => {
    const { rules } = sarif.runs[0].tool.driver;
    const fired = [...new Set(subjects(json).flatMap((s) => s.findings.map((f) => f.ruleId)))];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expect(rules.map((r: any) => r.id)).toEqual(fired);
    const imageNotFound = rules.find((r: { id: string }) => r.id === 'image-not-found');
    expect(imageNotFound).toMatchObject({
      name: 'ImageNotFound',
      shortDescription: { text: 'Image not found' },
      helpUri: 'https://kubernetes.io/docs/concepts/containers/images/#imagepullbackoff',
      defaultConfiguration: { level: 'error' },
    });
    expect(imageNotFound.help.text).toContain('docs/rules.md#image-not-found');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    for (const r of sarif.runs[0].results as any[]) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it("carries the report's warnings as tool notifications", () => {
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toEqual(json.warnings.map((w) => ({ level: 'warning', message: { text: w } })));
  });

  it('stays valid with hostile log lines', () => {
    const log = JSON.parse(renderSarif(oneFinding({ evidence: HOSTILE.map((text) => ({ type: 'log' as const, text })) }), { version: '0.1.0' }));
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
  });
});

/** fast-xml-parser reading JUnit: attributes kept, testsuite and testcase always arrays. */
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name), parseAttributeValue: false });

describe('-o junit on the demo', () => {
  let xml: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let doc: any;
  beforeAll(async () => {
    const r = await runKdiag([...DEMO, '-o', 'junit']);
    expect(r.code).toBe(1);
    xml = r.stdout;
    doc = parser.parse(xml);
  }, 60_000);

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one testcase per object of the JSON report, failing when it has a finding of warning or worse', () => {
    const all = subjects(json);
    const suites = doc.testsuites.testsuite as { name: string; tests: string; failures: string; skipped: string; testcase: { classname: string; name: string; failure?: { type: string } }[] }[];
    const objectSuites = suites.filter((s) => s.name !== 'kdiag: not checked');
    const cases = objectSuites.flatMap((s) => s.testcase.map((c) => ({ suite: s.name, ...c })));
    expect(cases.map((c) => `${c.suite} ${c.name}`).sort()).toEqual(all.map((s) => `${s.kind} ${s.namespace}/${s.name}`).sort());
    const failing = all.filter(isFailing);
    expect(cases.filter((c) => c.failure).length).toBe(failing.length);
    expect(Number(doc.testsuites.failures)).toBe(failing.length);
    expect(Number(doc.testsuites.tests)).toBe(all.length + json.warnings.length);
    for (const s of objectSuites) {
      expect(Number(s.tests)).toBe(s.testcase.length);
      expect(Number(s.failures)).toBe(s.testcase.filter((c) => c.failure).length);
    }
    const backoff = cases.find((c) => c.name === 'default/backoff')!;
    expect(backoff.classname).toBe('default.Pod');
    expect(backoff.failure!.type).toBe('image-not-found');
    expect(objectSuites.map((s) => s.name)).toEqual([...new Set(all.map((s) => s.kind))]);
  });

  it('lists what could not be checked as skipped testcases', () => {
    const notChecked = doc.testsuites.testsuite.find((s: { name: string }) => s.name === 'kdiag: not checked');
    expect(notChecked.testcase.map((c: { skipped: { message: string } }) => c.skipped.message)).toEqual(json.warnings);
    expect(Number(doc.testsuites.skipped)).toBe(json.warnings.length);
  });

  it('puts info findings in <system-out>, never in a failure', () => {
    const x = parser.parse(renderJunit(oneFinding({ severity: 'info', ruleId: 'missing-configmap', cause: 'ConfigMap app-config is not in the files.' })));
    const c = x.testsuites.testsuite[0].testcase[0];
    expect(c.failure).toBeUndefined();
    expect(c['system-out']).toContain('[info] missing-configmap');
    expect(x.testsuites.failures).toBe('0');
  });

  it('escapes log lines: markup, quotes, control characters and lone surrogates', () => {
    const out = renderJunit(oneFinding({ cause: 'exit "1" <&> \u001b[31m', evidence: HOSTILE.map((text) => ({ type: 'log' as const, text })) }));
    expect(XMLValidator.validate(out)).toBe(true);
    const c = parser.parse(out).testsuites.testsuite[0].testcase[0];
    expect(c.failure.message).toBe('Application exits with an error: exit "1" <&> \\x1b[31m');
    expect(c.failure['#text']).toContain('<script>alert(1)</script>');
    expect(c.failure['#text']).toContain('\\x1b[31mERROR\\x1b[0m \\x00 and \\u{d800} end');
  });
});

describe('--fail-on', () => {
  const recommendations = async (extra: string[]) =>
    (await runKdiag(['pod', 'recommendations-sc6v9krrkl-6vnxk', '-n', 'shop', '--from', join(ROOT, 'fixtures', 'demo'), '-o', 'json', ...extra])).code;

  it('sets the severity that makes the exit code 1: a pod with a warning only', async () => {
    expect(await recommendations([])).toBe(1);
    expect(await recommendations(['--fail-on', 'warning'])).toBe(1);
    expect(await recommendations(['--fail-on', 'critical'])).toBe(0);
    expect(await recommendations(['--fail-on', 'info'])).toBe(1);
    expect(await recommendations(['--fail-on', 'none'])).toBe(0);
  }, 60_000);

  it('on the demo (critical findings): none exits 0, critical 1', async () => {
    expect((await runKdiag([...DEMO, '-o', 'name', '--fail-on', 'critical'])).code).toBe(1);
    expect((await runKdiag([...DEMO, '-o', 'name', '--fail-on', 'none'])).code).toBe(0);
  }, 60_000);

  it('kdiag ingress, service and deployment follow it too', async () => {
    const NS = ['-n', 'shop', '--from', join(ROOT, 'fixtures', 'demo')];
    const codes = await Promise.all([
      runKdiag(['ingress', 'shop', ...NS]),
      runKdiag(['ingress', 'shop', ...NS, '--fail-on', 'none']),
      runKdiag(['ingress', 'shop', ...NS, '--fail-on', 'critical']),
      runKdiag(['deployment', 'api', ...NS, '--fail-on', 'none']),
      runKdiag(['deployment', 'api', ...NS]),
      runKdiag(['service', 'orders-api', ...NS, '--fail-on', 'none']),
      runKdiag(['service', 'orders-api', ...NS, '--fail-on', 'critical']),
    ]);
    expect(codes.map((r) => r.code)).toEqual([1, 0, 1, 0, 1, 0, 1]);
  }, 60_000);

  it('refuses another value, exit 2', async () => {
    const r = await runKdiag([...DEMO, '--fail-on', 'error']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kdiag: error: option '--fail-on <severity>' does not take 'error': use critical, warning, info, none\n/);
  }, 60_000);
});

describe('--output-file', () => {
  it.each(['json', 'yaml', 'table', 'markdown', 'sarif', 'junit'])('-o %s: writes what stdout would get to the file, stdout empty, exit code from the findings', async (format) => {
    const dir = join(tmp, `out-${format}`);
    mkdirSync(dir);
    const file = join(dir, `report.${format}`);
    const [toFile, toStdout] = await Promise.all([runKdiag([...DEMO, '-o', format, '--output-file', file]), runKdiag([...DEMO, '-o', format])]);
    expect(toFile.code).toBe(1);
    expect(toFile.stdout).toBe('');
    expect(toFile.stderr).toBe(toStdout.stderr);
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout);
    // no temporary file left beside it
    expect(readdirSync(dir)).toEqual([`report.${format}`]);
  }, 60_000);

  it('replaces an existing file, and - is standard output', async () => {
    const file = join(tmp, 'existing.json');
    writeFileSync(file, 'old and much longer content '.repeat(10_000));
    expect((await runKdiag([...DEMO, '-o', 'json', '--output-file', file, '--fail-on', 'none'])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(json);
    const r = await runKdiag([...DEMO, '-o', 'json', '--output-file', '-']);
    expect(JSON.parse(r.stdout)).toEqual(json);
  }, 60_000);

  it('a path that cannot be written: one line, exit 2, no report on stdout', async () => {
    const missing = await runKdiag([...DEMO, '-o', 'sarif', '--output-file', join(tmp, 'no-such-folder', 'r.sarif')]);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe(`kdiag: error: cannot write --output-file ${join(tmp, 'no-such-folder', 'r.sarif')}: its folder does not exist (ENOENT)\n`);
    const folder = await runKdiag([...DEMO, '-o', 'json', '--output-file', tmp]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(`kdiag: error: cannot write --output-file ${tmp}: it is a folder (EISDIR)\n`);
    const ja = await runKdiag([...DEMO, '--lang', 'ja', '--output-file', join(tmp, 'no-such-folder', 'r.txt')]);
    expect(ja.stderr).toBe(`kdiag: エラー: --output-file ${join(tmp, 'no-such-folder', 'r.txt')} に書き込めません: フォルダーが存在しません (ENOENT)\n`);
  }, 60_000);

  it('is checked before any work: a dead cluster is not even contacted', async () => {
    const kubeconfig = join(tmp, 'dead-kubeconfig');
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    const missing = join(tmp, 'no-such-folder', 'r.xml');
    const r = await runKdiag(['scan', '-A', '--kubeconfig', kubeconfig, '-o', 'junit', '--output-file', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kdiag: error: cannot write --output-file ${missing}: its folder does not exist (ENOENT)\n`);
    // without it, the same command is a cluster error
    expect((await runKdiag(['scan', '-A', '--kubeconfig', kubeconfig, '-o', 'junit', '--request-timeout', '2s'])).code).toBe(3);
  }, 60_000);

  it.skipIf(process.getuid?.() === 0)('a folder without write permission: permission denied, exit 2', async () => {
    const ro = join(tmp, 'read-only');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = await runKdiag([...DEMO, '-o', 'junit', '--output-file', join(ro, 'r.xml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kdiag: error: cannot write --output-file ${join(ro, 'r.xml')}: permission denied (EACCES)\n`);
    expect(readdirSync(ro)).toEqual([]);
  }, 60_000);
});

describe('report formats on the other commands', () => {
  const NS = ['-n', 'shop', '--from', join(ROOT, 'fixtures', 'demo')];

  it('kdiag pod -o junit: one testcase, its pod', async () => {
    const r = await runKdiag(['pod', 'backoff', '-n', 'default', '--from', join(ROOT, 'fixtures', 'demo'), '-o', 'junit']);
    expect(r.code).toBe(1);
    const cases = parser.parse(r.stdout).testsuites.testsuite.flatMap((s: { testcase: { name: string }[] }) => s.testcase.map((c) => c.name));
    expect(cases).toEqual(['default/backoff']);
  }, 60_000);

  it('kdiag deployment -o sarif: the report narrowed to the workload', async () => {
    const [sarif, j] = await Promise.all([runKdiag(['deployment', 'api', ...NS, '-o', 'sarif']), runKdiag(['deployment', 'api', ...NS, '-o', 'json'])]);
    expect(sarif.code).toBe(j.code);
    const results = JSON.parse(sarif.stdout).runs[0].results;
    expect(results.length).toBe(subjects(JSON.parse(j.stdout)).reduce((n, s) => n + s.findings.length, 0));
    expect(results.map((x: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }) => x.locations[0].logicalLocations[0].fullyQualifiedName)).toContain('shop/deployment/api');
  }, 60_000);

  it('kdiag ingress -o markdown: a usage error, exit 2', async () => {
    const r = await runKdiag(['ingress', 'shop', ...NS, '-o', 'markdown']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('kdiag: error: -o markdown is not available for kdiag ingress: use table, wide, name, json, yaml, or kdiag scan -n NAMESPACE -o markdown\n');
  }, 60_000);
});

describe('kdiag lint: -o sarif at file, line and column; --fail-on; --output-file', () => {
  const BROKEN = join('examples', 'lint', 'shop-broken');
  const lint = (args: string[]) => runKdiag(['lint', ...args]);

  it('-o sarif: valid SARIF 2.1.0, one result per finding at its file:line:col and object', async () => {
    // relative paths, as a CI job gives them from its checkout (vitest runs in the repository root)
    expect(process.cwd()).toBe(ROOT);
    {
      const [sarif, j] = await Promise.all([lint(['-f', BROKEN, '-o', 'sarif']), lint(['-f', BROKEN, '-o', 'json'])]);
      expect(sarif.code).toBe(1);
      expect(sarif.code).toBe(j.code);
      const log = JSON.parse(sarif.stdout);
      const validate = sarifValidator();
      expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
      const report = JSON.parse(j.stdout) as { findings: { file: string; line: number; col: number; ruleId: string; severity: 'critical' | 'warning' | 'info'; object: { kind: string; namespace: string | null; name: string } }[]; unchecked: unknown[] };
      const results = log.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } }; logicalLocations: { fullyQualifiedName: string }[] }[] }[];
      expect(results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine, r.locations[0].physicalLocation.region.startColumn])).toEqual(
        report.findings.map((f) => [f.ruleId, { critical: 'error', warning: 'warning', info: 'note' }[f.severity], f.file, f.line, f.col]),
      );
      expect(results[0].locations[0].logicalLocations[0].fullyQualifiedName).toBe(`${report.findings[0].object.namespace ?? 'default'}/${report.findings[0].object.kind.toLowerCase()}/${report.findings[0].object.name}`);
      const rule = log.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'manifest-unknown-field');
      expect(rule.shortDescription.text).toBe('Manifest has a field Kubernetes does not know');
      expect(rule.helpUri).toBe('https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation');
      expect(log.runs[0].invocations[0].toolExecutionNotifications).toHaveLength(report.unchecked.length);
    }
  }, 60_000);

  it('--fail-on: info-only findings exit 0 by default, 1 with --fail-on info; critical ones 0 with none', async () => {
    const worker = join(ROOT, BROKEN, 'worker.yaml');
    expect((await lint(['-f', worker])).code).toBe(0);
    expect((await lint(['-f', worker, '--fail-on', 'info'])).code).toBe(1);
    expect((await lint(['-f', join(ROOT, BROKEN), '--fail-on', 'critical'])).code).toBe(1);
    expect((await lint(['-f', join(ROOT, BROKEN), '--fail-on', 'none'])).code).toBe(0);
  }, 60_000);

  it('--output-file: the SARIF log in the file', async () => {
    const file = join(tmp, 'lint.sarif');
    const [toFile, toStdout] = await Promise.all([lint(['-f', join(ROOT, BROKEN), '-o', 'sarif', '--output-file', file]), lint(['-f', join(ROOT, BROKEN), '-o', 'sarif'])]);
    expect(toFile.code).toBe(1);
    expect(toFile.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(toStdout.stdout);
  }, 60_000);
});
