import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/engine/diagnose.js';
import { loadRules } from '../src/rules/load.js';
import { collectFromSnapshot } from '../src/snapshot/collect.js';
import { CATALOG_IDS, EXTRA_IDS, SEED_IDS } from './support/catalog.js';

/**
 * The data-driven rule test: every folder fixtures/rules/<rule-id>/ holds snapshots named
 * fire-* (every pod in it must get <rule-id> as its primary cause, findings[0]) and pass-*
 * (no pod may get <rule-id> at all). A snapshot is a kubectl -o yaml/json List file or a
 * cluster-info dump folder, exactly as kdiag --from reads them.
 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'rules');
const rules = loadRules();
const ruleIds = rules.map((r) => r.id).sort();
const dirs = existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : [];

describe('rule catalog', () => {
  it('uses only catalog ids (or declared extensions)', () => {
    const allowed = new Set<string>([...CATALOG_IDS, ...EXTRA_IDS]);
    expect(ruleIds.filter((id) => !allowed.has(id))).toEqual([]);
  });
  it('covers every status the seeds describe', () => {
    expect(SEED_IDS.filter((id) => !ruleIds.includes(id))).toEqual([]);
  });
  it.each(ruleIds)('%s has a firing and a non-firing fixture', (id) => {
    const cases = existsSync(join(FIXTURES, id)) ? readdirSync(join(FIXTURES, id)) : [];
    expect(cases.filter((c) => c.startsWith('fire-')).length, `fixtures/rules/${id}/fire-*`).toBeGreaterThan(0);
    expect(cases.filter((c) => c.startsWith('pass-')).length, `fixtures/rules/${id}/pass-*`).toBeGreaterThan(0);
  });
  it('has no fixture folder without a rule', () => {
    expect(dirs.filter((d) => !ruleIds.includes(d))).toEqual([]);
  });
});

const cases = dirs.flatMap((id) =>
  readdirSync(join(FIXTURES, id))
    .filter((c) => /^(fire|pass)-/.test(c) && !c.endsWith('.md'))
    .map((c) => ({ id, name: c, path: join(FIXTURES, id, c), fire: c.startsWith('fire-') })),
);

describe.each(cases)('fixtures/rules/$id/$name', ({ id, path, fire }) => {
  it(fire ? `gives ${id} as the primary cause` : `does not give ${id}`, async () => {
    const collected = await collectFromSnapshot(path, { namespace: null });
    expect(collected.pods.length).toBeGreaterThan(0);
    const report = buildReport(collected, rules, { lang: 'en', all: true });
    for (const p of report.pods) {
      const ids = p.findings.map((f) => f.ruleId);
      if (fire) {
        expect(ids[0], `${p.namespace}/${p.name} findings: ${ids.join(', ') || '(none)'}`).toBe(id);
        // the primary finding carries evidence and no unfilled placeholder
        expect(p.findings[0].evidence.length).toBeGreaterThan(0);
        expect(`${p.findings[0].title} ${p.findings[0].cause} ${p.findings[0].remediation}`).not.toMatch(/\{[A-Za-z_]+\}/);
      } else {
        expect(ids, `${p.namespace}/${p.name}`).not.toContain(id);
      }
    }
  });
});
