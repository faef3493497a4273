#!/usr/bin/env node
// Entry point: the bundled build (npm run build) in dist/.
import('../dist/kdiag.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('kdiag: error: dist/kdiag.js is missing: run `npm run build` (or `npm ci`) first\n');
    process.exit(2);
  }
  throw e;
});
