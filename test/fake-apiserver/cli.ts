/**
 * Runs the fake apiserver on a snapshot until SIGINT/SIGTERM.
 *
 *   tsx test/fake-apiserver/cli.ts --from PATH [--port N] [--latency MS] [--token T] [--plain-http] [--namespace NS] --kubeconfig OUT
 *
 * --latency is in ms per response; --namespace sets the kubeconfig context namespace;
 * --plain-http serves http:// without authentication (an insecure port), unless --token is given.
 * PATH is anything `readSnapshot` accepts (a file or a cluster-info dump folder); every kind the
 * server serves (services, ingresses, endpointslices, workloads, ... see ./server.ts) is served
 * from the snapshot's `others`, whichever file of the folder holds it. Writes a
 * kubeconfig (mode 0600) to OUT, prints the URL and the kubeconfig path to stderr, and
 * exits 0 on SIGINT/SIGTERM, 2 on a usage or snapshot error.
 */
import { parseArgs } from 'node:util';
import { KdiagError } from '../../src/errors.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { startFakeApiServer } from './server.js';

const USAGE =
  'usage: tsx test/fake-apiserver/cli.ts --from PATH [--port N] [--latency MS] [--token T] [--plain-http] [--namespace NS] --kubeconfig OUT';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        from: { type: 'string' },
        port: { type: 'string', default: '0' },
        latency: { type: 'string', default: '0' },
        token: { type: 'string' },
        'plain-http': { type: 'boolean' },
        kubeconfig: { type: 'string' },
        namespace: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return 0;
  }
  const port = Number(values.port);
  const latencyMs = Number(values.latency);
  if (!values.from || !values.kubeconfig || !Number.isInteger(port) || port < 0 || !(latencyMs >= 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let snapshot;
  try {
    snapshot = await readSnapshot(values.from);
  } catch (e) {
    if (e instanceof KdiagError) {
      process.stderr.write(`fake-apiserver: ${e.message}${e.suggestion ? ` (${e.suggestion})` : ''}\n`);
      return 2;
    }
    throw e;
  }
  for (const w of snapshot.warnings) process.stderr.write(`fake-apiserver: warning: ${w}\n`);
  const server = await startFakeApiServer({ snapshot, port, latencyMs, token: values.token, plainHttp: values['plain-http'] });
  server.writeKubeconfig(values.kubeconfig, { namespace: values.namespace });
  process.stderr.write(
    `fake-apiserver: serving ${snapshot.pods.length} pods, ${snapshot.events.length} events, ${snapshot.nodes.length} nodes, ${snapshot.others.length} other objects at ${server.url}\n` +
      `fake-apiserver: kubeconfig written to ${values.kubeconfig}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`fake-apiserver: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
