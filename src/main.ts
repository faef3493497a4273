import { packageVersion } from './paths.js';
import { mark } from './util/timing.js';

mark('entry');

// A reader that stops early (`kdiag --help | head -3`) closes the pipe: the rest of the
// output is dropped, and kdiag ends as it would have, without an 'error' event's stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // Answered here, as commander would print it (`<version>\n`, exit 0), without loading the
  // CLI: commander, the rule loader (ajv, yaml) and the renderers are a separate chunk that
  // only the other commands import. `kdiag --version` then costs little more than Node's start.
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { main } = await import('./cli.js');
  mark('cli loaded');
  process.exitCode = await main(argv, invokedAs(process.argv[1]));
}

/**
 * The name kdiag was started under, for its help: `kubectl diag` when run as the kubectl
 * plugin. kubectl runs the `kubectl-diag` it finds on PATH (npm's bin link, krew's symlink or
 * bin/kubectl-diag.js itself) with that path as the script, so the name is in process.argv[1]
 * (Node keeps the symlink's name there). https://kubernetes.io/docs/tasks/extend-kubectl/kubectl-plugins/
 */
function invokedAs(script: string | undefined): string {
  return /(?:^|[\\/])kubectl-diag(?:\.js)?$/.test(script ?? '') ? 'kubectl diag' : 'kdiag';
}
