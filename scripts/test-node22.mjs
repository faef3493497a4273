// Runs the command-line test suites (every command a fresh `kdiag` process) under Node 22, the
// other major version kdiag supports besides the Node 20 the main test run uses. The Node 22
// binary comes from the npm registry (the `node-<platform>-<arch>` package the `node` package
// installs), unpacked once into .cache/node22/.
//
//   npm run test:node22            # exit code of vitest; 0 with a note when no binary exists for this platform
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const VERSION = '22';
const root = join(import.meta.dirname, '..');
const cache = join(root, '.cache', `node${VERSION}`);
const bin = join(cache, 'package', 'bin', 'node');
const pkg = `node-${process.platform}-${process.arch}@${VERSION}`;
const SUITES = ['test/cli.test.ts', 'test/demo.test.ts', 'test/live-access.test.ts', 'test/faults.test.ts', 'test/kubectl-protocol.test.ts', 'test/rules-tooling.test.ts', 'test/completion.test.ts', 'test/package.test.ts', 'test/kubectl-output.test.ts', 'test/connect.test.ts', 'test/version.test.ts', 'test/usage-errors.test.ts', 'test/progress.test.ts', 'test/layout.test.ts', 'test/lint.test.ts', 'test/ingress.test.ts', 'test/service-chain.test.ts', 'test/workload-view.test.ts', 'test/formats.test.ts', 'test/html-report.test.ts', 'test/fleet.test.ts', 'test/dump.test.ts', 'test/watch.test.ts'];

if (!['linux', 'darwin'].includes(process.platform)) {
  console.log(`test:node22: no ${pkg} package for this platform; skipped`);
  process.exit(0);
}
if (!existsSync(bin)) {
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  execFileSync('npm', ['pack', pkg, '--silent'], { cwd: cache, stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(cache).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${pkg} wrote no tarball`);
  execFileSync('tar', ['xzf', tgz], { cwd: cache });
  rmSync(join(cache, tgz));
}
const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
console.log(`test:node22: ${version} (${bin})`);
const r = spawnSync(bin, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...SUITES, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
