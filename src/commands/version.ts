import { stringify } from 'yaml';
import { KdiagError } from '../errors.js';
import { packageVersion } from '../paths.js';
import { DEFAULT_REQUEST_TIMEOUT, parseDuration } from './common.js';

/** Options of `kdiag version`, spelled as `kubectl version` spells them. */
export interface VersionOptions {
  /** `--client`: do not ask the server. */
  client?: boolean;
  /** `-o json|yaml`; absent: text lines. */
  output?: 'json' | 'yaml';
  kubeconfig?: string;
  context?: string;
  requestTimeout?: string;
}

/**
 * `kdiag version -o json|yaml`: kdiag's and Node's versions, and the API server's `/version`
 * answer as it came (`major`, `minor`, `gitVersion`, `platform` ...), null with `--client` or
 * when the server could not be asked. Fields are only added.
 */
export interface VersionReport {
  clientVersion: {
    /** kdiag's version (package.json). */
    kdiag: string;
    /** Node's version, `v22.12.0`. */
    node: string;
    /** `os/arch` in Go's words, as kubectl's clientVersion.platform: `linux/amd64`. */
    platform: string;
  };
  serverVersion: Record<string, unknown> | null;
}

/** Node's `process.arch` in Go's GOARCH words. */
const GOARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };

/**
 * `kdiag version`, as `kubectl version`: the client's versions, then the server's from
 * `GET /version` (not with `--client`). Text:
 * ```
 * Client Version: 0.1.0
 * Node Version: v22.12.0
 * Server Version: v1.32.4
 * ```
 * When the server cannot be asked, the client part is still printed (stdout) and the error is
 * returned for the CLI to print (exit 3), as kubectl prints its client version before
 * "The connection to the server ... was refused".
 * @returns stdout text, exit code 0, and the error when the server part failed
 * @throws KdiagError `USAGE` for an invalid --request-timeout (before anything is printed)
 */
export async function runVersion(opts: VersionOptions): Promise<{ stdout: string; exitCode: number; error?: KdiagError }> {
  const timeout = parseDuration(opts.requestTimeout ?? DEFAULT_REQUEST_TIMEOUT);
  const report: VersionReport = {
    clientVersion: { kdiag: packageVersion(), node: process.version, platform: `${process.platform}/${GOARCH[process.arch] ?? process.arch}` },
    serverVersion: null,
  };
  let error: KdiagError | undefined;
  if (!opts.client) {
    try {
      const { serverVersion } = await import('../kube/source.js');
      report.serverVersion = (await serverVersion({ kubeconfig: opts.kubeconfig, context: opts.context, requestTimeoutMs: timeout })).version;
    } catch (e) {
      if (!(e instanceof KdiagError)) throw e;
      error = e;
    }
  }
  return { stdout: renderVersion(report, opts.output, !opts.client && !error), exitCode: 0, error };
}

/**
 * The report as `-o json`, `-o yaml`, or kubectl's text lines (the Server line only when the
 * server answered; its `gitVersion`).
 */
export function renderVersion(r: VersionReport, output: VersionOptions['output'], withServer: boolean): string {
  if (output === 'json') return `${JSON.stringify(r, null, 2)}\n`;
  if (output === 'yaml') return stringify(r);
  const lines = [`Client Version: ${r.clientVersion.kdiag}`, `Node Version: ${r.clientVersion.node}`];
  if (withServer && r.serverVersion) lines.push(`Server Version: ${String(r.serverVersion.gitVersion ?? `${r.serverVersion.major ?? '?'}.${r.serverVersion.minor ?? '?'}`)}`);
  return `${lines.join('\n')}\n`;
}
