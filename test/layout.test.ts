import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { buildReport } from '../src/report/build.js';
import type { Report } from '../src/report/types.js';
import { breakName, fitColumns, wrapLines } from '../src/render/layout.js';
import { outputWidth } from '../src/render/options.js';
import { renderPodDetail, renderScanTable } from '../src/render/table.js';
import { loadRules } from '../src/rules/load.js';
import type { Lang } from '../src/lang.js';
import { onePodReport } from './support/reports.js';
import { KDIAG, ROOT, runKdiag } from './support/run-cli.js';

/**
 * The table and the pod view fit the terminal: at 80 columns no line is wider than 80 but a
 * URL too long for any line, alone on its line; URLs are never split; no line ends with a
 * space; and with no limit (a pipe or a file) no line is wrapped or cut.
 */
const DEMO = join(ROOT, 'fixtures', 'demo');
const rules = loadRules();
const demo = async (lang: Lang = 'en', all = false) => buildReport(await collectFromSnapshot(DEMO, { namespace: null }), rules, { lang, all });
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
const URL_LINE = /^\s*https?:\/\/\S+$/;

/** Every line of `text` fits `width` (but a lone URL), and none ends with a space. */
function expectFits(text: string, width: number): void {
  const lines = plain(text).split('\n');
  for (const l of lines) {
    if (stringWidth(l) > width) expect(l, `a line wider than ${width} that is not a lone URL`).toMatch(URL_LINE);
    expect(l, 'a line ending with a space').not.toMatch(/\s$/);
  }
}

/** A one-pod report whose texts hold URLs. */
function withUrls(): Report {
  const long = 'https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#running-a-command-in-a-shell';
  return onePodReport({
    cause: `The process exited with code 1; the registry at https://registry.example.com/v2/shop/web/manifests/1.4.2 answered 404, see ${long}.`,
    remediation: `Read the log tail, then follow (${long}) and https://example.com/runbooks/web.`,
    evidence: [{ type: 'log', text: `level=error msg="cannot fetch config" url=https://config.internal.example.com:8443/api/v1/config/web/production?with=secrets&watch=false` }],
    docs: [long, 'https://kubernetes.io/docs/concepts/workloads/pods/'],
  });
}

describe('at 80 columns', () => {
  it('the scan table fits, in every language, with and without color', async () => {
    for (const lang of ['en', 'zh', 'ja'] as const) {
      const r = await demo(lang, true);
      for (const color of [false, true]) {
        const out = renderScanTable(r, { color, width: 80, lang, all: true });
        expectFits(out, 80);
        if (color) expect(plain(out)).toBe(renderScanTable(r, { color: false, width: 80, lang, all: true }));
        // the kubectl columns still head the table, and every pod is listed
        expect(plain(out).split('\n')[0]).toMatch(/POD\s+\S+\s+\S+\s+\S+$/);
        for (const p of r.pods) expect(plain(out).replace(/\n {13}/g, '')).toContain(p.name.slice(0, 10));
      }
    }
  });

  it('names too long for their column wrap inside it, at a hyphen, and the row stays aligned', async () => {
    const r = await demo();
    const out = renderScanTable(r, { color: false, width: 80, all: true });
    const lines = out.split('\n');
    // recommendations-sc6v9krrkl-6vnxk (32) does not fit the POD column: it continues on the next line
    const i = lines.findIndex((l) => /^shop\s+recommendations-\S*\s+Running\s+1\/1\s+4 \(51s ago\)$/.test(l));
    expect(i, out).toBeGreaterThan(0);
    // the rest of the name continues under the POD column, and the two parts make the name
    const first = /^shop\s+(recommendations-\S*)\s/.exec(lines[i])![1];
    const rest = /^\s{13}(\S+)$/.exec(lines[i + 1])![1];
    expect(first + rest).toBe('recommendations-sc6v9krrkl-6vnxk');
    // a column starts at the same place on every row
    const podCol = lines[0].indexOf('POD');
    for (const l of lines.slice(1, 20)) if (/^\S/.test(l)) expect(l.charAt(podCol - 1)).toBe(' ');
  });

  it('the pod view fits for every pod of the demo, and its docs URLs are whole', async () => {
    const r = await demo('en', true);
    for (const p of r.pods) {
      const one = { ...r, pods: [p] };
      const out = renderPodDetail(one, { color: false, width: 80 });
      expectFits(out, 80);
      // colors change no line break
      expect(plain(renderPodDetail(one, { color: true, width: 80 }))).toBe(out);
      const lines = out.split('\n').map((l) => l.trim());
      for (const f of p.findings) for (const d of f.docs) expect(lines.some((l) => l === d || l.endsWith(` ${d}`)), `${p.name}: ${d}`).toBe(true);
    }
  });

  it('puts a URL that does not fit on its own line, never splits one', () => {
    const r = withUrls();
    const f = r.pods[0].findings[0];
    for (const width of [80, 60, 100]) {
      const out = renderPodDetail(r, { color: false, width });
      expectFits(out, width);
      const lines = out.split('\n');
      for (const url of [...f.docs, 'https://registry.example.com/v2/shop/web/manifests/1.4.2', 'https://example.com/runbooks/web']) {
        expect(lines.some((l) => l.includes(url)), `${url} whole at ${width}`).toBe(true);
      }
      // the 118-column docs URL stands alone, at the start of its line
      expect(lines).toContain(f.docs[0]);
      const table = renderScanTable(r, { color: false, width });
      expectFits(table, width);
    }
  });

  it('on a wide terminal CAUSE and REMEDIATION are columns, unless a URL would not fit its column', async () => {
    const wide = renderScanTable(await demo(), { color: false, width: 200 });
    expect(wide.split('\n')[0]).toMatch(/RESTARTS\s+CAUSE\s+REMEDIATION$/);
    expectFits(wide, 200);
    // the URL falls in the part of the remediation that is cut: it is left out, not cut
    const r = withUrls();
    const f = r.pods[0].findings[0];
    const cut = renderScanTable(r, { color: false, width: 200 });
    expect(cut.split('\n')[0]).toMatch(/REMEDIATION$/);
    expect(cut).toMatch(/Read the log tail, then follow \(…\n/);
    expectFits(cut, 200);
    // a URL in the lines shown, too long for the column: the cause goes under the row instead
    f.remediation = `${f.docs[0]} explains the shell form; then roll out again.`;
    const under = renderScanTable(r, { color: false, width: 200 });
    expect(under.split('\n')[0]).toMatch(/RESTARTS$/);
    expect(under).toContain(`  Application exits with an error: ${f.docs[0]} explains`);
    expectFits(under, 200);
  });

  it('the warnings and the summary line wrap too', async () => {
    const r = await demo();
    r.warnings = ['events not read (forbidden): events is forbidden: User "system:serviceaccount:kdiag:kdiag-reader" cannot list resource "events" in API group "" at the cluster scope'];
    r.summary.bySeverity.info = 1;
    const out = renderScanTable(r, { color: false, width: 80 });
    expectFits(out, 80);
    expect(out.replace(/\n/g, ' ')).toContain('cannot list resource "events" in API group "" at the cluster scope');
  });
});

describe('with no limit (stdout a pipe or a file)', () => {
  it('the table has one whole line per pod: cause and remediation as columns, nothing cut', async () => {
    const r = await demo();
    const out = renderScanTable(r, { color: false, width: Infinity, all: true });
    const [table] = out.split('\n\n');
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+POD\s+STATUS\s+READY\s+RESTARTS\s+CAUSE\s+REMEDIATION$/);
    expect(lines).toHaveLength(r.pods.length + 1);
    r.pods.forEach((p, i) => {
      expect(lines[i + 1].startsWith(p.namespace)).toBe(true);
      expect(lines[i + 1].endsWith(p.findings[0].remediation)).toBe(true);
    });
    expect(out).not.toContain('…');
    expectFits(out, Infinity);
  });

  it('the pod view wraps nothing: each text is one line', () => {
    const r = withUrls();
    const out = renderPodDetail(r, { color: false, width: Infinity });
    const f = r.pods[0].findings[0];
    expect(out).toContain(`  Cause           ${f.cause}\n`);
    expect(out).toContain(`  What to do      ${f.remediation}\n`);
    expect(out).toContain(`  Docs            ${f.docs[0]}\n`);
    expectFits(out, Infinity);
  });
});

describe('the width kdiag lays out for', () => {
  it('is the terminal\'s, KDIAG_COLUMNS when set, and no limit in a pipe', () => {
    expect(outputWidth({}, { isTTY: true, columns: 80 })).toBe(80);
    expect(outputWidth({}, { isTTY: true, columns: 0 })).toBe(80);
    expect(outputWidth({}, { isTTY: false })).toBe(Infinity);
    expect(outputWidth({ KDIAG_COLUMNS: '80' }, { isTTY: false })).toBe(80);
    expect(outputWidth({ KDIAG_COLUMNS: '120' }, { isTTY: true, columns: 80 })).toBe(120);
    expect(outputWidth({ KDIAG_COLUMNS: '0' }, { isTTY: true, columns: 80 })).toBe(Infinity);
    expect(outputWidth({ KDIAG_COLUMNS: 'wide' }, { isTTY: true, columns: 90 })).toBe(90);
  });
});

describe('wrapping', () => {
  it('breaks at spaces, never inside a URL, and CJK text anywhere', () => {
    expect(wrapLines('see https://example.com/a/very/long/path/that/goes/on for details', 20)).toEqual([
      'see',
      'https://example.com/a/very/long/path/that/goes/on',
      'for details',
    ]);
    expect(wrapLines('(https://example.com/x), then retry', 30)).toEqual(['(https://example.com/x), then', 'retry']);
    expect(wrapLines('查看日志末尾，通过日志内容排查问题', 10)).toEqual(['查看日志末', '尾，通过日', '志内容排查', '问题']);
    expect(wrapLines('one two three four', 9, 2)).toEqual(['one two', 'three…']);
    // the ellipsis never cuts a URL: the line that ends with one is left out
    expect(wrapLines('read https://example.com/runbooks/a-long-page then more', 20, 2)).toEqual(['read…']);
    expect(wrapLines('read https://example.com/x then more and more', 22, 1)).toEqual(['read…']);
    expect(wrapLines('a  b\n\nc', 80)).toEqual(['a  b', '', 'c']);
  });

  it('fills lines of CJK text (it breaks between any two characters) and never overflows by a wide character', () => {
    const ja = 'イメージが見つかりません：コンテナ web の Pod 仕様にあるイメージ名とタグを確認してください（alpine を a1pine と書くような誤り';
    expect(wrapLines(ja, 40)).toEqual(['イメージが見つかりません：コンテナ web', 'の Pod 仕様にあるイメージ名とタグを確認', 'してください（alpine を a1pine と書くよ', 'うな誤り']);
    for (let w = 5; w < 50; w++) {
      for (const t of [ja, 'ab 日本語のテキストです。改行されます', 'abc 日本語 def']) {
        const lines = wrapLines(t, w);
        for (const l of lines) expect(stringWidth(l), `${w}: ${l}`).toBeLessThanOrEqual(w);
        expect(lines.join('').replace(/ /g, '')).toBe(t.replace(/ /g, ''));
      }
    }
  });

  it('breaks names after a hyphen, a colon or between CamelCase words', () => {
    expect(breakName('recommendations-sc6v9krrkl-6vnxk', 20)).toEqual(['recommendations-', 'sc6v9krrkl-6vnxk']);
    expect(breakName('Init:CreateContainerConfigError', 16)).toEqual(['Init:Create', 'ContainerConfig', 'Error']);
    expect(breakName('abcdefghijklmnopqrstuvwxyz', 10)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxyz']);
  });

  it('narrows the columns whose narrowing wraps the fewest cells', () => {
    // POD has one 32-wide name; STATUS three 26-wide statuses: POD gives first
    expect(fitColumns([[3, 32, 10, 12], [6, 26, 26, 26, 9]], 40, 2, [1, 1], [3, 6])).toEqual([12, 26]);
    // the minimums win over the width
    expect(fitColumns([[9, 11], [3, 40]], 10, 2, [1, 1], [9, 8])).toEqual([9, 8]);
  });

  it('stays linear on long text without spaces (a 200,000-character log line)', () => {
    const t0 = Date.now();
    expect(wrapLines('x'.repeat(200_000), 80)).toHaveLength(2500);
    expect(wrapLines('日'.repeat(100_000), 80)).toHaveLength(2500);
    expect(breakName('y'.repeat(200_000), 20)).toHaveLength(10_000);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});

describe('the CLI', () => {
  it('lays out for KDIAG_COLUMNS=80 (a stand-in for an 80-column terminal)', async () => {
    for (const args of [['scan', '-A'], ['scan', '-A', '--lang', 'ja'], ['pod', 'error', '-n', 'default'], ['pod', 'pending', '-n', 'default', '--lang', 'zh']]) {
      const r = await runKdiag([...args, '--from', DEMO], { KDIAG_COLUMNS: '80' });
      expect(r.code).toBe(1);
      expectFits(r.stdout, 80);
      expect(r.stdout.split('\n').some((l) => stringWidth(l) > 72), 'the width is used').toBe(true);
    }
  });

  it('gives pipes whole lines: no line wrapped or cut', async () => {
    const r = await runKdiag(['pod', 'error', '-n', 'default', '--from', DEMO]);
    expect(r.stdout).toContain('  Docs            https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/\n');
    expect(r.stdout).toMatch(/^ {2}What to do {6}Fix the setting the log line names: .* and check `kubectl logs error -n default -c web`\.$/m);
    expectFits(r.stdout, Infinity);
  });

  // a real terminal of 80 columns through util-linux `script`, where it is installed
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('fits a real 80-column terminal (colors on)', () => {
    for (const args of ['scan -A', 'pod error -n default', 'pod pending -n default']) {
      const cmd = `stty cols 80 rows 40; ${JSON.stringify(process.execPath)} ${JSON.stringify(KDIAG)} ${args} --from ${JSON.stringify(DEMO)}`;
      const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, LANG: 'C.UTF-8', KDIAG_LANG: '', KDIAG_COLUMNS: '' } });
      const out = r.stdout.replace(/\r\n/g, '\n');
      expect(out, args).toMatch(/\u001b\[1m/);
      expect(plain(out)).toMatch(/NAMESPACE|Pod default/);
      expect(plain(out), 'laid out for the terminal, not for a pipe').not.toMatch(/REMEDIATION|Docs {12}https/);
      expect(plain(out).split('\n').some((l) => stringWidth(l) > 72), 'the width is used').toBe(true);
      expectFits(out, 80);
    }
  });
});
