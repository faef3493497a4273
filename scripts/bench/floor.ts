/**
 * The transfer floor: the paged GET requests `kdiag scan -A` must make for pods and events
 * (`/api/v1/pods` and `/api/v1/events` with `limit` + `continue`, kdiag's page sizes, both
 * chains at once as kdiag runs them), over HTTPS with the kubeconfig's CA and bearer token, with kdiag's
 * headers (`Accept: application/json`, `Accept-Encoding: gzip,deflate` as node-fetch sends
 * it), each body read (gunzipped when gzipped) and discarded. Only the continue token is
 * taken from a page: `metadata` precedes `items` in the apiserver's JSON, so it is in the
 * first chunk. Nothing is parsed, nothing kept: the least any client can do.
 *
 * Bundled by the harness with esbuild and run with plain `node` (no tsx start-up), so its
 * wall time includes a Node process start like kdiag's.
 *
 *   node floor.mjs KUBECONFIG POD_PAGE_SIZE EVENT_PAGE_SIZE
 * Prints `{"requests":N,"bytes":WIRE,"inflated":BYTES}` on stdout.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { createGunzip, createInflate } from 'node:zlib';
import { parse } from 'yaml';

interface Kubeconfig {
  'current-context': string;
  contexts: { name: string; context: { cluster: string; user: string } }[];
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
  users: { name: string; user: { token?: string } }[];
}

const [file, podPage, eventPage] = process.argv.slice(2);
if (!file || !(Number(podPage) > 0) || !(Number(eventPage) > 0)) {
  process.stderr.write('usage: node floor.mjs KUBECONFIG POD_PAGE_SIZE EVENT_PAGE_SIZE\n');
  process.exit(2);
}
const kc = parse(readFileSync(file, 'utf8')) as Kubeconfig;
const ctx = kc.contexts.find((c) => c.name === kc['current-context'])!.context;
const cluster = kc.clusters.find((c) => c.name === ctx.cluster)!.cluster;
const user = kc.users.find((u) => u.name === ctx.user)!.user;
const ca = cluster['certificate-authority-data'] ? Buffer.from(cluster['certificate-authority-data'], 'base64') : undefined;
const agent = new Agent({ keepAlive: true, ca });
let requests = 0;
let wire = 0;
let inflated = 0;

/** One GET: resolves with the continue token of the page (or '' on the last one). */
function page(path: string): Promise<string> {
  requests++;
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, cluster.server),
      { agent, headers: { Authorization: `Bearer ${user.token}`, Accept: 'application/json', 'Accept-Encoding': 'gzip,deflate' } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
        res.on('data', (c: Buffer) => (wire += c.length));
        const enc = res.headers['content-encoding'];
        const body = enc === 'gzip' ? res.pipe(createGunzip()) : enc === 'deflate' ? res.pipe(createInflate()) : res;
        let head = '';
        let token: string | undefined;
        body.on('data', (c: Buffer) => {
          inflated += c.length;
          if (token === undefined && head.length < 65536) {
            head += c.toString('latin1');
            const m = /"metadata":\{[^{}]*?"continue":"([^"]*)"/.exec(head);
            if (m) token = m[1];
            else if (/"items":/.test(head)) token = '';
          }
        });
        body.on('end', () => resolve(token ?? ''));
        body.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function chain(path: string, pageSize: number): Promise<void> {
  let cont = '';
  do {
    const q = new URLSearchParams({ limit: String(pageSize) });
    if (cont) q.set('continue', cont);
    cont = await page(`${path}?${q}`);
  } while (cont);
}

await Promise.all([chain('/api/v1/pods', Number(podPage)), chain('/api/v1/events', Number(eventPage))]);
process.stdout.write(`${JSON.stringify({ requests, bytes: wire, inflated })}\n`);
