import { packageVersion } from './paths.js';

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // Answered here, as commander would print it (`<version>\n`, exit 0), without loading the
  // CLI: commander, the rule loader (ajv, yaml) and the renderers are a separate chunk that
  // only the other commands import. `kdiag --version` then costs little more than Node's start.
  process.stdout.write(`${packageVersion()}\n`);
} else {
  const { main } = await import('./cli.js');
  process.exitCode = await main(argv);
}
