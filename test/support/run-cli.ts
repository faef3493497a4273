import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const KDIAG = join(ROOT, 'bin', 'kdiag.js');

/** Proxy variables, cleared for the child: a test sets the ones it means. */
const NO_PROXY_ENV = { HTTPS_PROXY: undefined, https_proxy: undefined, HTTP_PROXY: undefined, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };

/**
 * Runs the built kdiag (bin/kdiag.js -> dist/) as a child process; never throws on a non-zero exit.
 * Proxy variables are cleared for the child (a test sets the ones it means): kdiag honours
 * them as kubectl does, and a proxy of the machine running the tests must not see (or break)
 * a test's requests.
 * @param stdin text piped to its standard input, which is then closed (default: no stdin, /dev/null)
 */
export function runKdiag(args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [KDIAG, ...args], {
      env: { ...process.env, ...NO_PROXY_ENV, NO_COLOR: undefined, FORCE_COLOR: undefined, KDIAG_LANG: undefined, LANG: 'C.UTF-8', LC_ALL: undefined, ...env },
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (stdin !== undefined) {
      child.stdin!.on('error', () => {}); // kdiag may exit before reading it all
      child.stdin!.end(stdin);
    }
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The executable `cmd` on PATH (as a shell finds it), or undefined: tests that need a tool skip or fail on it. */
export function findOnPath(cmd: string): string | undefined {
  for (const d of (process.env.PATH ?? '').split(delimiter)) {
    if (!d) continue;
    try {
      accessSync(join(d, cmd), constants.X_OK);
      return join(d, cmd);
    } catch {
      // not here
    }
  }
  return undefined;
}
