// Writes dist/builtin-rules.json: the built-in rule files parsed once at build time, so the
// CLI does not parse 70 YAML files and compile the JSON Schema on every start (~0.4 s).
// The rules are validated by the test suite and `kdiag rules lint`; at run time kdiag only
// compiles their regexes. src/rules/load.ts falls back to the YAML files when any is newer.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
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
writeFileSync(join(root, 'dist', 'builtin-rules.json'), JSON.stringify({ kind: 'kdiag-builtin-rules', rules }));
