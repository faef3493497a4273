/**
 * `npm run bench [-- --quick] [--sizes 100,1000,10000] [--runs N] [--latencies 0,20] [--seed S] [--out FILE] [--kdiag BIN] [--encode-ms-per-item MS] [--huge]`
 *
 * - `--encode-ms-per-item MS` (default 0): the fake servers delay each list page by its items ×
 *   MS, as a real kube-apiserver spends time encoding a page (0.2 models ~0.2 ms per pod of
 *   JSON encoding: ~100 ms for a 500-pod page); 0 answers from the fake's reply cache at once.
 * - `--huge`: adds 50,000 and 150,000 pods. At 50,000 pods and more only the scan (with the
 *   other kinds, and pod-only), its peak RSS and the transfer floor run, once per latency; no
 *   kubectl peer, `kubectl describe`, `kdiag pod` or rule-engine run. At 50,000 pods the
 *   cluster is also written as a ~0.6 GB List file, read by `kdiag scan -A --from FILE`
 *   (`-o json` and the table; big-snapshot.ts), and the table is rendered against `-o json`
 *   in process (table.ts). The bench re-runs itself with a 16 GB heap for the generator.
 *
 * At the largest size under 50,000 pods it also measures where `kdiag pod`'s time goes
 * (pod-phases.ts: `KDIAG_TIMING=1`, at 0 ms and the largest latency; 3 runs with --quick, within
 * its budget) and prints the median of each phase after the `kdiag pod NAME` table.
 *
 * Measures kdiag against the transfer floor and the real kubectl on generated clusters served
 * by the in-repo fake API server (HTTPS on loopback, real paths, limit/continue pagination,
 * gzip, per-request latency), and rewrites the generated part of BENCHMARKS.md (between the
 * `<!-- bench:begin -->` and `<!-- bench:end -->` markers; the hand-written header is kept).
 * See BENCHMARKS.md for the method. Progress goes to stderr.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { EVENT_PAGE_SIZE, OBJECT_PAGE_SIZE, POD_PAGE_SIZE } from '../../src/kube/source.js';
import { requestsByResource, startFakeApiServer, type FakeApiServer } from '../../test/fake-apiserver/server.js';
import { scanFile, writeSnapshotFile } from './big-snapshot.js';
import { engineBench, type EngineResult } from './engine.js';
import { generateCluster, NOW, type GeneratedCluster } from './generate.js';
import { findKubectl, median, Runner, type RunResult } from './measure.js';
import { phasesMarkdown, podPhases, type PodPhasesResult } from './pod-phases.js';
import { tableVsJson } from './table.js';
import { baseReport } from './table-report.js';

const root = join(import.meta.dirname, '..', '..');
const started = Date.now();

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    latencies: { type: 'string', default: '0,20' },
    seed: { type: 'string', default: '20261120' },
    out: { type: 'string', default: join(root, 'BENCHMARKS.md') },
    kdiag: { type: 'string', default: join(root, 'bin', 'kdiag.js') },
    node: { type: 'string', default: process.execPath },
    'encode-ms-per-item': { type: 'string', default: '0' },
    huge: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (args.help) {
  process.stderr.write(
    'usage: tsx scripts/bench/index.ts [--quick] [--sizes 100,1000,10000] [--runs N] [--latencies 0,20] [--seed S] [--out FILE] [--kdiag BIN] [--node NODE] [--encode-ms-per-item MS] [--huge]\n' +
      '  --encode-ms-per-item MS  delay each list page of the fake servers by its items x MS (default 0; 0.2 models kube-apiserver encoding ~0.2 ms per pod)\n' +
      '  --huge                   add 50,000 and 150,000 pods (scan, peak RSS and floor only), a ~0.6 GB snapshot-file read and the table vs -o json at 50,000 pods\n',
  );
  process.exit(0);
}
/** Sizes from which only the scan, its peak RSS and the floor are measured (see benchHugeSize). */
const HUGE_MIN = 50_000;
/** Sizes --huge adds. */
const HUGE_SIZES = [50_000, 150_000];
/** The size at which --huge writes the snapshot file and renders the table against -o json. */
const FILE_SIZE = 50_000;
/** The generator holds a 150,000-pod cluster (~6 GB of objects): past V8's default heap limit. */
const HEAP_MB = 16_384;
if (args.huge && getHeapStatistics().heap_size_limit < HEAP_MB * 2 ** 20 * 0.9 && !process.env.KDIAG_BENCH_REEXEC) {
  // again, with the heap it needs (a node flag of this process only: kdiag and the floor run with Node's defaults)
  const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, ...process.argv.slice(1)], { stdio: 'inherit', env: { ...process.env, KDIAG_BENCH_REEXEC: '1' } });
  process.exit(r.status ?? 1);
}
const quick = args.quick!;
const huge = args.huge!;
const baseSizes = (args.sizes ?? (quick ? '100,1000' : '100,1000,10000')).split(',').map(Number);
const sizes = huge ? [...new Set([...baseSizes, ...HUGE_SIZES])].sort((a, b) => a - b) : baseSizes;
/** Per-item delay of the fake servers' list pages, ms (see the usage above). */
const encodeMs = Number(args['encode-ms-per-item']);
const latencies = args.latencies!.split(',').map(Number);
const seed = Number(args.seed);
/** Runs of the cheap commands (scan, floor, pod, describe pod); the slow peers run fewer times. */
const baseRuns = Number(args.runs ?? (quick ? 3 : 5));
const KDIAG = args.kdiag!;
/** The Node binary that runs kdiag, the floor and `node -e 0` (--node; default: this one). */
const NODE = args.node!;
/** --quick must finish within a minute: each size gets a share of this, optional measurements are skipped past it. */
const QUICK_BUDGET_MS = 52_000;
/** The size at which `kdiag pod`'s phases are measured (pod-phases.ts): the largest non-huge one. */
const PHASE_N = Math.max(...sizes.filter((n) => n < HUGE_MIN));
/** Latencies of the phase runs: 0 ms and the largest measured. */
const PHASE_LATENCIES = [...new Set([0, Math.max(...latencies)])];
/** --quick: the part of PHASE_N's share kept for the phase runs (a warm-up and 3 runs of kdiag pod and kubectl describe pod per latency). */
const PHASE_RESERVE_MS = 1_500 * PHASE_LATENCIES.length;

if (sizes.some((n) => !Number.isInteger(n) || n < 10) || latencies.some((l) => !(l >= 0)) || !(baseRuns >= 1)) {
  process.stderr.write('bench: --sizes, --latencies and --runs take comma-separated non-negative integers\n');
  process.exit(2);
}
if (!(encodeMs >= 0)) {
  process.stderr.write('bench: --encode-ms-per-item takes a non-negative number of ms (e.g. 0.2)\n');
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'kdiag.js')) && KDIAG === join(root, 'bin', 'kdiag.js')) {
  process.stderr.write('bench: dist/kdiag.js is missing: run `node scripts/build.mjs` first (npm run bench does)\n');
  process.exit(2);
}

const num = (x: number) => x.toLocaleString('en-US');
const log = (s: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${s}\n`);
const tmp = mkdtempSync(join(tmpdir(), 'kdiag-bench-'));
const runner = new Runner(tmp);
const kubectl = findKubectl();
const loadBefore = loadavg();

// the transfer floor runs as plain Node, like kdiag: bundle it once
const floorJs = join(tmp, 'floor.mjs');
await build({
  entryPoints: [join(import.meta.dirname, 'floor.ts')],
  outfile: floorJs,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});

/** The time by which the current size must be done (--quick only). */
let deadline = Infinity;
/** Whether something expected to take `ms` still fits before the deadline. */
const fits = (ms: number) => !quick || Date.now() + ms < deadline;
const skipped: string[] = [];

// ---------------------------------------------------------------- measurements

interface Series {
  runs: RunResult[];
  /** API requests seen by the server during the first run, by kind */
  requests?: Record<string, number>;
}
const series = () => ({ runs: [] }) as Series;
const wall = (s: Series | undefined) => (s && s.runs.length ? median(s.runs.map((r) => r.wallMs)) : NaN);
const cpu = (s: Series | undefined) => (s && s.runs.length && s.runs.every((r) => r.cpuMs !== null) ? median(s.runs.map((r) => r.cpuMs!)) : NaN);
const rss = (s: Series | undefined) => (s && s.runs.length && s.runs.every((r) => r.maxRssKb !== null) ? Math.max(...s.runs.map((r) => r.maxRssKb!)) / 1024 : NaN);

interface LatencyResult {
  latency: number;
  scan: Series;
  /** the same scan against the same cluster served without the other kinds, to a user who may list only pods, events and nodes */
  scanPodOnly: Series;
  floor: Series;
  /** kubectl get pods -A -o json + kubectl get events -A -o json, run one after the other (sums) */
  peer: Series;
  describeAll: Series;
  pod: Series;
  describePod: Series;
  floorInfo?: { requests: number; bytes: number; inflated: number };
}

/** --huge, at 50,000 pods: the cluster as a List file read by `kdiag scan -A --from FILE`, and the table rendered in process. */
interface FileResult {
  pods: number;
  /** bytes of the List file */
  bytes: number;
  json: RunResult & { outBytes: number };
  table: RunResult & { outBytes: number };
  /** table.ts at this size: median CPU ms of `-o json` and of the table in a pipe and at 120 columns */
  render?: { jsonMs: number; pipeMs: number; w120Ms: number; runs: number };
  renderError?: string;
}

interface SizeResult {
  n: number;
  /** ≥ 50,000 pods: only the scans and the floor were run (benchHugeSize) */
  huge?: boolean;
  file?: FileResult;
  gen: GeneratedCluster['stats'];
  engine?: EngineResult;
  engineError?: string;
  check: { expectedFailing: number; reportedFailing: number; matched: number; mismatches: string[]; error?: string };
  latencies: LatencyResult[];
  probe: { namespace: string; name: string };
  /** at PHASE_N: where `kdiag pod`'s time goes (pod-phases.ts) */
  phases?: PodPhasesResult;
  phasesError?: string;
}

function countKinds(server: FakeApiServer, from: number): Record<string, number> {
  return requestsByResource(server.requests, from);
}

/**
 * A full garbage collection of this process, which hosts the fake API servers: done before each
 * measured command so that the fake's collector (a heap of ~0.5 GB at 10,000 pods, whose marking
 * takes ~200 ms of its thread and more of the others') does not run during a measurement, on the
 * cores the command under test uses. A real API server's does not run on the client's machine.
 * `gc` is exposed at run time (the flag, then a fresh context's global), as `npm run bench` starts tsx without flags.
 */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Runs a command and adds it to a series (after {@link collectGarbage}); the first run of a series also records the API requests. */
async function measure(s: Series, server: FakeApiServer, cmd: string, argv: string[], timeoutMs: number, node = false, stdoutFile?: string): Promise<RunResult> {
  collectGarbage();
  const before = server.requests.length;
  const r = await runner.run(cmd, argv, { timeoutMs, node, stdoutFile });
  if (!s.requests) s.requests = countKinds(server, before);
  s.runs.push(r);
  if (r.timedOut) log(`  timeout after ${timeoutMs / 1000}s: ${cmd} ${argv.slice(0, 4).join(' ')}`);
  // kdiag exits 1 when it found failing pods; anything above that is an error
  else if (r.code > 1) log(`  exit ${r.code}: ${cmd} ${argv.slice(0, 4).join(' ')}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  return r;
}

/** Adds two runs (kubectl get pods + get events) as one. */
function sumRuns(a: RunResult, b: RunResult): RunResult {
  return {
    wallMs: a.wallMs + b.wallMs,
    cpuMs: a.cpuMs !== null && b.cpuMs !== null ? a.cpuMs + b.cpuMs : null,
    maxRssKb: a.maxRssKb !== null && b.maxRssKb !== null ? Math.max(a.maxRssKb, b.maxRssKb) : null,
    code: Math.max(a.code, b.code),
    stderr: a.stderr + b.stderr,
    timedOut: a.timedOut || b.timedOut,
  };
}

async function benchSize(n: number): Promise<SizeResult> {
  log(`generating ${n} pods (seed ${seed})`);
  const g = await generateCluster(root, { pods: n, seed });
  log(`  ${g.stats.pods} pods (${g.stats.failing} failing), ${g.stats.events} events, ${g.stats.nodes} nodes, ${g.stats.namespaces} namespaces, ${(g.stats.podJsonBytes / 1e6).toFixed(1)} MB of pod JSON`);

  const result: SizeResult = {
    n,
    gen: g.stats,
    check: { expectedFailing: g.expected.size, reportedFailing: NaN, matched: 0, mismatches: [] },
    latencies: [],
    probe: g.probePod,
  };

  // rule engine alone, before the server starts (nothing else runs in this process meanwhile)
  try {
    result.engine = await engineBench(g.snapshot, NOW, quick ? 5 : 10, tmp);
    log(`  engine: ${result.engine.pods} pods x ${result.engine.rules} rules: cold ${result.engine.coldMs.toFixed(0)} ms, warm median ${result.engine.medianMs.toFixed(0)} ms`);
  } catch (e) {
    result.engineError = (e as Error).message.split('\n')[0]!;
    log(`  engine benchmark failed: ${result.engineError}`);
  }

  const server = await startFakeApiServer({ snapshot: g.snapshot, clock: () => NOW, encodeMsPerItem: encodeMs });
  // the pod-only baseline: the same pods, events, nodes and logs, no other kind, and RBAC that
  // grants only those (kdiag's other lists get a 403 at once and are reported as not checked)
  const podOnly = await startFakeApiServer({ snapshot: { ...g.snapshot, others: [] }, clock: () => NOW, allowOnly: POD_ONLY, encodeMsPerItem: encodeMs });
  const dir = join(tmp, `n${n}`);
  mkdirSync(dir);
  const kc = join(dir, 'kubeconfig');
  server.writeKubeconfig(kc);
  const kcPodOnly = join(dir, 'kubeconfig-pod-only');
  podOnly.writeKubeconfig(kcPodOnly);
  const kcache = join(dir, 'kube-cache');
  const kube = (...a: string[]) => ['--kubeconfig', kc, '--cache-dir', kcache, ...a];
  const probe = ['-n', g.probePod.namespace];
  const scanArgs = [KDIAG, 'scan', '-A', '-o', 'json', '--kubeconfig', kc];
  const scanPodOnlyArgs = [KDIAG, 'scan', '-A', '-o', 'json', '--kubeconfig', kcPodOnly];
  const podArgs = [KDIAG, 'pod', g.probePod.name, ...probe, '--kubeconfig', kc];
  const floorArgs = [floorJs, kc, String(POD_PAGE_SIZE), String(EVENT_PAGE_SIZE)];
  const big = n >= 5000;
  const tScan = big ? 180_000 : 60_000;
  const tPeer = big ? 600_000 : 180_000;

  try {
    // warm-up (not measured): fills the fake's reply cache and kubectl's discovery cache;
    // the scan's output is checked against what the generator expects
    log('  warm-up and correctness check');
    const out = join(dir, 'scan.json');
    const w = await runner.run(NODE, scanArgs, { timeoutMs: tScan, node: true, stdoutFile: out });
    checkScan(result, g, out, w);
    await runner.run(NODE, scanPodOnlyArgs, { timeoutMs: tScan, node: true });
    await runner.run(NODE, floorArgs, { timeoutMs: tScan, node: true });
    await runner.run(NODE, podArgs, { timeoutMs: 60_000, node: true });
    if (kubectl) await runner.run(kubectl, kube('describe', 'pod', g.probePod.name, ...probe), { timeoutMs: 60_000 });

    const peerRuns = quick ? 1 : big ? 2 : 3;
    const describeRuns = quick ? 1 : n > 500 ? 2 : 3;
    for (const latency of latencies) result.latencies.push({ latency, scan: series(), scanPodOnly: series(), floor: series(), peer: series(), describeAll: series(), pod: series(), describePod: series() });
    /** rough cost of one kubectl list peer / describe -A run here, from what was measured so far */
    const guess = (s: Series, perPodMs: number) => (s.runs.length ? median(s.runs.map((r) => r.wallMs)) : n * perPodMs);
    for (let i = 0; i < baseRuns; i++) {
      if (i > 0 && !fits(0)) {
        skipped.push(`runs ${i + 1}-${baseRuns} at ${num(n)} pods (--quick time budget)`);
        break;
      }
      for (const L of result.latencies) {
        server.setLatency(L.latency);
        podOnly.setLatency(L.latency);
        log(`  run ${i + 1}/${baseRuns}, ${L.latency} ms latency`);
        // interleaved, so that load changes on the machine hit every command alike
        await measure(L.scan, server, NODE, scanArgs, tScan, true);
        await measure(L.scanPodOnly, podOnly, NODE, scanPodOnlyArgs, tScan, true);
        const fOut = join(dir, 'floor.json');
        await measure(L.floor, server, NODE, floorArgs, tScan, true, fOut);
        if (i === 0) L.floorInfo = JSON.parse(readFileSync(fOut, 'utf8') || 'null') ?? undefined;
        await measure(L.pod, server, NODE, podArgs, 60_000, true);
        if (!kubectl) continue;
        await measure(L.describePod, server, kubectl, kube('describe', 'pod', g.probePod.name, ...probe), 60_000);
        // --quick: the list peer once per size (more latencies if time allows)
        const peerDue = i < peerRuns && (!quick || !result.latencies.some((x) => x.peer.runs.length) || fits(guess(L.peer, 6)));
        if (peerDue) {
          const p: Series = series();
          const a = await measure(p, server, kubectl, kube('get', 'pods', '-A', '-o', 'json'), tPeer);
          const b = await measure(p, server, kubectl, kube('get', 'events', '-A', '-o', 'json'), tPeer);
          L.peer.runs.push(sumRuns(a, b));
          L.peer.requests ??= p.requests;
        } else if (quick && i === 0) skipped.push(`kubectl get pods/events at ${num(n)} pods, ${L.latency} ms (--quick time budget)`);
        // kubectl describe pods -A makes 2 requests per pod, one after the other: not at 10,000 pods;
        // with latency (a round trip per request: ~40 s at 1,000 pods) once, and not with --quick
        const describeDue = n <= 1000 && (L.latency === 0 ? i < describeRuns : !quick && i < (n <= 100 ? describeRuns : 1));
        if (describeDue) {
          if (fits(guess(L.describeAll, 8))) await measure(L.describeAll, server, kubectl, kube('describe', 'pods', '-A'), tPeer);
          else if (!L.describeAll.runs.length) skipped.push(`kubectl describe pods -A at ${num(n)} pods (--quick time budget)`);
        }
      }
    }
    if (n === PHASE_N) {
      // the reserve kept for these runs (--quick) is theirs now
      deadline += PHASE_RESERVE_MS;
      log(`  where kdiag pod's time goes (KDIAG_TIMING=1), ${PHASE_LATENCIES.join(' and ')} ms latency`);
      try {
        const runs = quick ? 3 : baseRuns;
        const p = await podPhases({ root, latencies: PHASE_LATENCIES, runs, node: NODE, kdiag: KDIAG, kubectl: kubectl ?? null, runner, tmp: dir, served: { server, kubeconfig: kc, probe: g.probePod, pods: g.stats.pods }, fits, log });
        if (p) result.phases = p;
        else skipped.push(`kdiag pod's phases at ${num(n)} pods (--quick time budget)`);
        if (p && p.columns.some((c) => c.kdiag.length < runs)) skipped.push(`kdiag pod's phase runs past ${Math.min(...p.columns.map((c) => c.kdiag.length))} at ${num(n)} pods (--quick time budget)`);
      } catch (e) {
        result.phasesError = (e as Error).message.split('\n')[0]!;
        log(`  kdiag pod's phases failed: ${result.phasesError}`);
      }
    }
  } finally {
    await server.close();
    await podOnly.close();
  }
  return result;
}

/** What the pod-only baseline's user may read. */
const POD_ONLY: ('pods' | 'events' | 'nodes' | 'pods/log')[] = ['pods', 'events', 'nodes', 'pods/log'];

/**
 * A size of 50,000 pods or more: the scan (warm-up with the correctness check, then one run
 * per latency), the transfer floor, then the pod-only scan; no kubectl, `kdiag pod` or engine
 * run. The two servers run one after the other, not side by side: each keeps its serialized
 * pages (1.6 GB of pod JSON at 150,000 pods), and the generator's objects are already ~8 GB.
 * At {@link FILE_SIZE} pods the cluster is also written as a List file for benchFile.
 */
async function benchHugeSize(n: number): Promise<SizeResult> {
  log(`generating ${n} pods (seed ${seed}; --huge: scan, peak RSS and floor only)`);
  const g = await generateCluster(root, { pods: n, seed });
  log(`  ${g.stats.pods} pods (${g.stats.failing} failing), ${g.stats.events} events, ${g.stats.nodes} nodes, ${g.stats.namespaces} namespaces, ${(g.stats.podJsonBytes / 1e6).toFixed(1)} MB of pod JSON; bench heap ${(process.memoryUsage().heapUsed / 1e9).toFixed(1)} GB`);
  const result: SizeResult = {
    n,
    huge: true,
    gen: g.stats,
    check: { expectedFailing: g.expected.size, reportedFailing: NaN, matched: 0, mismatches: [] },
    latencies: latencies.map((latency) => ({ latency, scan: series(), scanPodOnly: series(), floor: series(), peer: series(), describeAll: series(), pod: series(), describePod: series() })),
    probe: g.probePod,
  };
  const dir = join(tmp, `n${n}`);
  mkdirSync(dir);
  const t = 900_000;
  // the first answer of each page waits for the fake to serialize it while its process
  // collects a heap of ~8 GB (150,000 pods): over kdiag's 30 s per request at times
  const WARM_UP = ['--request-timeout', '0'];
  // every page kept: past the default 1 GiB the fake would serialize and gzip pages again on every request, on the CPU kdiag needs
  const cache = 2 * (g.stats.podJsonBytes + g.stats.eventJsonBytes + g.stats.objectJsonBytes) + 2 ** 28;
  {
    const server = await startFakeApiServer({ snapshot: g.snapshot, clock: () => NOW, encodeMsPerItem: encodeMs, replyCacheBytes: cache });
    try {
      const kc = join(dir, 'kubeconfig');
      server.writeKubeconfig(kc);
      const scanArgs = [KDIAG, 'scan', '-A', '-o', 'json', '--kubeconfig', kc];
      const floorArgs = [floorJs, kc, String(POD_PAGE_SIZE), String(EVENT_PAGE_SIZE)];
      log('  warm-up and correctness check');
      const out = join(dir, 'scan.json');
      const w = await runner.run(NODE, [...scanArgs, ...WARM_UP], { timeoutMs: t, node: true, stdoutFile: out });
      checkScan(result, g, out, w);
      rmSync(out, { force: true });
      await runner.run(NODE, floorArgs, { timeoutMs: t, node: true });
      for (const L of result.latencies) {
        server.setLatency(L.latency);
        log(`  scan and floor, ${L.latency} ms latency`);
        const r = await measure(L.scan, server, NODE, scanArgs, t, true);
        log(`    scan ${(r.wallMs / 1000).toFixed(1)} s, peak RSS ${r.maxRssKb === null ? '?' : Math.round(r.maxRssKb / 1024)} MB`);
        const fOut = join(dir, 'floor.json');
        await measure(L.floor, server, NODE, floorArgs, t, true, fOut);
        L.floorInfo = JSON.parse(readFileSync(fOut, 'utf8') || 'null') ?? undefined;
      }
    } finally {
      await server.close();
    }
  }
  {
    const podOnly = await startFakeApiServer({ snapshot: { ...g.snapshot, others: [] }, clock: () => NOW, allowOnly: POD_ONLY, encodeMsPerItem: encodeMs, replyCacheBytes: cache });
    try {
      const kc = join(dir, 'kubeconfig-pod-only');
      podOnly.writeKubeconfig(kc);
      const args = [KDIAG, 'scan', '-A', '-o', 'json', '--kubeconfig', kc];
      await runner.run(NODE, [...args, ...WARM_UP], { timeoutMs: t, node: true });
      for (const L of result.latencies) {
        podOnly.setLatency(L.latency);
        log(`  pod-only scan, ${L.latency} ms latency`);
        await measure(L.scanPodOnly, podOnly, NODE, args, t, true);
      }
    } finally {
      await podOnly.close();
    }
  }
  if (n === FILE_SIZE) result.file = await benchFile(g, dir);
  return result;
}

/**
 * The cluster's nodes, pods and events as one compact List file (big-snapshot.ts), read by
 * `kdiag scan -A --from FILE -o json` and by the table (`kdiag scan -A --from FILE`, stdout a
 * file: no width limit), once each; then the table against `-o json` rendered in this process
 * (table.ts: the failing rows of a 1,000-pod all-failing cluster repeated to `g`'s size).
 */
async function benchFile(g: GeneratedCluster, dir: string): Promise<FileResult> {
  const file = join(dir, 'snapshot.json');
  const bytes = await writeSnapshotFile(g.snapshot, file);
  log(`  snapshot file: ${(bytes / 1e6).toFixed(0)} MB; kdiag scan -A --from FILE -o json, then the table`);
  const opts = { node: NODE, kdiag: KDIAG, file, timeoutMs: 900_000 };
  const json = await scanFile(runner, { ...opts, outFile: join(dir, 'file.json') });
  const table = await scanFile(runner, { ...opts, outFile: join(dir, 'file.txt'), output: 'table' });
  for (const [what, r] of [['-o json', json], ['table', table]] as const) {
    log(`    ${what}: ${(r.wallMs / 1000).toFixed(1)} s, peak RSS ${r.maxRssKb === null ? '?' : Math.round(r.maxRssKb / 1024)} MB, exit ${r.code}, ${(r.outBytes / 1e6).toFixed(1)} MB out`);
    if (r.code > 1) log(`    ${r.stderr.trim().split('\n').pop()}`);
  }
  rmSync(file, { force: true });
  const res: FileResult = { pods: g.stats.pods, bytes, json, table };
  try {
    const runs = 3;
    const base = await baseReport(root, 1000);
    const r = tableVsJson(base, g.stats.pods, runs, [
      ['pipe', Infinity],
      ['120', 120],
    ]);
    res.render = { jsonMs: r.json.ms, pipeMs: r.tables[0]!.ms, w120Ms: r.tables[1]!.ms, runs };
    log(`  render alone: -o json ${r.json.ms.toFixed(0)} ms, table ${r.tables[0]!.ms.toFixed(0)} ms (pipe), ${r.tables[1]!.ms.toFixed(0)} ms (120 columns)`);
  } catch (e) {
    res.renderError = (e as Error).message.split('\n')[0]!;
    log(`  render benchmark failed: ${res.renderError}`);
  }
  return res;
}

/** Compares kdiag's report with the generator's expectations (primary rule of each failing pod). */
function checkScan(result: SizeResult, g: GeneratedCluster, file: string, r: RunResult): void {
  const c = result.check;
  try {
    const rep = JSON.parse(readFileSync(file, 'utf8')) as { summary: { failing: number }; pods: { namespace: string; name: string; findings: { ruleId: string; severity: string }[] }[] };
    c.reportedFailing = rep.summary.failing;
    const got = new Map(rep.pods.map((p) => [`${p.namespace}/${p.name}`, p.findings[0]?.ruleId]));
    const wrong = new Map<string, number>();
    for (const [k, want] of g.expected) {
      if (got.get(k) === want) c.matched++;
      else {
        const key = `${want} -> ${got.get(k) ?? 'nothing'}`;
        wrong.set(key, (wrong.get(key) ?? 0) + 1);
      }
    }
    for (const p of rep.pods) {
      if (!g.expected.has(`${p.namespace}/${p.name}`) && p.findings.some((f) => f.severity !== 'info')) {
        const key = `healthy -> ${p.findings[0]?.ruleId}`;
        wrong.set(key, (wrong.get(key) ?? 0) + 1);
      }
    }
    c.mismatches = [...wrong].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} (${v})`);
    log(`  check: ${c.matched}/${c.expectedFailing} failing pods with the expected primary cause, ${c.reportedFailing} reported failing${c.mismatches.length ? `; differences: ${c.mismatches.slice(0, 4).join(', ')}` : ''}`);
  } catch (e) {
    c.error = `kdiag exited ${r.code}${r.timedOut ? ' (timeout)' : ''}: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ') || (e as Error).message}`;
    log(`  check failed: ${c.error}`);
  }
}

interface ColdStart {
  node: Series;
  version: Series;
  help: Series;
}

async function coldStart(): Promise<ColdStart> {
  log('cold start: node -e 0, kdiag --version, kdiag --help');
  const res: ColdStart = { node: series(), version: series(), help: series() };
  const n = quick ? 5 : 11;
  const fake = { requests: [] } as unknown as FakeApiServer;
  await runner.run(NODE, [KDIAG, '--version'], { timeoutMs: 30_000, node: true });
  for (let i = 0; i < n; i++) {
    await measure(res.node, fake, NODE, ['-e', '0'], 30_000, true);
    await measure(res.version, fake, NODE, [KDIAG, '--version'], 30_000, true);
    await measure(res.help, fake, NODE, [KDIAG, '--help'], 30_000, true);
  }
  return res;
}


// ---------------------------------------------------------------- run

const cold = await coldStart();
const results: SizeResult[] = [];
for (const [k, n] of sizes.entries()) {
  // --quick: the budget left is shared among the sizes still to run, in proportion to their size
  if (quick) {
    const left = QUICK_BUDGET_MS - (Date.now() - started);
    const rest = sizes.slice(k).reduce((a, b) => a + Math.sqrt(b), 0);
    deadline = Date.now() + (left * Math.sqrt(n)) / rest - (n === PHASE_N ? PHASE_RESERVE_MS : 0);
  }
  results.push(await (n >= HUGE_MIN ? benchHugeSize(n) : benchSize(n)));
}
const loadAfter = loadavg();
rmSync(tmp, { recursive: true, force: true });

// ---------------------------------------------------------------- report

const ms = (x: number) => (Number.isFinite(x) ? (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`) : '-');
const mb = (x: number) => (Number.isFinite(x) ? `${Math.round(x)} MB` : '-');
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : '-');
const range = (s: Series) => (s.runs.length > 1 ? ` (${ms(Math.min(...s.runs.map((r) => r.wallMs)))}–${ms(Math.max(...s.runs.map((r) => r.wallMs)))})` : '');
/** API requests of a series' first run by kind, pods/events/logs/nodes first, discovery last. */
const reqs = (s: Series | undefined) =>
  s?.requests
    ? Object.keys(s.requests)
        .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))
        .map((k) => `${k} ${s.requests![k]}`)
        .join(', ')
    : '-';
const rank = (k: string) => ['pods', 'events', 'logs', 'nodes'].indexOf(k) + 1 || (k === 'discovery' ? 99 : 50);

function gitDescribe(): string {
  try {
    const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['-C', root, 'status', '--porcelain'], { encoding: 'utf8' }).trim() ? ' + uncommitted changes' : '';
    return `${sha}${dirty}`;
  } catch {
    return 'unknown';
  }
}
function kubectlVersion(): string {
  if (!kubectl) return 'not found (peer and describe columns empty)';
  try {
    const v = JSON.parse(execFileSync(kubectl, ['version', '--client', '-o', 'json'], { encoding: 'utf8' })) as { clientVersion?: { gitVersion?: string } };
    return v.clientVersion?.gitVersion ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

const cpuModel = cpus()[0]?.model.trim() ?? 'unknown CPU';
const lines: string[] = [];
const out = (s = '') => lines.push(s);
const at = (r: SizeResult, l: number) => r.latencies.find((x) => x.latency === l);
/** The largest size with every measurement: the targets below are read there. */
const maxN = Math.max(...(sizes.some((n) => n < HUGE_MIN) ? sizes.filter((n) => n < HUGE_MIN) : sizes));
const hugeSkip = `skipped (≥ ${num(HUGE_MIN)} pods)`;

out(`Generated by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} (${((Date.now() - started) / 1000).toFixed(0)} s).`);
out();
out(`- Machine: ${cpuModel}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM, Linux ${release()}; load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' ')} after`);
out(`- Node ${NODE === process.execPath ? process.version : execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim()}; kubectl ${kubectlVersion()}; kdiag ${gitDescribe()}`);
out(`- Runs: ${baseRuns} of kdiag, the floor and the single-pod commands per size and latency (the kubectl list peer and \`describe pods -A\` fewer: see the tables); medians, range in brackets; CPU and peak RSS from ${runner.describe()}`);
out(`- Seed ${seed}; every command is a fresh process (process start included), stdout to /dev/null`);
out(
  `- API server encoding cost: ${encodeMs > 0 ? `each list page of the fake servers is delayed by its items × ${encodeMs} ms (\`--encode-ms-per-item ${encodeMs}\`; 0.2 models a real kube-apiserver, which spends ~0.2 ms per pod encoding JSON: ~100 ms per 500-pod page), cached page or not` : 'none (`--encode-ms-per-item 0`, the default): the fake servers answer from their reply cache at once; `--encode-ms-per-item 0.2` models a real kube-apiserver, which spends ~0.2 ms per pod encoding JSON (~100 ms per 500-pod page)'}`,
);
if (results.some((r) => r.huge))
  out(
    `- \`--huge\`: at ${num(HUGE_MIN)} pods and more only \`kdiag scan -A -o json\` (with the other kinds, and pod-only), its peak RSS and the transfer floor run, once per latency after a warm-up; the kubectl peers (\`get pods/events\`, \`describe pods -A\`), \`kdiag pod\` / \`kubectl describe pod\` and the rule-engine benchmark are skipped there`,
  );
if (skipped.length) out(`- Skipped: ${skipped.join('; ')}`);
out();

out('### Generated clusters');
out();
out('| pods | failing | events | nodes | namespaces | logs kept | pod JSON (avg) | pods + events JSON (inflated) | on the wire (gzip) | kdiag check |');
out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of results) {
  const f = r.latencies[0]?.floorInfo;
  const c = r.check;
  // a cell of the Markdown table: kdiag's stderr lines are joined with " | "
  const check = c.error ? `error: ${c.error.replace(/\|/g, '\\|')}` : `${c.matched}/${c.expectedFailing} expected primary causes${c.mismatches.length ? `; differs: ${c.mismatches.slice(0, 3).join(', ')}${c.mismatches.length > 3 ? ', …' : ''}` : ''}`;
  out(`| ${num(r.n)} | ${num(r.gen.failing)} | ${num(r.gen.events)} | ${num(r.gen.nodes)} | ${r.gen.namespaces} | ${r.gen.logs} | ${(r.gen.podJsonBytes / r.gen.pods / 1024).toFixed(1)} KiB | ${f ? `${(f.inflated / 1e6).toFixed(1)} MB` : '-'} | ${f ? `${(f.bytes / 1e6).toFixed(1)} MB in ${f.requests} requests` : '-'} | ${check} |`);
}
out();

out('### `kdiag scan -A -o json` against the transfer floor and kubectl');
out();
out('| pods | latency | kdiag scan | CPU | peak RSS | transfer floor | scan / floor | kubectl get pods + events | kubectl / scan | kubectl describe pods -A | describe / scan | kdiag API requests |');
out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of results) {
  for (const L of r.latencies) {
    const s = wall(L.scan);
    out(
      `| ${num(r.n)} | ${L.latency} ms | ${ms(s)}${range(L.scan)} | ${ms(cpu(L.scan))} | ${mb(rss(L.scan))} | ${ms(wall(L.floor))} | ${ratio(s, wall(L.floor))} | ${r.huge ? hugeSkip : `${ms(wall(L.peer))}${L.peer.runs.length ? ` (${L.peer.runs.length} run${L.peer.runs.length > 1 ? 's' : ''}, ${mb(rss(L.peer))})` : ''}`} | ${ratio(wall(L.peer), s)} | ${r.huge ? hugeSkip : L.describeAll.runs.length ? `${ms(wall(L.describeAll))} (${L.describeAll.runs.length} run${L.describeAll.runs.length > 1 ? 's' : ''}, ${num(Object.values(L.describeAll.requests ?? {}).reduce((a, b) => a + b, 0))} requests)` : '-'} | ${ratio(wall(L.describeAll), s)} | ${reqs(L.scan)} |`,
    );
  }
}
out();

const hugeResults = results.filter((r) => r.huge);
if (hugeResults.length) {
  const f = hugeResults.find((r) => r.file)?.file;
  if (f) {
    const said = (r: RunResult & { outBytes: number }) => (r.code <= 1 ? `exit ${r.code}, ${(r.outBytes / 1e6).toFixed(1)} MB printed` : `exit ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
    out(`### Snapshot file and table at ${num(f.pods)} pods (\`--huge\`)`);
    out();
    out(`The ${num(f.pods)}-pod cluster's nodes, pods and events written as one v1 List, one compact line per item, managedFields included (\`scripts/bench/big-snapshot.ts\`): ${(f.bytes / 1e6).toFixed(0)} MB, ${f.bytes > 64 * 2 ** 20 ? 'streamed by kdiag (over 64 MiB)' : 'read whole by kdiag (under 64 MiB)'}. One run each, stdout to a file (the table then has no width limit). Render alone: \`scripts/bench/table.ts\` in the bench process, the failing rows of a 1,000-pod all-failing cluster repeated to ${num(f.pods)} rows, median CPU of ${f.render?.runs ?? '-'} renders after a warm-up.`);
    out();
    out('| read | wall | CPU | peak RSS | result |');
    out('|---|---:|---:|---:|---|');
    out(`| \`kdiag scan -A --from FILE -o json\` | ${ms(f.json.wallMs)} | ${ms(f.json.cpuMs ?? NaN)} | ${mb((f.json.maxRssKb ?? NaN) / 1024)} | ${said(f.json)} |`);
    out(`| \`kdiag scan -A --from FILE\` (table) | ${ms(f.table.wallMs)} | ${ms(f.table.cpuMs ?? NaN)} | ${mb((f.table.maxRssKb ?? NaN) / 1024)} | ${said(f.table)}; ${ratio(f.table.wallMs, f.json.wallMs)} the \`-o json\` wall |`);
    if (f.render) out(`| render alone, ${num(f.pods)} failing rows | table ${ms(f.render.pipeMs)} (pipe), ${ms(f.render.w120Ms)} (120 columns) | vs \`-o json\` ${ms(f.render.jsonMs)} | | ${ratio(f.render.pipeMs, f.render.jsonMs)} (pipe), ${ratio(f.render.w120Ms, f.render.jsonMs)} (120 columns) |`);
    else out(`| render alone | - | - | - | failed: ${f.renderError} |`);
    out();
  }
}

out('### Services, Ingresses and workloads');
out();
out('The same scan with the other kinds kdiag lists (Services, EndpointSlices, Ingresses, IngressClasses, Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, PVCs, StorageClasses; `scripts/bench/objects.ts`), against a pod-only scan of the same cluster: the same pods, events, nodes and logs served without the other kinds to a user allowed only pods, events and nodes (each other list is one 403). Target: at most +25 % wall time at the largest size.');
out();
out('| pods | objects (Deployments / ReplicaSets / Services+slices / Ingresses / StatefulSets / Jobs / PVCs) | their JSON | scan | pod-only scan | wall + | CPU | pod-only CPU | CPU + | peak RSS | pod-only RSS | RSS + | API requests (scan) |');
out('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
for (const r of results) {
  const o = r.gen.objects;
  for (const L of r.latencies) {
    const a = wall(L.scan);
    const b = wall(L.scanPodOnly);
    const pct = (x: number, y: number) => (Number.isFinite(x) && Number.isFinite(y) && y > 0 ? `${x >= y ? '+' : '−'}${Math.abs(Math.round((x / y - 1) * 100))} %` : '-');
    out(
      `| ${num(r.n)} @ ${L.latency} ms | ${num(o.deployments)} / ${num(o.replicasets)} / ${num(o.services)}+${num(o.endpointslices)} / ${num(o.ingresses)} / ${num(o.statefulsets)} / ${num(o.jobs)} / ${num(o.persistentvolumeclaims)} | ${(r.gen.objectJsonBytes / 1e6).toFixed(1)} MB | ${ms(a)}${range(L.scan)} | ${ms(b)}${range(L.scanPodOnly)} | ${pct(a, b)} | ${ms(cpu(L.scan))} | ${ms(cpu(L.scanPodOnly))} | ${pct(cpu(L.scan), cpu(L.scanPodOnly))} | ${mb(rss(L.scan))} | ${mb(rss(L.scanPodOnly))} | ${pct(rss(L.scan), rss(L.scanPodOnly))} | ${reqs(L.scan)} |`,
    );
  }
}
out();

out('### `kdiag pod NAME` against `kubectl describe pod NAME`');
out();
out('A crash-looping (OOMKilled) pod: kdiag reads the pod, its events, its node and the previous log; kubectl the pod and its events.');
out();
out('| pods | latency | kdiag pod | CPU | kubectl describe pod | CPU | kdiag / kubectl | kdiag requests | kubectl requests |');
out('|---:|---:|---:|---:|---:|---:|---:|---|---|');
for (const r of results.filter((x) => !x.huge)) {
  for (const L of r.latencies) {
    out(`| ${num(r.n)} | ${L.latency} ms | ${ms(wall(L.pod))}${range(L.pod)} | ${ms(cpu(L.pod))} | ${ms(wall(L.describePod))}${range(L.describePod)} | ${ms(cpu(L.describePod))} | ${ratio(wall(L.pod), wall(L.describePod))} | ${reqs(L.pod)} | ${reqs(L.describePod)} |`);
  }
}
out();

out("### Where `kdiag pod`'s time goes");
out();
{
  const p = results.find((r) => r.n === PHASE_N);
  if (p?.phases) for (const l of phasesMarkdown(p.phases)) out(l);
  else out(p?.phasesError ? `Failed: ${p.phasesError}` : `Not measured${quick ? ' (--quick time budget)' : ''}.`);
}
out();

out('### Cold start');
out();
out('| command | wall (median) | CPU | peak RSS | vs `node -e 0` |');
out('|---|---:|---:|---:|---:|');
for (const [name, s] of [['node -e 0', cold.node], ['kdiag --version', cold.version], ['kdiag --help', cold.help]] as const) {
  out(`| \`${name}\` | ${ms(wall(s))}${range(s)} | ${ms(cpu(s))} | ${mb(rss(s))} | ${ratio(wall(s), wall(cold.node))} |`);
}
out();

out('### Rule engine alone');
out();
out('`buildReport` over every pod with all built-in rules, in a fresh process that holds only the facts (prepared beforehand, not timed) and the rules. Cold = the first pass, as a scan pays it (V8 still interpreting and compiling the engine); warm = the median of the next 10 (5 with --quick).');
out();
out('| pods | rules | cold pass | warm passes (median) | per pod (warm) |');
out('|---:|---:|---:|---:|---:|');
for (const r of results.filter((x) => !x.huge)) {
  if (r.engine) out(`| ${num(r.engine.pods)} | ${r.engine.rules} | ${ms(r.engine.coldMs)} | ${ms(r.engine.medianMs)} | ${((r.engine.medianMs * 1000) / r.engine.pods).toFixed(1)} µs |`);
  else out(`| ${num(r.n)} | - | failed: ${r.engineError} | | |`);
}
out();

out('### Where the time goes with latency');
out();
out(`Each list is paged one request after another (each page needs the previous continue token; kdiag asks for ${POD_PAGE_SIZE} pods or ${num(EVENT_PAGE_SIZE)} events a page). kdiag runs the pod and event chains at once, requests page k+1 as soon as page k's token has arrived, and reads logs (8 to 32 in flight, from the measured latency; 32 once every list is read) while the lists page, so the latency it adds is about one round trip per page of the longer chain (plus the last logs). Per-pod sequential work would instead cost one round trip per pod.`);
out();
const [l0, l1] = [Math.min(...latencies), Math.max(...latencies)];
if (l1 === l0) out(`(One latency only, ${l0} ms: run with two, e.g. \`--latencies 0,20\`, for this table.)`);
else {
  out(`| pods | pod pages | event pages | round trips on the critical path | × ${l1 - l0} ms | kdiag scan: ${l1} ms − ${l0} ms | floor: ${l1} ms − ${l0} ms | one round trip per pod would add |`);
  out('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const a = at(r, l0);
    const b = at(r, l1);
    if (!a || !b || l1 === l0) continue;
    const pp = Math.ceil(r.gen.pods / POD_PAGE_SIZE);
    const ep = Math.max(1, Math.ceil(r.gen.events / EVENT_PAGE_SIZE));
    const crit = Math.max(pp, ep);
    out(`| ${num(r.n)} | ${pp} | ${ep} | ${crit} | ${ms(crit * (l1 - l0))} | ${ms(wall(b.scan) - wall(a.scan))} | ${ms(wall(b.floor) - wall(a.floor))} | ${ms(r.gen.pods * (l1 - l0))} |`);
  }
}
out();

// ---------------------------------------------------------------- targets

out('### Targets');
out();
out('| target | measured | met |');
out('|---|---|---|');
const big = results.find((r) => r.n === maxN)!;
const big0 = at(big, 0) ?? big.latencies[0];
const yes = (ok: boolean | null) => (ok === null ? 'not measured' : ok ? 'yes' : '**no**');
/** Verdict for "value ≤ limit", with by how much it misses. */
const atMost = (v: number, limit: number) => (!Number.isFinite(v) ? 'not measured' : v <= limit ? 'yes' : `**no**: ${Math.round((v / limit - 1) * 100)} % over`);
/** Verdict for "value ≥ goal", with by how much it misses. */
const atLeast = (v: number, goal: number) => (!Number.isFinite(v) ? 'not measured' : v >= goal ? 'yes' : `**no**: ${Math.round((1 - v / goal) * 100)} % short`);
if (big0) {
  const rScanFloor = wall(big0.scan) / wall(big0.floor);
  const rPeer = wall(big0.peer) / wall(big0.scan);
  out(`| scan -A at ${num(maxN)} pods ≤ 2.0x the transfer floor (#12) | ${ratio(wall(big0.scan), wall(big0.floor))} (${ms(wall(big0.scan))} vs ${ms(wall(big0.floor))}) | ${atMost(rScanFloor, 2)} |`);
  out(`| scan -A at ${num(maxN)} pods ≥ 10x faster than kubectl get pods + events (#12) | ${ratio(wall(big0.peer), wall(big0.scan))} (${ms(wall(big0.peer))} vs ${ms(wall(big0.scan))}) | ${atLeast(rPeer, 10)} |`);
  const peak = Math.max(...big.latencies.map((l) => rss(l.scan)));
  out(`| scan -A at ${num(maxN)} pods: peak RSS ≤ 300 MB (#12) | ${mb(rss(big0.scan))} (largest of all its runs, all latencies: ${mb(peak)}, ${ratio(peak, 300)} the limit) | ${atMost(Math.max(...big.latencies.map((l) => rss(l.scan))), 300)} |`);
}
{
  // the scan's peak RSS at every size (largest of its runs, all latencies), and how it grows between the two largest
  const peaks = results.map((r) => ({ n: r.gen.pods, size: r.n, rss: Math.max(...r.latencies.map((l) => rss(l.scan))) })).filter((p) => Number.isFinite(p.rss));
  const [a, b] = peaks.slice(-2);
  const growth = a && b && b.n > a.n ? `; ${num(a.size)} → ${num(b.size)} pods (+${Math.round((b.n / a.n - 1) * 100)} %): RSS ${b.rss >= a.rss ? '+' : '−'}${Math.abs(Math.round((b.rss / a.rss - 1) * 100))} %, RSS growth / pod growth ${((b.rss / a.rss - 1) / (b.n / a.n - 1)).toFixed(2)} (0 = flat, 1 = proportional)` : '';
  const h = results.find((r) => r.n === 150_000);
  const peak150 = h ? Math.max(...h.latencies.map((l) => rss(l.scan))) : NaN;
  out(`| peak RSS of the scan flat with scale: ≤ 500 MB at 150,000 pods (#12) | ${peaks.map((p) => `${num(p.size)}: ${mb(p.rss)}`).join(', ') || '-'}${growth}${h ? `; at 150,000: ${ratio(peak150, 500)} the limit` : ''} | ${h ? atMost(peak150, 500) : 'not measured (run with `--huge`)'} |`);
}
if (big0) {
  const g = wall(big0.scan) / wall(big0.scanPodOnly);
  // every latency measured: at 0 ms the fake answers from memory, so the other kinds' reading is all on kdiag's critical path
  const others = big.latencies.filter((l) => l !== big0 && l.scan.runs.length && l.scanPodOnly.runs.length);
  const more = others.map((l) => `; at ${l.latency} ms: wall ${ratio(wall(l.scan), wall(l.scanPodOnly))} (${ms(wall(l.scan))} vs ${ms(wall(l.scanPodOnly))}), ${atMost(wall(l.scan) / wall(l.scanPodOnly), 1.25).replace(/\*\*/g, '')}`).join('');
  out(
    `| scan -A at ${num(maxN)} pods with Services, Ingresses and workloads ≤ 1.25x the pod-only scan (#10) | at ${big0.latency} ms: wall ${ratio(wall(big0.scan), wall(big0.scanPodOnly))} (${ms(wall(big0.scan))} vs ${ms(wall(big0.scanPodOnly))}); CPU ${ratio(cpu(big0.scan), cpu(big0.scanPodOnly))} (${ms(cpu(big0.scan))} vs ${ms(cpu(big0.scanPodOnly))})${more} | ${atMost(g, 1.25)} (wall, at ${big0.latency} ms)${encodeMs > 0 ? `; fake servers with ${encodeMs} ms per item of encoding` : ''} |`,
  );
  const perKind = Object.entries(big0.scan.requests ?? {}).filter(([k]) => !['pods', 'events', 'logs', 'nodes', 'discovery', 'namespaces'].includes(k));
  const objs = big.gen.objects as unknown as Record<string, number>;
  const okPages = perKind.every(([k, v]) => v <= Math.max(1, Math.ceil((objs[k] ?? 0) / OBJECT_PAGE_SIZE)));
  out(`| API requests of the other kinds O(pages): one list per kind, ${OBJECT_PAGE_SIZE} objects a page | ${perKind.map(([k, v]) => `${k} ${v}`).join(', ') || '-'} | ${yes(perKind.length ? okPages : null)} |`);
}
const thousand = results.find((r) => r.n === 1000);
const t0l = thousand && at(thousand, 0);
if (t0l) {
  const others = thousand!.latencies.filter((l) => l !== t0l && l.describeAll.runs.length);
  const more = others.map((l) => `; at ${l.latency} ms: ${ratio(wall(l.describeAll), wall(l.scan))} (${ms(wall(l.describeAll))} vs ${ms(wall(l.scan))})`).join('');
  out(`| scan -A ≥ 15x faster than kubectl describe pods -A at 1,000 pods (#12) | at 0 ms: ${ratio(wall(t0l.describeAll), wall(t0l.scan))} (${ms(wall(t0l.describeAll))} vs ${ms(wall(t0l.scan))})${more} | ${atLeast(wall(t0l.describeAll) / wall(t0l.scan), 15)}${others.some((l) => wall(l.describeAll) / wall(l.scan) >= 15) && wall(t0l.describeAll) / wall(t0l.scan) < 15 ? ' at 0 ms; yes with latency' : ''} |`);
}
{
  const ok = results.every((r) => r.latencies.every((l) => (l.scan.requests?.pods ?? 0) <= Math.ceil(r.gen.pods / POD_PAGE_SIZE) && (l.scan.requests?.events ?? 0) <= Math.max(1, Math.ceil(r.gen.events / EVENT_PAGE_SIZE))));
  out(`| API requests O(pages) for pods and events, never one events call per pod | ${results.map((r) => `${num(r.n)}: ${reqs(r.latencies[0]?.scan)}`).join('; ')} | ${yes(ok)} |`);
}
out('| log requests only for containers that need them, 8 to 32 in flight (from the measured latency; 32 once every list is read), each bounded | `logsNeeded` decides; `logConcurrency` = ⌈1.5 × latency ms⌉ within `LOG_CONCURRENCY` {min: 8, max: 32}, the max after `LogReader.listsDone`; `tailLines=50&limitBytes=65536` on every log request | yes (by construction; see src/kube/source.ts; test/request-counts.test.ts counts the requests in flight, test/client-internals.test.ts the limit before and after the lists) |');
{
  const worst = Math.max(...results.filter((r) => !r.huge).flatMap((r) => r.latencies.map((l) => wall(l.pod) / wall(l.describePod))));
  out(`| kdiag pod ≤ 1.0x kubectl describe pod (#12) | ${results.filter((r) => !r.huge).flatMap((r) => r.latencies.map((l) => `${num(r.n)}/${l.latency} ms: ${ratio(wall(l.pod), wall(l.describePod))}`)).join('; ')} | ${atMost(worst, 1)} (worst case) |`);
}
{
  const h = results.find((r) => r.n === 150_000);
  const peak = h ? Math.max(...h.latencies.map((l) => rss(l.scan))) : NaN;
  out(`| scan -A at 150,000 pods: peak RSS ≤ 500 MB (#12) | ${h ? `${mb(peak)} (${ratio(peak, 500)} the limit; largest of its runs${h.latencies.length > 1 ? ', all latencies' : ''}; pod-only scan ${mb(Math.max(...h.latencies.map((l) => rss(l.scanPodOnly))))})` : 'not measured (run with `--huge`)'} | ${atMost(peak, 500)} |`);
  const f = results.find((r) => r.file)?.file;
  const tr = f && f.json.code <= 1 && f.table.code <= 1 ? f.table.wallMs / f.json.wallMs : NaN;
  out(
    `| \`kdiag scan -A --from SNAPSHOT\` table ≤ 1.2x \`-o json\` at ${num(FILE_SIZE)} pods (#12) | ${f ? `${ratio(f.table.wallMs, f.json.wallMs)} (${ms(f.table.wallMs)} vs ${ms(f.json.wallMs)}; ${(f.bytes / 1e6).toFixed(0)} MB file)${f.render ? `; render alone ${ratio(f.render.pipeMs, f.render.jsonMs)} (pipe), ${ratio(f.render.w120Ms, f.render.jsonMs)} (120 columns)` : ''}` : 'not measured (run with `--huge`)'} | ${atMost(tr, 1.2)} |`,
  );
}
{
  // timing-free: the test counts the layout's calls and characters per row; the bench adds the time per row when --huge rendered 50,000 rows
  const f = results.find((r) => r.file)?.file;
  const us = (x: number) => `${((x * 1000) / f!.pods).toFixed(1)} µs`;
  out(`| table rendering linear in N (#12) | test/table-linear.test.ts (timing-free, run by \`npm test\`): the layout's calls and characters per row are the same at 1,000 and 10,000 failing pods, at 80, 120 and 200 columns and in a pipe${f?.render ? `; rendered alone at ${num(f.pods)} rows: ${us(f.render.pipeMs)} a row (pipe), ${us(f.render.w120Ms)} (120 columns)` : '; µs per row at 50,000 rows: run with `--huge`'} | yes (by the test, not run here) |`);
}
out(`| cold start: kdiag --version ≤ 1.3x node -e 0 (#12) | ${ratio(wall(cold.version), wall(cold.node))} (${ms(wall(cold.version))} vs ${ms(wall(cold.node))}) | ${atMost(wall(cold.version) / wall(cold.node), 1.3)} |`);
{
  const e = results.find((r) => r.n === maxN)?.engine;
  out(`| rule engine: ${num(e?.pods ?? maxN)} pods × all rules ≤ 100 ms | ${e ? `cold ${ms(e.coldMs)}, warm ${ms(e.medianMs)} (${e.rules} rules)` : '-'} | ${atMost(e?.coldMs ?? NaN, 100)} (cold)${e && e.coldMs > 100 && e.medianMs <= 100 ? '; yes warm' : ''} |`);
}
out('');

const begin = '<!-- bench:begin -->';
const end = '<!-- bench:end -->';
const generated = `${begin}\n${lines.join('\n')}\n${end}`;
const outFile = args.out!;
let doc = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
if (doc.includes(begin) && doc.includes(end)) doc = doc.slice(0, doc.indexOf(begin)) + generated + doc.slice(doc.indexOf(end) + end.length);
else doc = `${doc || '# Benchmarks\n\n'}${doc.endsWith('\n') || !doc ? '' : '\n'}\n${generated}\n`;
writeFileSync(outFile, doc);
log(`wrote ${outFile}`);
process.stdout.write(`${lines.join('\n')}\n`);
