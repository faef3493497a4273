/**
 * The README's watch-mode output: serves the demo (fixtures/demo) over the fake apiserver,
 * runs `kdiag ARGS --kubeconfig ...` (built: node scripts/build.mjs), makes three changes a
 * second and a half apart (pod backoff gets a good image, pod pending is deleted, pod running
 * is OOMKilled into a crash loop), sends Ctrl-C (SIGINT) and prints kdiag's stdout and stderr.
 *
 *   npx tsx scripts/watch-demo.ts scan -n default -w [-o json]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeApiServer } from '../test/fake-apiserver/server.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { snapshotNow } from '../src/snapshot/source.js';
import type { PodRaw } from '../src/objects/index.js';

async function main() {
  const snap = await readSnapshot('fixtures/demo');
  const now = snapshotNow(snap);
  const server = await startFakeApiServer({ snapshot: snap, clock: () => now });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdiag-watch-demo-')), 'kubeconfig');
  server.writeKubeconfig(kubeconfig);
  const args = process.argv.slice(2);
  const child = spawn(process.execPath, ['bin/kdiag.js', ...args, '--kubeconfig', kubeconfig], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  while (!err.includes('watching')) await sleep(50);
  const get = (name: string) => JSON.parse(JSON.stringify(snap.pods.find((p) => p.metadata?.name === name && p.metadata?.namespace === 'default'))) as PodRaw;
  // backoff: the image fixed, the container running
  const fixed = get('backoff');
  fixed.spec!.containers![0]!.image = 'nginx:1.27';
  fixed.status!.phase = 'Running';
  fixed.status!.containerStatuses = [{ ...fixed.status!.containerStatuses![0]!, image: 'nginx:1.27', ready: true, started: true, state: { running: { startedAt: new Date(now - 5000).toISOString() } } }];
  fixed.status!.conditions = (fixed.status!.conditions ?? []).map((c) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'True', reason: undefined, message: undefined } : c));
  server.apply({ type: 'MODIFIED', resource: 'pods', object: fixed });
  await sleep(1500);
  server.apply({ type: 'DELETED', resource: 'pods', object: get('pending') });
  await sleep(1500);
  // running: killed for memory, now in a crash loop
  const oom = get('running');
  const cs = oom.status!.containerStatuses![0]!;
  oom.status!.containerStatuses = [{ ...cs, ready: false, started: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: new Date(now - 60000).toISOString(), finishedAt: new Date(now - 3000).toISOString() } } }];
  server.apply({ type: 'MODIFIED', resource: 'pods', object: oom });
  await sleep(1500);
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
  process.stdout.write(`--- stdout\n${out}--- stderr\n${err}`);
  await server.close();
}
void main();
