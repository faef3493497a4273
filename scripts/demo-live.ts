/**
 * `npm run demo:live [-- kdiag args]`: serves fixtures/demo through the in-repo fake
 * Kubernetes API server (HTTPS, bearer token, real REST paths) and runs `kdiag scan -A`
 * against it with the real client and a generated kubeconfig. Arguments replace
 * `scan -A` (e.g. `npm run demo:live -- pod backoff -n default`). Exits with kdiag's code,
 * except 1 (findings), which is the demo working.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshot } from '../src/snapshot/read.js';
import { requestCounts, startFakeApiServer } from '../test/fake-apiserver/server.js';

const root = join(import.meta.dirname, '..');
const snapshot = await readSnapshot(join(root, 'fixtures', 'demo'));
const server = await startFakeApiServer({ snapshot });
const dir = mkdtempSync(join(tmpdir(), 'kdiag-demo-'));
const kubeconfig = join(dir, 'kubeconfig');
server.writeKubeconfig(kubeconfig);
const args = process.argv.slice(2);
const kdiagArgs = [...(args.length ? args : ['scan', '-A']), '--kubeconfig', kubeconfig];
process.stderr.write(`fake API server ${server.url} is serving fixtures/demo\n$ kdiag ${kdiagArgs.join(' ')}\n`);
const child = spawn(process.execPath, [join(root, 'bin', 'kdiag.js'), ...kdiagArgs], { stdio: 'inherit' });
const code: number = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 4)));
await server.close();
rmSync(dir, { recursive: true, force: true });
const kinds = requestCounts(server.requests);
process.stderr.write(`${server.requests.length} API requests (${Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(', ')}), all GET: ${server.requests.every((r) => r.method === 'GET')}\n`);
// exit 1 means "findings": what the demo is for, not a failure of the demo
process.exit(code === 1 ? 0 : code);
