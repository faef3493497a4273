// Bundles src/main.ts into dist/ with esbuild: one file for start-up, plus a lazily
// loaded chunk for the live-cluster path (@kubernetes/client-node), so `kdiag --version`
// and snapshot runs never pay for importing the Kubernetes client.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { sep } from 'node:path';

/**
 * Leaves out two modules the live path imports but never runs, so starting a live command
 * does not parse and evaluate them (~0.9 MB of the ~1.5 MB live chunk):
 * - client-node's generated API client (`dist/gen/index.js`, ~700 model and API classes),
 *   imported by `config.js` only for `KubeConfig.makeApiClient()`; kdiag uses the
 *   KubeConfig to load kubeconfigs and authenticate its own GETs, and never makes an API client.
 * - `whatwg-url` (with tr46's Unicode tables), node-fetch 2's fallback for a missing
 *   `url.URL`: it reads `Url.URL || whatwgUrl.URL`, and Node always has `url.URL`.
 * The stubs throw if anything ever calls into them, so a future use fails loudly.
 */
const trimUnused = {
  name: 'kdiag-trim-unused',
  setup(b) {
    const from = (args, part) => args.importer.split(sep).join('/').includes(part);
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      from(args, '/@kubernetes/client-node/dist/config.js') ? { path: 'client-node-gen', namespace: 'kdiag-stub' } : undefined,
    );
    b.onResolve({ filter: /^whatwg-url$/ }, (args) => (from(args, '/node-fetch/') ? { path: 'whatwg-url', namespace: 'kdiag-stub' } : undefined));
    b.onLoad({ filter: /^client-node-gen$/, namespace: 'kdiag-stub' }, () => ({
      contents: `const no = () => { throw new Error('kdiag bundle: client-node API classes are not included (KubeConfig.makeApiClient is unsupported)'); };
export const createConfiguration = no;
export class ServerConfiguration { constructor() { no(); } }`,
      loader: 'js',
    }));
    b.onLoad({ filter: /^whatwg-url$/, namespace: 'kdiag-stub' }, () => ({
      contents: `module.exports = { get URL() { return globalThis.URL; } };`,
      loader: 'js',
    }));
  },
};

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
  plugins: [trimUnused],
  // CommonJS dependencies bundled into ESM need a require() of their own
  banner: { js: "import { createRequire as __kdiagCreateRequire } from 'node:module'; const require = __kdiagCreateRequire(import.meta.url);" },
});
await import('./compile-rules.mjs');
