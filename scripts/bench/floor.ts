/**
 * The transfer floor: the paged GET requests `kdiag scan -A` must make for pods and events
 * (`/api/v1/pods` and `/api/v1/events` with `limit` + `continue`, kdiag's page sizes, both
 * chains at once as kdiag runs them), over HTTPS with the kubeconfig's CA and bearer token, with kdiag's
 * headers (`Accept: application/json`, `Accept-Encoding: gzip,deflate` as node-fetch sends
 * it), each body read (gunzipped when gzipped, in one piece) and discarded. Only the
 * continue token is taken from a page, from its first 4 KB (`metadata` precedes `items` in
 * the apiserver's JSON), and the next page is asked for at once, while the rest of the body
 * is still arriving. Decoding and the token are kdiag's own (src/kube/pages.ts decodeBody,
 * peekContinue): kdiag's transport without the parsing. Nothing is parsed, nothing kept: the
 * least any client can do.
 *
 * Bundled by the harness with esbuild and run with plain `node` (no tsx start-up), so its
 * wall time includes a Node process start like kdiag's.
 *
 *   node floor.mjs KUBECONFIG POD_PAGE_SIZE EVENT_PAGE_SIZE
 * Prints `{"requests":N,"bytes":WIRE,"inflated":BYTES}` on stdout.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { parse } from 'yaml';
import { continueAhead, decodeBody, peekContinue } from '../../src/kube/pages.js';

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

/**
 * One GET. Resolves `token` with the continue token of the page ('' on the last one) as soon
 * as the head of the body holds it, and `done` once the whole body is read and inflated, so
 * the next page can be asked for while this one is still being read (as kdiag does).
 */
function page(path: string): { token: Promise<string>; done: Promise<void> } {
  requests++;
  let gotToken!: (t: string) => void;
  const token = new Promise<string>((r) => (gotToken = r));
  const done = new Promise<void>((resolve, reject) => {
    const req = request(
      new URL(path, cluster.server),
      { agent, headers: { Authorization: `Bearer ${user.token}`, Accept: 'application/json', 'Accept-Encoding': 'gzip,deflate' } },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
        const enc = res.headers['content-encoding'] ?? null;
        const chunks: Buffer[] = [];
        let size = 0;
        let peeked = false;
        let found = false;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          size += c.length;
          if (peeked || size < 4096) return;
          // once, on the first 4 KB: the last page has no token, and is then read to its end
          peeked = true;
          const t = peekContinue({ body: Buffer.concat(chunks), coding: enc });
          if (t) {
            found = true;
            gotToken(t);
          }
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          wire += body.length;
          // the whole body in one job on the thread pool, as kdiag decodes it
          decodeBody(body, enc).then((out) => {
            inflated += out.length;
            // no token in the head: the last page (or a server that writes items first)
            if (!found) gotToken(continueAhead(out.toString('latin1', 0, 8192)) ?? '');
            resolve();
          }, reject);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
  done.catch(() => gotToken(''));
  return { token, done };
}

async function chain(path: string, pageSize: number): Promise<void> {
  const pending: Promise<void>[] = [];
  let cont = '';
  do {
    const q = new URLSearchParams({ limit: String(pageSize) });
    if (cont) q.set('continue', cont);
    const p = page(`${path}?${q}`);
    pending.push(p.done);
    cont = await p.token;
  } while (cont);
  await Promise.all(pending);
}

await Promise.all([chain('/api/v1/pods', Number(podPage)), chain('/api/v1/events', Number(eventPage))]);
process.stdout.write(`${JSON.stringify({ requests, bytes: wire, inflated })}\n`);
