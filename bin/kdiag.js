#!/usr/bin/env node
// Entry point: the bundled build (npm run build) in dist/.
import module from 'node:module';

// Node >= 22.1 keeps V8's compiled code of the bundle on disk (os.tmpdir()/node-compile-cache),
// so later runs skip most of parsing and compiling it; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// Node 20 has no such cache and ignores this.
module.enableCompileCache?.();
import('../dist/kdiag.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('kdiag: error: dist/kdiag.js is missing: run `npm run build` first\n');
    process.exit(2);
  }
  throw e;
});
