/**
 * Where `kdiag pod NAME`'s time goes: `npx tsx scripts/bench/pod-phases.ts [--pods N] [--latency MS[,MS]] [--runs R] [--node NODE] [--kdiag BIN] [--seed S]`
 *
 * Runs `kdiag pod PROBE -n NS --kubeconfig KC` with `KDIAG_TIMING=1` (src/util/timing.ts) R
 * times after one warm-up, interleaved with `kubectl describe pod PROBE -n NS` (kubectl on
 * PATH, `--kubeconfig` and its own `--cache-dir`), against a generated cluster (generate.ts;
 * its probe pod crash-loops, OOMKilled) served by the in-repo fake API server at each latency.
 * Each run's phases are the differences between consecutive moments of its timing line (ms
 * since the process started) and, last, the wall time the parent measured (measure.ts Runner),
 * so one run's phases add up to its wall time exactly. Prints the table of the median of each
 * phase (markdown, stdout); scripts/bench/index.ts prints the same table in BENCHMARKS.md.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startFakeApiServer, type FakeApiServer } from '../../test/fake-apiserver/server.js';
import { generateCluster, NOW } from './generate.js';
import { findKubectl, median, Runner, type RunResult } from './measure.js';

/** The line `KDIAG_TIMING=1` writes to stderr at exit (src/util/timing.ts), parsed. */
export interface KdiagTiming {
  /** `performance.nodeTiming`: ms since the process started */
  node: { nodeStart?: number; v8Start?: number; environment?: number; bootstrapComplete?: number };
  /** `[name, ms since the process started]`, in the order they happened */
  marks: [string, number][];
  /** every HTTP request, ms since the process started (a step that did not happen is absent) */
  requests: { path: string; start: number; socket?: number; newSocket?: boolean; connect?: number; secureConnect?: number; response?: number; end?: number; status?: number }[];
}

/** One measured `kdiag pod` run: the parent's measurement and the child's timing line (null when it printed none). */
export interface PodRun extends RunResult {
  timing: KdiagTiming | null;
}

/** The runs at one latency of the fake server. */
export interface PhaseColumn {
  /** ms added by the fake server before each response */
  latency: number;
  kdiag: PodRun[];
  /** `kubectl describe pod` (empty without kubectl) */
  describe: RunResult[];
}

export interface PodPhasesResult {
  /** pods in the cluster */
  pods: number;
  probe: { namespace: string; name: string };
  /** runs asked for; a column may hold fewer (the --quick budget) */
  runs: number;
  /** whether the Runner wrapped each command in GNU time (its exec is in the parent's wall) */
  gnuTime: boolean;
  columns: PhaseColumn[];
}

export interface PodPhasesOptions {
  /** the repository root (the generator reads the rule fixtures there) */
  root: string;
  /** latencies of the fake server, ms; one column each, in this order */
  latencies: number[];
  /** measured runs of each command per latency, after one warm-up */
  runs: number;
  /** the Node binary that runs kdiag */
  node: string;
  /** kdiag's entry script (bin/kdiag.js) */
  kdiag: string;
  /** kubectl's path; undefined: the one on PATH; null: none (no describe row) */
  kubectl?: string | null;
  /** a served cluster to reuse (index.ts); its latency is left at the last one measured */
  served?: { server: FakeApiServer; kubeconfig: string; probe: { namespace: string; name: string }; pods: number };
  /** without `served`: the cluster to generate and serve (generate.ts), `pods` pods */
  pods?: number;
  seed?: number;
  encodeMsPerItem?: number;
  runner?: Runner;
  /** a scratch folder (kubectl's cache); default: a new one under the OS temp folder, removed at the end */
  tmp?: string;
  /** asked before the warm-up (0) and before each further round of runs (its expected ms): false stops there */
  fits?: (ms: number) => boolean;
  log?: (s: string) => void;
}

/**
 * Measures where `kdiag pod`'s time goes (see the file's comment).
 * @returns every run, or null when `fits(0)` said no before the warm-up
 * @throws when the cluster cannot be generated or served; a failing run is kept (its exit code and stderr), not thrown
 */
export async function podPhases(opts: PodPhasesOptions): Promise<PodPhasesResult | null> {
  if (opts.fits && !opts.fits(0)) return null;
  const log = opts.log ?? (() => {});
  const ownTmp = !opts.tmp;
  const tmp = opts.tmp ?? mkdtempSync(join(tmpdir(), 'kdiag-pod-phases-'));
  const runner = opts.runner ?? new Runner(tmp);
  const kubectl = opts.kubectl === undefined ? findKubectl() : opts.kubectl;
  let own: FakeApiServer | undefined;
  try {
    let served = opts.served;
    if (!served) {
      const pods = opts.pods ?? 1000;
      log(`generating ${pods} pods`);
      const g = await generateCluster(opts.root, { pods, seed: opts.seed ?? 20261120 });
      own = await startFakeApiServer({ snapshot: g.snapshot, clock: () => NOW, encodeMsPerItem: opts.encodeMsPerItem ?? 0 });
      const kubeconfig = join(tmp, 'kubeconfig-phases');
      own.writeKubeconfig(kubeconfig);
      served = { server: own, kubeconfig, probe: g.probePod, pods: g.stats.pods };
    }
    const { server, kubeconfig, probe } = served;
    const cache = join(tmp, 'kube-cache-phases');
    const kdiagArgs = [opts.kdiag, 'pod', probe.name, '-n', probe.namespace, '--kubeconfig', kubeconfig];
    const describeArgs = ['--kubeconfig', kubeconfig, '--cache-dir', cache, 'describe', 'pod', probe.name, '-n', probe.namespace];
    const env = { KDIAG_TIMING: '1' };
    const kdiag = async (): Promise<PodRun> => {
      const r = await runner.run(opts.node, kdiagArgs, { timeoutMs: 60_000, node: true, env, stderrBytes: 1 << 20 });
      if (r.code > 1 || r.timedOut) log(`  kdiag pod: exit ${r.code}${r.timedOut ? ' (timeout)' : ''}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
      return { ...r, timing: parseTiming(r.stderr) };
    };
    const describe = () => runner.run(kubectl!, describeArgs, { timeoutMs: 60_000 });

    server.setLatency(opts.latencies[0] ?? 0);
    // warm-up, not measured: the fake's reply cache, kubectl's discovery cache, the OS file cache
    await kdiag();
    if (kubectl) await describe();
    const columns: PhaseColumn[] = opts.latencies.map((latency) => ({ latency, kdiag: [], describe: [] }));
    for (let i = 0; i < opts.runs; i++) {
      const round = columns.reduce((a, c) => a + (c.kdiag.at(-1)?.wallMs ?? 0) + (c.describe.at(-1)?.wallMs ?? 0), 0);
      if (i > 0 && opts.fits && !opts.fits(round)) break;
      for (const c of columns) {
        server.setLatency(c.latency);
        log(`  kdiag pod phases: run ${i + 1}/${opts.runs}, ${c.latency} ms latency`);
        c.kdiag.push(await kdiag());
        if (kubectl) c.describe.push(await describe());
      }
    }
    return { pods: served.pods, probe, runs: opts.runs, gnuTime: runner.gnuTime, columns };
  } finally {
    await own?.close();
    if (ownTmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** The `kdiag-timing {...}` line of a run's stderr, parsed; null when there is none or it does not parse. */
export function parseTiming(stderr: string): KdiagTiming | null {
  const line = stderr
    .split('\n')
    .filter((l) => l.startsWith('kdiag-timing '))
    .pop();
  if (!line) return null;
  try {
    const t = JSON.parse(line.slice('kdiag-timing '.length)) as Partial<KdiagTiming>;
    return { node: t.node ?? {}, marks: Array.isArray(t.marks) ? t.marks : [], requests: Array.isArray(t.requests) ? t.requests : [] };
  } catch {
    return null;
  }
}

/** A row of the table: the moment a phase starts after (`from`) and the one it ends at (`to`). */
interface Phase {
  label: string;
  from: string;
  to: string;
}

/** Moments of a run besides its marks (names that no mark has). */
const START = '@start';
const BOOTED = '@bootstrapComplete';
const FIRST_SENT = '@first request sent';
const LAST_END = '@last response end';
const PARENT = '@parent wall';

/** In the order they happen in `kdiag pod` (test/timing.test.ts); each row runs from the previous moment to its own. */
const PHASES: Phase[] = (() => {
  const seq: [string, string][] = [
    [BOOTED, 'Node starts (process start → `bootstrapComplete`)'],
    ['entry', 'bundle entry loaded (→ `entry`)'],
    ['cli loaded', 'CLI chunk loaded (→ `cli loaded`)'],
    ['command', 'arguments parsed, command starts (→ `command`)'],
    ['rules loaded', 'config and rules loaded (→ `rules loaded`)'],
    ['kube modules loaded', 'kube modules loaded (→ `kube modules loaded`)'],
    ['kubeconfig read', 'kubeconfig read (→ `kubeconfig read`)'],
    ['client-node loaded', '@kubernetes/client-node loaded (→ `client-node loaded`)'],
    ['credentials applied', 'credentials applied (→ `credentials applied`)'],
    [FIRST_SENT, 'first request sent'],
    [LAST_END, 'requests: first sent → last response end'],
    ['collected', 'facts collected (→ `collected`)'],
    ['report built', 'rules run, report built (→ `report built`)'],
    ['rendered', 'rendered (→ `rendered`)'],
    ['exit', 'written, event loop drained (→ `exit`)'],
    [PARENT, 'process exit as seen by the parent (parent wall − `exit`; with the spawn before Node starts its clock)'],
  ];
  let from = START;
  return seq.map(([to, label]) => {
    const p = { label, from, to };
    from = to;
    return p;
  });
})();

/** A run's moments by name, ms since its process started (the parent's wall last); absent ones are missing. */
function momentsOf(r: PodRun): Map<string, number> {
  const m = new Map<string, number>([[START, 0]]);
  const t = r.timing;
  if (!t) return m;
  if (typeof t.node.bootstrapComplete === 'number') m.set(BOOTED, t.node.bootstrapComplete);
  for (const [name, ms] of t.marks) if (typeof ms === 'number' && !m.has(name)) m.set(name, ms);
  const starts = t.requests.map((q) => q.start).filter((x) => typeof x === 'number');
  const ends = t.requests.map((q) => q.end).filter((x): x is number => typeof x === 'number');
  if (starts.length) m.set(FIRST_SENT, Math.min(...starts));
  if (ends.length) m.set(LAST_END, Math.max(...ends));
  // only with a timing line: without one the whole wall would be "process exit"
  m.set(PARENT, r.wallMs);
  return m;
}

/** Each phase's duration in one run, ms (NaN when a moment it needs is missing). */
export function phaseDurations(r: PodRun): number[] {
  const m = momentsOf(r);
  return PHASES.map((p) => (m.has(p.from) && m.has(p.to) ? m.get(p.to)! - m.get(p.from)! : NaN));
}

/** The median of the finite values; NaN when there is none. */
const finiteMedian = (xs: number[]) => median(xs.filter(Number.isFinite));

const fmt = (x: number) => (!Number.isFinite(x) ? '-' : Math.abs(x) >= 100 ? `${Math.round(x)} ms` : `${x.toFixed(1)} ms`);
const num = (x: number) => x.toLocaleString('en-US');

/**
 * The breakdown as markdown lines: a sentence on the method, then one row per phase (median of
 * the runs, ms, and its share of the median wall), an "unaccounted" row (the median wall less
 * the sum of the rows above: medians do not add up exactly, and a missing mark's time lands
 * there), the wall, `kubectl describe pod`'s wall and the ratio; one column per latency.
 */
export function phasesMarkdown(r: PodPhasesResult): string[] {
  const lines: string[] = [];
  const out = (s = '') => void lines.push(s);
  const runs = r.columns.map((c) => c.kdiag.length);
  const runsText = new Set(runs).size === 1 ? `${runs[0]}` : runs.join(' / ');
  const missing = r.columns.flatMap((c) => c.kdiag.filter((k) => !k.timing)).length;
  out(
    `\`kdiag pod ${r.probe.name} -n ${r.probe.namespace}\` at ${num(r.pods)} pods with \`KDIAG_TIMING=1\` (src/util/timing.ts): ${runsText} run${runsText === '1' ? '' : 's'} per latency after a warm-up, interleaved with \`kubectl describe pod\`, stdout to /dev/null (\`scripts/bench/pod-phases.ts\`). Each row is the median over the runs of the time from the previous row's moment to its own (Node's clock, from the process start); the last phase is the parent's wall time${r.gnuTime ? ' (through GNU time)' : ''} less the \`exit\` mark. In each run the phases add up to its wall time; the medians need not, and "unaccounted" is the difference.${missing ? ` ${missing} run${missing > 1 ? 's' : ''} printed no timing line.` : ''}`,
  );
  out();
  out(`| phase | ${r.columns.map((c) => `${c.latency} ms latency`).join(' | ')} |`);
  out(`|---|${r.columns.map(() => '---:').join('|')}|`);
  const durations = r.columns.map((c) => c.kdiag.map(phaseDurations));
  const walls = r.columns.map((c) => finiteMedian(c.kdiag.map((k) => k.wallMs)));
  const medians = r.columns.map((_, j) => PHASES.map((_, i) => finiteMedian(durations[j]!.map((d) => d[i]!))));
  const share = (x: number, j: number) => (Number.isFinite(x) && walls[j]! > 0 ? ` (${Math.round((x / walls[j]!) * 100)} %)` : '');
  PHASES.forEach((p, i) => {
    const cells = r.columns.map((c, j) => {
      const x = medians[j]![i]!;
      const cell = `${fmt(x)}${share(x, j)}`;
      return p.to === LAST_END ? `${cell}; ${requestSummary(c)}` : cell;
    });
    out(`| ${p.label} | ${cells.join(' | ')} |`);
  });
  const unaccounted = medians.map((m, j) => walls[j]! - m.filter(Number.isFinite).reduce((a, b) => a + b, 0));
  out(`| unaccounted (median wall − the rows above) | ${unaccounted.map((x, j) => `${fmt(x)}${share(x, j)}`).join(' | ')} |`);
  out(`| **\`kdiag pod\`, wall (median)** | ${r.columns.map((c, j) => `**${fmt(walls[j]!)}**${range(c.kdiag)}`).join(' | ')} |`);
  out(`| \`kubectl describe pod\`, wall (median) | ${r.columns.map((c) => (c.describe.length ? `${fmt(finiteMedian(c.describe.map((d) => d.wallMs)))}${range(c.describe)}` : '-')).join(' | ')} |`);
  out(
    `| kdiag / kubectl | ${r.columns
      .map((c, j) => {
        const k = finiteMedian(c.describe.map((d) => d.wallMs));
        return Number.isFinite(walls[j]!) && k > 0 ? `${(walls[j]! / k).toFixed(2)}x` : '-';
      })
      .join(' | ')} |`,
  );
  return lines;
}

/** `(min–max)` of the walls, when there are several runs. */
function range(rs: RunResult[]): string {
  if (rs.length < 2) return '';
  const w = rs.map((r) => r.wallMs);
  return ` (${fmt(Math.min(...w))}–${fmt(Math.max(...w))})`;
}

/** Requests per run (median), how many on a new TLS connection, and the median TLS handshake (connect → secureConnect) of all runs. */
function requestSummary(c: PhaseColumn): string {
  const ts = c.kdiag.map((k) => k.timing).filter((t): t is KdiagTiming => !!t);
  if (!ts.length) return 'no timing';
  const n = median(ts.map((t) => t.requests.length));
  const fresh = median(ts.map((t) => t.requests.filter((q) => q.newSocket).length));
  const hs = ts.flatMap((t) => t.requests.filter((q) => typeof q.connect === 'number' && typeof q.secureConnect === 'number').map((q) => q.secureConnect! - q.connect!));
  return `${n} requests, ${fresh} on a new TLS connection${hs.length ? `, TLS handshake ${fmt(median(hs))}` : ''}`;
}


// ---------------------------------------------------------------- run alone

if (process.argv[1] && realpathSync(process.argv[1]) === import.meta.filename) {
  const root = join(import.meta.dirname, '..', '..');
  const { values: a } = parseArgs({
    options: {
      pods: { type: 'string', default: '1000' },
      latency: { type: 'string', default: '0' },
      runs: { type: 'string', default: '5' },
      node: { type: 'string', default: process.execPath },
      kdiag: { type: 'string', default: join(root, 'bin', 'kdiag.js') },
      seed: { type: 'string', default: '20261120' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (a.help) {
    process.stderr.write('usage: tsx scripts/bench/pod-phases.ts [--pods 1000] [--latency 0[,20]] [--runs 5] [--node NODE] [--kdiag BIN] [--seed S]\n');
    process.exit(0);
  }
  const pods = Number(a.pods);
  const latencies = a.latency!.split(',').map(Number);
  const runs = Number(a.runs);
  if (!(Number.isInteger(pods) && pods >= 10) || latencies.some((l) => !(l >= 0)) || !(Number.isInteger(runs) && runs >= 1)) {
    process.stderr.write('pod-phases: --pods takes an integer ≥ 10, --latency comma-separated non-negative ms, --runs an integer ≥ 1\n');
    process.exit(2);
  }
  const started = Date.now();
  const log = (s: string) => process.stderr.write(`[pod-phases ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
  const r = await podPhases({ root, pods, latencies, runs, node: a.node!, kdiag: a.kdiag!, seed: Number(a.seed), log });
  process.stdout.write(`${phasesMarkdown(r!).join('\n')}\n`);
}
