/** `npm run docs:rules`: regenerates docs/rules.md from the built-in rule files. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesDoc } from '../src/rules/docs.js';
import { loadRules } from '../src/rules/load.js';

const root = join(import.meta.dirname, '..');
process.chdir(root);
writeFileSync(join(root, 'docs', 'rules.md'), renderRulesDoc(loadRules()));
process.stderr.write('wrote docs/rules.md\n');
