// Writes dist/builtin-rules.json: the built-in rule files parsed once at build time, so the
// CLI does not parse 70 YAML files and compile the JSON Schema on every start (~0.4 s).
// The rules are validated by the test suite and `kdiag rules lint`; at run time kdiag only
// compiles their regexes. src/rules/load.ts falls back to the YAML files when they are not the
// ones compiled here: `sources` is the CRC-32 of their paths and contents (see rulesDigest in
// load.ts; file times cannot tell, as npm gives every file it installs the time of the install).
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures') walk(p);
    } else if (/\.ya?ml$/.test(name)) files.push(p);
  }
};
walk(join(root, 'rules'));
const rules = files.map((f) => {
  const text = readFileSync(f, 'utf8');
  const line = text.split('\n').findIndex((l) => /^id:/.test(l)) + 1;
  return { ...parse(text), file: relative(root, f), line: line || 1 };
});
mkdirSync(join(root, 'dist'), { recursive: true });
let sources = 0;
for (const f of files) sources = crc32(readFileSync(f), crc32(`${relative(join(root, 'rules'), f).split(sep).join('/')}\0`, sources));
// written aside and renamed: a kdiag starting meanwhile (the tests run it while one of them
// recompiles) reads the old file or the new one, never half of one
const out = join(root, 'dist', 'builtin-rules.json');
writeFileSync(`${out}.${process.pid}`, JSON.stringify({ kind: 'kdiag-builtin-rules', sources, rules }));
renameSync(`${out}.${process.pid}`, out);
