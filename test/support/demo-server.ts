import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSnapshot } from '../../src/snapshot/read.js';
import { startFakeApiServer, type FakeApiServer, type FakeApiServerOptions } from '../fake-apiserver/server.js';

/** The bundled demo cluster (a `kubectl cluster-info dump` folder). */
export const DEMO = join(__dirname, '..', '..', 'fixtures', 'demo');

/**
 * The fake API server serving the demo cluster, and a kubeconfig for it whose context
 * namespace is `default`. The caller closes the server.
 */
export async function serveDemo(opts: Partial<FakeApiServerOptions> = {}): Promise<{ server: FakeApiServer; kubeconfig: string }> {
  const server = await startFakeApiServer({ snapshot: await readSnapshot(DEMO), ...opts });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), 'kdiag-demo-')), 'config');
  server.writeKubeconfig(kubeconfig, { namespace: 'default' });
  return { server, kubeconfig };
}
