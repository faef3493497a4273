// Bundles src/main.ts into dist/ with esbuild: one file for start-up, plus a lazily
// loaded chunk for the live-cluster path (@kubernetes/client-node), so `kdiag --version`
// and snapshot runs never pay for importing the Kubernetes client.
//
// dist/ holds everything kdiag runs: the published package has no dependencies (they are
// all devDependencies), so nothing may be loaded from node_modules at run time. What is
// imported dynamically becomes a chunk of its own (e.g. @streamparser/json, which only a JSON
// snapshot over 64 MiB loads: src/snapshot/json-stream.ts); the two libraries that synchronous code
// loads on first use become CommonJS bundles beside it (see LAZY_CJS).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Libraries that synchronous code needs only on a rare path, bundled as CommonJS files of
 * their own in dist/ and require()d from there on first use (an ESM chunk cannot be loaded
 * synchronously): `dist/<name>.cjs` bundles `contents`, resolved from `resolveDir`.
 * - regex-safety-libs: scslre and refa (~1.1 MB, ~30 ms to evaluate), for validating rule
 *   files (src/rules/regex-libs.ts); a scan of the precompiled built-in rules never loads them.
 * - socks-proxy-agent (with socks and ip-address, ~13 ms to evaluate), constructed by
 *   client-node's KubeConfig only for a kubeconfig `proxy-url: socks5://...`; resolved from
 *   client-node's folder, as client-node itself would.
 */
const LAZY_CJS = {
  'regex-safety-libs': { contents: "module.exports = { scslre: require('scslre'), refa: require('refa') };", resolveDir: process.cwd() },
  // string-width builds an Intl.Segmenter when it loads (~10 ms, ~20 ms with its tables); the
  // layout (src/render/layout.ts) calls it only for text its fast paths cannot measure
  'string-width': { contents: "module.exports = require('string-width');", resolveDir: process.cwd() },
  // Ajv validates user rule files and .kdiag.yaml (src/rules/load.ts); the built-in rules are
  // precompiled (dist/builtin-rules.json), so a run without either never constructs one
  ajv: { contents: "module.exports = require('ajv');", resolveDir: process.cwd() },
  'socks-proxy-agent': {
    contents: "module.exports = require('socks-proxy-agent');",
    resolveDir: dirname(require.resolve('@kubernetes/client-node/package.json')),
  },
};

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
/**
 * The module that stands in the bundle for class `name` of `dist/<file>.cjs` (LAZY_CJS): a class
 * whose constructor requires the real one on first use and returns an instance of it.
 * `import.meta.url` is the chunk's, in dist/.
 */
const lazyClass = (file, name) => ({
  contents: `import { createRequire } from 'node:module';
let Real;
export class ${name} {
  constructor(...args) {
    Real ??= createRequire(import.meta.url)('./${file}.cjs').${name};
    return new Real(...args);
  }
}`,
  loader: 'js',
});

const trimUnused = {
  name: 'kdiag-trim-unused',
  setup(b) {
    const from = (args, part) => args.importer.split(sep).join('/').includes(part);
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      from(args, '/@kubernetes/client-node/dist/config.js') ? { path: 'client-node-gen', namespace: 'kdiag-stub' } : undefined,
    );
    b.onResolve({ filter: /^whatwg-url$/ }, (args) => (from(args, '/node-fetch/') ? { path: 'whatwg-url', namespace: 'kdiag-stub' } : undefined));
    // client-node's `import http from 'node:http'` (and https) through require(): on Node 22 the
    // ESM facade of node:http reads every export, one of them a getter that loads Node's
    // bundled undici (~35 ms of start-up that kdiag never uses)
    b.onResolve({ filter: /^node:https?$/ }, (args) =>
      from(args, '/@kubernetes/client-node/') ? { path: args.path, namespace: 'kdiag-cjs-builtin' } : undefined,
    );
    b.onLoad({ filter: /^node:https?$/, namespace: 'kdiag-cjs-builtin' }, (args) => ({
      contents: `import { createRequire } from 'node:module';
export default createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
    b.onResolve({ filter: /^socks-proxy-agent$/ }, (args) =>
      from(args, '/@kubernetes/client-node/dist/config.js') ? { path: 'socks-proxy-agent', namespace: 'kdiag-lazy' } : undefined,
    );
    // socks-proxy-agent: required from dist/socks-proxy-agent.cjs (LAZY_CJS) the first time a
    // kubeconfig's socks5 proxy-url is used; `import.meta.url` is the chunk's, in dist/
    b.onLoad({ filter: /^socks-proxy-agent$/, namespace: 'kdiag-lazy' }, () => lazyClass('socks-proxy-agent', 'SocksProxyAgent'));
    // string-width and ajv, imported by src/render and src/rules/load.ts: required from
    // dist/string-width.cjs and dist/ajv.cjs (LAZY_CJS) on the first call or construction
    b.onResolve({ filter: /^(string-width|ajv)$/ }, (args) => (from(args, '/src/') ? { path: args.path, namespace: 'kdiag-lazy' } : undefined));
    b.onLoad({ filter: /^string-width$/, namespace: 'kdiag-lazy' }, () => ({
      contents: `import { createRequire } from 'node:module';
let real;
export default function stringWidth(text, options) {
  real ??= createRequire(import.meta.url)('./string-width.cjs').default;
  return real(text, options);
}`,
      loader: 'js',
    }));
    b.onLoad({ filter: /^ajv$/, namespace: 'kdiag-lazy' }, () => lazyClass('ajv', 'Ajv'));
    // src/rules/regex-libs.ts requires scslre and refa from node_modules; the bundle requires
    // them from dist/regex-safety-libs.cjs (LAZY_CJS) instead
    b.onResolve({ filter: /^\.\/regex-libs\.js$/ }, (args) =>
      from(args, '/src/rules/regex-safety.ts') ? { path: 'regex-libs', namespace: 'kdiag-lazy' } : undefined,
    );
    b.onLoad({ filter: /^regex-libs$/, namespace: 'kdiag-lazy' }, () => ({
      contents: `import { createRequire } from 'node:module';
export function requireRegexLibs() { return createRequire(import.meta.url)('./regex-safety-libs.cjs'); }`,
      loader: 'js',
    }));
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

/**
 * Bundles jsonc-parser's ES module build (its `module` field). Its `main` is a UMD build whose
 * factory require()s its own files through a parameter, which esbuild cannot follow: the
 * bundle would require('./impl/format') from dist/ at run time and fail. Node, vitest and tsx,
 * which run src/ unbundled, keep `main` (the ES build's imports lack file extensions, which
 * Node's ESM loader refuses).
 */
const jsoncParserEsm = {
  name: 'kdiag-jsonc-parser-esm',
  setup(b) {
    const esm = require.resolve('jsonc-parser/lib/esm/main.js');
    b.onResolve({ filter: /^jsonc-parser$/ }, () => ({ path: esm }));
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
  plugins: [trimUnused, jsoncParserEsm],
  minifyWhitespace: true,
  minifySyntax: true,
  // CommonJS dependencies bundled into ESM need a require() of their own
  banner: { js: "import { createRequire as __kdiagCreateRequire } from 'node:module'; const require = __kdiagCreateRequire(import.meta.url);" },
});
for (const [name, { contents, resolveDir }] of Object.entries(LAZY_CJS)) {
  await build({
    stdin: { contents, resolveDir, sourcefile: `${name}.cjs`, loader: 'js' },
    outfile: `dist/${name}.cjs`,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    minifyWhitespace: true,
    minifySyntax: true,
  });
}
await import('./compile-rules.mjs');
