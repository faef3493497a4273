/**
 * `npm run measure`: wall time and API requests of `kdiag pod` and `kdiag scan -A` on the
 * bundled demo (fixtures/demo) through the in-repo fake API server on loopback, plus the
 * same scan on the snapshot. Each command runs RUNS times as a fresh process (process
 * start included); the median is reported. Prints a markdown table.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshot } from '../src/snapshot/read.js';
import { requestCounts, startFakeApiServer } from '../test/fake-apiserver/server.js';

const RUNS = Number(process.env.RUNS ?? 7);
const root = join(import.meta.dirname, '..');
const kdiag = join(root, 'bin', 'kdiag.js');
const snapshot = await readSnapshot(join(root, 'fixtures', 'demo'));
const server = await startFakeApiServer({ snapshot });
const dir = mkdtempSync(join(tmpdir(), 'kdiag-measure-'));
const kubeconfig = join(dir, 'kubeconfig');
server.writeKubeconfig(kubeconfig);

function run(args: string[]): Promise<{ ms: number; code: number }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [kdiag, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve) => child.on('exit', (c) => resolve({ ms: Number(process.hrtime.bigint() - t0) / 1e6, code: c ?? 4 })));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cases: { name: string; args: string[]; live: boolean }[] = [
  { name: 'kdiag pod error -n default (live)', args: ['pod', 'error', '-n', 'default', '-o', 'json', '--kubeconfig', kubeconfig], live: true },
  { name: 'kdiag scan -A (live)', args: ['scan', '-A', '-o', 'json', '--kubeconfig', kubeconfig], live: true },
  { name: 'kdiag scan -A --from fixtures/demo', args: ['scan', '-A', '-o', 'json', '--from', join(root, 'fixtures', 'demo')], live: false },
  { name: 'kdiag --version', args: ['--version'], live: false },
];

const rows: string[] = [];
for (const c of cases) {
  const times: number[] = [];
  let reqs = '';
  for (let i = 0; i < RUNS; i++) {
    const before = server.requests.length;
    const r = await run(c.args);
    times.push(r.ms);
    if (i === 0 && c.live) {
      const kinds = requestCounts(server.requests, before);
      reqs = `${server.requests.length - before} (${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')})`;
    }
  }
  rows.push(`| ${c.name} | ${median(times).toFixed(0)} ms | ${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)} ms | ${reqs || '-'} |`);
}
await server.close();
rmSync(dir, { recursive: true, force: true });
console.log(`Demo snapshot: ${snapshot.pods.length} pods, ${snapshot.events.length} events. ${RUNS} runs each, node ${process.version}, ${process.platform}/${process.arch}.\n`);
console.log('| command | median wall time | range | API requests |');
console.log('|---|---|---|---|');
for (const r of rows) console.log(r);
