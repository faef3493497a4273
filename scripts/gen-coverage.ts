/** `npm run docs:coverage`: regenerates docs/coverage.md from fixtures/corpus/*.yaml. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../src/rules/load.js';
import { loadCorpus, renderCoverage } from './coverage-table.js';
import { NO_MESSAGE_RULES } from './corpus-exempt.js';

const root = join(import.meta.dirname, '..');
process.chdir(root);
writeFileSync(join(root, 'docs', 'coverage.md'), renderCoverage(loadRules(), loadCorpus(root), NO_MESSAGE_RULES));
process.stderr.write('wrote docs/coverage.md\n');
