/**
 * Big-snapshot benchmark: `kdiag scan -A -o json --from huge.json` on a generated cluster
 * written as one `kubectl get -o json`-style List (scripts/bench/write-list.ts), reporting
 * wall time and peak RSS. A file over V8's ~512 MB string limit cannot be read whole (before
 * streaming, kdiag failed with "Invalid string length"); JSON files over 64 MiB are streamed
 * (src/snapshot/json-stream.ts).
 *
 *   npx tsx scripts/bench/big-snapshot.ts                      # 104,000 pods, compact items (~1.2 GB)
 *   npx tsx scripts/bench/big-snapshot.ts --pods 20000 --stream --whole  # also streamed, and read whole (JSON.parse), to compare
 *   npx tsx scripts/bench/big-snapshot.ts --pods 104000 --indent   # kubectl's 4-space indentation (~3.5x the bytes)
 *
 * Needs a build (`node scripts/build.mjs`); the file is written to --dir (default the OS temp
 * folder) and removed afterwards unless --keep. Prints a Markdown table row per run.
 * `npm run bench -- --huge` uses {@link writeSnapshotFile} and {@link scanFile} for its
 * snapshot-read and table rows.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Snapshot } from '../../src/snapshot/types.js';
import { generateCluster } from './generate.js';
import { Runner, type RunResult } from './measure.js';
import { writeListFile } from './write-list.js';

/**
 * Writes a snapshot's nodes, pods and events (not its other kinds) as one v1 List file.
 * @param indent kubectl's 4-space indentation (default: one compact line per item)
 * @returns bytes written
 */
export function writeSnapshotFile(s: Snapshot, file: string, indent = false): Promise<number> {
  // a generator, not one concatenated array: no second copy of the 150,000-pod arrays
  function* objects() {
    yield* s.nodes;
    yield* s.pods;
    yield* s.events;
  }
  return writeListFile(file, objects(), !indent);
}

/**
 * Runs `kdiag scan -A --from FILE` (`-o json`, or the default table) once as a fresh process.
 * @param outFile where its stdout goes (a file, not a terminal: the table has no width limit)
 * @returns the run, with the size of what it printed (bytes)
 */
export async function scanFile(
  runner: Runner,
  opts: { node: string; kdiag: string; file: string; outFile: string; output?: 'json' | 'table'; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<RunResult & { outBytes: number }> {
  const argv = [opts.kdiag, 'scan', '-A', ...(opts.output === 'table' ? [] : ['-o', 'json']), '--from', opts.file];
  const r = await runner.run(opts.node, argv, { timeoutMs: opts.timeoutMs ?? 1_800_000, env: opts.env, node: true, stdoutFile: opts.outFile });
  return { ...r, outBytes: statSync(opts.outFile).size };
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      pods: { type: 'string', default: '104000' },
      indent: { type: 'boolean', default: false },
      whole: { type: 'boolean', default: false },
      stream: { type: 'boolean', default: false },
      runs: { type: 'string', default: '1' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });

  const root = join(import.meta.dirname, '..', '..');
  const kdiag = join(root, 'bin', 'kdiag.js');
  const pods = Number(args.pods);
  const dir = mkdtempSync(join(args.dir ?? tmpdir(), 'kdiag-big-'));
  const file = join(dir, 'huge.json');
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

  const t0 = performance.now();
  const cluster = await generateCluster(root, { pods });
  const s = cluster.snapshot;
  const bytes = await writeSnapshotFile(s, file, args.indent);
  console.error(`generated ${pods} pods, ${s.events.length} events, ${s.nodes.length} nodes: ${mb(bytes)} in ${((performance.now() - t0) / 1000).toFixed(0)} s -> ${file}`);
  const counts = { events: s.events.length, nodes: s.nodes.length };
  // the generator's objects are no longer needed: let the runs below have the memory
  s.pods.length = 0;
  s.events.length = 0;

  const runner = new Runner(dir);
  console.log(`- Machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} GiB free); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`- Node ${process.version}; ${runner.describe()}`);
  console.log(`- File: ${pods.toLocaleString('en-US')} pods, ${counts.events.toLocaleString('en-US')} events, ${counts.nodes} nodes as one v1 List, ${args.indent ? "kubectl's 4-space indentation" : 'one line per item'}, managedFields included: ${mb(statSync(file).size)}`);
  console.log('');
  console.log('| read | wall | CPU | peak RSS | exit | kdiag says |');
  console.log('|---|---:|---:|---:|---:|---|');
  const streamedByDefault = statSync(file).size > 64 * 1024 * 1024;
  const modes: [string, NodeJS.ProcessEnv][] = [[streamedByDefault ? 'default: streamed (file over 64 MiB)' : 'default: read whole (file under 64 MiB)', {}]];
  if (args.stream && !streamedByDefault) modes.push(['streamed (KDIAG_STREAM_THRESHOLD=0)', { KDIAG_STREAM_THRESHOLD: '0' }]);
  if (args.whole && streamedByDefault) modes.push(['read whole (JSON.parse; threshold raised)', { KDIAG_STREAM_THRESHOLD: String(Number.MAX_SAFE_INTEGER) }]);
  for (const [mode, env] of modes) {
    for (let i = 0; i < Number(args.runs); i++) {
      const r = await scanFile(runner, { node: process.execPath, kdiag, file, outFile: join(dir, 'out.json'), env });
      const said = r.code <= 1 ? `report of ${mb(r.outBytes)}` : r.stderr.trim().split('\n').pop();
      console.log(
        `| ${mode} | ${(r.wallMs / 1000).toFixed(1)} s | ${r.cpuMs === null ? '?' : `${(r.cpuMs / 1000).toFixed(1)} s`} | ${r.maxRssKb === null ? '?' : `${(r.maxRssKb / 1024).toFixed(0)} MiB`} | ${r.code} | ${said} |`,
      );
    }
  }
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
