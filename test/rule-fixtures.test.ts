import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/rules/load.js';
import { fixtureCases, runRuleFixtures } from '../src/commands/fixtures.js';
import { diagnoseObject, diagnosePod } from '../src/engine/evaluate.js';
import type { PodFacts } from '../src/facts/types.js';
import { collectFromSnapshot } from '../src/commands/collect.js';
import { CATALOG_IDS, EXTRA_IDS, SEED_IDS } from './support/catalog.js';

/**
 * The data-driven rule test (the same runner as `kdiag rules test`): every folder
 * fixtures/rules/<rule-id>/ holds snapshots named fire-* (every pod in it must get <rule-id>
 * as its primary cause) and pass-* (no pod may get <rule-id> at all).
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
  it('has a rule for every id of the failure catalog', () => {
    expect(CATALOG_IDS.filter((id) => !ruleIds.includes(id))).toEqual([]);
  });
  it.each(ruleIds)('%s has a firing and a non-firing fixture', (id) => {
    const cases = fixtureCases(FIXTURES, id);
    expect(cases.filter((c) => c.startsWith('fire-')).length, `fixtures/rules/${id}/fire-*`).toBeGreaterThan(0);
    expect(cases.filter((c) => c.startsWith('pass-')).length, `fixtures/rules/${id}/pass-*`).toBeGreaterThan(0);
  });
  it('has no fixture folder without a rule', () => {
    expect(dirs.filter((d) => !ruleIds.includes(d))).toEqual([]);
  });
});

describe('rule fixtures', async () => {
  const results = await runRuleFixtures(rules, FIXTURES);
  it('ran every case', () => {
    expect(results.length).toBe(dirs.reduce((n, d) => n + fixtureCases(FIXTURES, d).length, 0));
  });
  it.each(results.map((r) => [`${r.ruleId}/${r.name}`, r] as const))('%s', (_name, r) => {
    expect(r.problem).toBe('');
  });
});

describe('the rule index', () => {
  it('never hides a match: every fixture pod and object and the demo get the same findings as with every rule tried', async () => {
    const paths = [join(FIXTURES, '..', 'demo'), ...dirs.flatMap((d) => fixtureCases(FIXTURES, d).map((c) => join(FIXTURES, d, c)))];
    let pods = 0;
    let objects = 0;
    let objectFindings = 0;
    for (const path of paths) {
      const collected = await collectFromSnapshot(path, { namespace: null });
      for (const f of collected.pods) {
        pods++;
        expect(diagnosePod(f, rules, 'en'), `${path}: ${f.namespace}/${f.name}`).toEqual(diagnosePod(f, rules, 'en', { unindexed: true }));
      }
      // Services, Ingresses, pod controllers, PVCs: the index asks an object only the object rules' keys
      const causeOf = (p: PodFacts) => diagnosePod(p, rules, 'en')[0]?.ruleId ?? null;
      for (const o of collected.objects) {
        objects++;
        const found = diagnoseObject(o, rules, 'en', { causeOf });
        objectFindings += found.length;
        expect(found, `${path}: ${o.kind} ${o.namespace}/${o.name}`).toEqual(diagnoseObject(o, rules, 'en', { causeOf, unindexed: true }));
      }
    }
    expect(pods).toBeGreaterThan(250);
    expect(objects).toBeGreaterThan(50);
    expect(objectFindings).toBeGreaterThan(20);
  });
});
