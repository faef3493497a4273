// Bundles src/main.ts into dist/ with esbuild: one file for start-up, plus a lazily
// loaded chunk for the live-cluster path (@kubernetes/client-node), so `kdiag --version`
// and snapshot runs never pay for importing the Kubernetes client.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { kdiag: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // CommonJS dependencies bundled into ESM need a require() of their own
  banner: { js: "import { createRequire as __kdiagCreateRequire } from 'node:module'; const require = __kdiagCreateRequire(import.meta.url);" },
});
