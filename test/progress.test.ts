import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearLine, cursorTo, moveCursor } from 'node:readline';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { ProgressDisplay, wantProgress, type ProgressStream } from '../src/commands/progress.js';
import { collect } from '../src/facts/collect.js';
import type { Progress, RawSource } from '../src/objects/source.js';
import { collectFromCluster } from '../src/commands/collect.js';
import { progressText } from '../src/render/progress.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { snapshotSource } from '../src/snapshot/source.js';
import { startFakeApiServer, type FakeApiServer } from './fake-apiserver/server.js';
import { KDIAG, ROOT, runKdiag } from './support/run-cli.js';

/**
 * Progress: the facts layer counts pages, objects and logs; the command layer draws them on a
 * terminal's stderr after about a second, and never in pipes, with -o json/yaml or --quiet.
 */
const DEMO = join(ROOT, 'fixtures', 'demo');
const dir = mkdtempSync(join(tmpdir(), 'kdiag-progress-'));
const servers: FakeApiServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

/** A terminal stand-in: records what is written, with a width, and the cursor methods ora uses. */
class FakeTty extends Writable implements Partial<ProgressStream> {
  readonly isTTY = true;
  columns = 80;
  written = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.written += String(chunk);
    cb();
  }
  cursorTo(x: number, y?: number): boolean {
    return cursorTo(this, x, y);
  }
  moveCursor(dx: number, dy: number): boolean {
    return moveCursor(this, dx, dy);
  }
  clearLine(dir: -1 | 0 | 1): boolean {
    return clearLine(this, dir);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = (over: Partial<Progress> = {}): Progress => ({
  pods: { pages: 0, items: 0 },
  events: { pages: 0, items: 0 },
  nodes: { pages: 0, items: 0 },
  logs: { needed: 0, read: 0 },
  ...over,
});

describe('progress events from the facts layer', () => {
  it('counts pages and objects per kind and the logs asked for and answered', async () => {
    const seen: Progress[] = [];
    const snap = await readSnapshot(DEMO);
    await collect(snapshotSource(snap, DEMO), { namespace: null }, (p) => seen.push(structuredClone(p)));
    const last = seen[seen.length - 1];
    expect(last.pods).toEqual({ pages: 1, items: snap.pods.length });
    expect(last.events).toEqual({ pages: 1, items: snap.events.length });
    expect(last.nodes).toEqual({ pages: 1, items: snap.nodes.length });
    expect(last.logs.needed).toBeGreaterThan(0);
    expect(last.logs.read).toBe(last.logs.needed);
    // logs are counted as they are asked for, before they are answered
    expect(seen.some((p) => p.logs.read < p.logs.needed)).toBe(true);
  });

  it('counts each page a source delivers, from 0 again when a list restarts', async () => {
    const snap = await readSnapshot(DEMO);
    const base = snapshotSource(snap, DEMO);
    // a source that delivers the pods in pages of 7, and whose pod list restarts once after 3 pages
    const paged: RawSource = {
      ...base,
      read: async (_scope, sink) => {
        const pages = [...Array(Math.ceil(snap.pods.length / 7))].map((_, i) => snap.pods.slice(i * 7, i * 7 + 7));
        pages.slice(0, 3).forEach((p) => sink.pods(p));
        sink.restart('pods');
        pages.forEach((p) => sink.pods(p));
        sink.events(snap.events);
      },
    };
    const seen: Progress[] = [];
    const c = await collect(paged, { namespace: null }, (p) => seen.push(structuredClone(p)));
    expect(c.pods).toHaveLength(41);
    expect(seen.map((p) => p.pods.pages).slice(0, 4)).toEqual([1, 2, 3, 1]);
    expect(seen[seen.length - 1].pods).toEqual({ pages: 6, items: 41 });
    expect(seen[seen.length - 1].nodes).toEqual({ pages: 0, items: 0 });
  });

  it('live: the lists of the fake API server, each one page', async () => {
    const server = await startFakeApiServer({ snapshot: await readSnapshot(DEMO) });
    servers.push(server);
    const kubeconfig = join(dir, 'config-live');
    server.writeKubeconfig(kubeconfig);
    let last: Progress | undefined;
    await collectFromCluster({ kubeconfig, requestTimeoutMs: 10_000, allNamespaces: true }, {}, (p) => (last = structuredClone(p)));
    expect(last?.pods).toEqual({ pages: 1, items: 41 });
    expect(last?.nodes).toEqual({ pages: 1, items: 5 });
    expect(last?.logs.read).toBe(last?.logs.needed);
    expect(server.requests.filter((r) => r.path.endsWith('/log'))).toHaveLength(last!.logs.needed);
  });
});

describe('the progress line', () => {
  it('says what has been read, in the language asked for, and fits the width', () => {
    const p = progress({ pods: { pages: 7, items: 3500 }, events: { pages: 3, items: 12000 }, nodes: { pages: 1, items: 200 }, logs: { needed: 40, read: 12 } });
    expect(progressText(p, null, 'en', 200)).toBe('pods 3,500 (7 pages) · events 12,000 (3 pages) · nodes 200 (1 page) · logs 12/40');
    // too narrow for the page counts: they go first
    expect(progressText(p, null, 'en', 77)).toBe('pods 3,500 · events 12,000 · nodes 200 · logs 12/40');
    expect(progressText(p, null, 'en', 20)).toBe('pods 3,500 · events…');
    expect(progressText(p, null, 'ja', 200)).toBe('Pod 3,500 (7 ページ) · イベント 12,000 (3 ページ) · ノード 200 (1 ページ) · ログ 12/40');
    expect(progressText(null, null, 'en', 80)).toBe('waiting for the API server');
    expect(progressText(progress(), '/tmp/big.json', 'zh', 80)).toBe('正在读取 /tmp/big.json');
  });

  it('appears on a terminal only after the delay, follows the events, and leaves nothing behind', async () => {
    const tty = new FakeTty();
    const d = new ProgressDisplay({ stream: tty as unknown as ProgressStream, color: false, snapshot: null, delayMs: 150 });
    d.update(progress({ pods: { pages: 1, items: 500 } }));
    await sleep(60);
    expect(tty.written).toBe('');
    await sleep(250);
    expect(d.shown).toBe(true);
    expect(tty.written).toContain('pods 500 (1 page)');
    d.update(progress({ pods: { pages: 2, items: 1000 }, logs: { needed: 8, read: 3 } }));
    await sleep(200);
    expect(tty.written).toContain('pods 1,000 (2 pages) · logs 3/8');
    const before = tty.written.length;
    d.stop();
    const end = tty.written.slice(before);
    // the line is erased (cursor to column 0, clear line) and the cursor shown again; no newline, so nothing stays
    expect(end).toContain('\u001b[1G');
    expect(end).toMatch(/\u001b\[0?K|\u001b\[2K/);
    expect(end).toContain('\u001b[?25h');
    expect(tty.written).not.toContain('\n');
    const after = tty.written.length;
    d.update(progress({ pods: { pages: 3, items: 1500 } }));
    await sleep(200);
    expect(tty.written.length).toBe(after);
  });

  it('never appears when the scan ends before the delay', async () => {
    const tty = new FakeTty();
    const d = new ProgressDisplay({ stream: tty as unknown as ProgressStream, color: false, snapshot: DEMO, delayMs: 100 });
    d.update(progress({ pods: { pages: 1, items: 40 } }));
    d.stop();
    await sleep(250);
    expect(tty.written).toBe('');
    expect(d.shown).toBe(false);
  });

  it('is wanted on a terminal\'s stderr only: not in pipes, not with -o json/yaml, not with --quiet', () => {
    const tty = { isTTY: true };
    const file = openSync(join(dir, 'out.txt'), 'w');
    const fifoPath = join(dir, 'fifo');
    execFileSync('mkfifo', [fifoPath]);
    // O_RDWR: opening a FIFO for reading and writing does not wait for the other end
    const fifo = openSync(fifoPath, 'r+');
    try {
      expect(wantProgress({ output: 'table' }, { stdout: tty, stderr: tty })).toBe(true);
      expect(wantProgress({ output: 'table' }, { stdout: { isTTY: false, fd: file }, stderr: tty })).toBe(true);
      expect(wantProgress({ output: 'table' }, { stdout: { isTTY: false, fd: fifo }, stderr: tty })).toBe(false);
      expect(wantProgress({ output: 'table' }, { stdout: tty, stderr: { isTTY: false } })).toBe(false);
      expect(wantProgress({ output: 'json' }, { stdout: tty, stderr: tty })).toBe(false);
      expect(wantProgress({ output: 'yaml' }, { stdout: tty, stderr: tty })).toBe(false);
      expect(wantProgress({ output: 'table', quiet: true }, { stdout: tty, stderr: tty })).toBe(false);
    } finally {
      closeSync(file);
      closeSync(fifo);
    }
  });
});

describe('the CLI on a slow cluster', () => {
  async function slow(): Promise<string> {
    // each answer takes 600 ms: lists, then the logs, take well over a second
    const server = await startFakeApiServer({ snapshot: await readSnapshot(DEMO), latencyMs: 600 });
    servers.push(server);
    const kubeconfig = join(dir, `config-slow-${servers.length}`);
    server.writeKubeconfig(kubeconfig);
    return kubeconfig;
  }

  it('shows no progress when stderr is a pipe', async () => {
    const kubeconfig = await slow();
    const t0 = Date.now();
    const r = await runKdiag(['scan', '-A', '--kubeconfig', kubeconfig]);
    expect(Date.now() - t0).toBeGreaterThan(1200);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^NAMESPACE\s+POD/);
  }, 30_000);

  // a real terminal through util-linux `script`, where it is installed
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('shows it on a terminal (stdout to a file), erases it, and --quiet and -o json silence it', async () => {
    const kubeconfig = await slow();
    // not spawnSync: the fake API server answers from this process
    const run = async (extra: string) => {
      const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
      const cmd = `stty cols 80 rows 24; ${JSON.stringify(process.execPath)} ${JSON.stringify(KDIAG)} scan -A --kubeconfig ${JSON.stringify(kubeconfig)} ${extra} > ${JSON.stringify(out)}`;
      const child = spawn('script', ['-qfec', cmd, '/dev/null'], { env: { ...process.env, NO_COLOR: '1', LANG: 'C.UTF-8', KDIAG_LANG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let term = '';
      child.stdout.on('data', (d) => (term += d));
      await new Promise((r) => child.on('exit', r));
      return { term, stdout: readFileSync(out, 'utf8') };
    };
    const shown = await run('');
    expect(shown.term).toMatch(/pods 41 \(1 page\) · events \d+ \(1 page\) · nodes 5 \(1 page\)/);
    // erased at the end: what the terminal shows last is a cleared line, and the report is in the file only
    expect(shown.term.slice(shown.term.lastIndexOf('pods 41'))).toMatch(/\u001b\[(?:0|2)?K/);
    expect(shown.term).not.toContain('NAMESPACE');
    expect(shown.stdout).toMatch(/^NAMESPACE\s+POD/);
    for (const extra of ['--quiet', '-o json']) {
      const quiet = await run(extra);
      expect(quiet.term, extra).not.toMatch(/pods \d|waiting for the API server/);
      expect(quiet.stdout.length).toBeGreaterThan(0);
    }
  }, 60_000);
});
