#!/usr/bin/env node
// kubectl's plugin entry point: kubectl runs the first `kubectl-diag` on PATH for
// `kubectl diag ARGS`, with ARGS as they were typed. It is kdiag itself (bin/kdiag.js), which
// names itself `kubectl diag` in its help when started under this name (src/main.ts).
import './kdiag.js';
