import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../src/report/build.js';
import { diagnosePod } from '../src/engine/evaluate.js';
import { buildPodFacts, EventIndex } from '../src/facts/build.js';
import { FactsBuilder, type Collected } from '../src/facts/collect.js';
import type { EventRaw, KubeObject, PodRaw } from '../src/objects/index.js';
import { renderJson } from '../src/render/json.js';
import { renderPodDetail, renderScanTable } from '../src/render/table.js';
import { loadRules } from '../src/rules/load.js';
import { readSnapshot } from '../src/snapshot/read.js';

/**
 * Property test: the built-in rules never throw on mutated real pods and events, and the
 * report stays valid against schema/report.schema.json. Seeded and bounded here
 * (KDIAG_FUZZ_RUNS, default 300 mutated pod/event sets, ~10 s); `npm run fuzz` runs 20,000
 * with a random seed (KDIAG_FUZZ_SEED to replay one).
 */
const ROOT = join(__dirname, '..');
const RUNS = Number(process.env.KDIAG_FUZZ_RUNS ?? 300);
const SEED = Number(process.env.KDIAG_FUZZ_SEED ?? 20261122);
const rules = loadRules();
const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schema', 'report.schema.json'), 'utf8')));

/** Values a hostile or broken API object may hold anywhere. */
const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom('', 'CrashLoopBackOff', 'OOMKilled', 'Error', '0001-01-01T00:00:00Z', 'not-a-date', '\u001b]0;pwned\u0007', 'x'.repeat(10_000)),
  fc.string({ maxLength: 40 }),
  fc.constant([]),
  fc.constant({}),
);

/** Replaces, deletes or nulls one value at a random path of a JSON-like object. */
function mutate(obj: unknown, picks: number[], value: unknown, del: boolean): unknown {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let node: unknown = copy;
  for (let i = 0; i < picks.length; i++) {
    if (!node || typeof node !== 'object') return copy;
    const keys = Object.keys(node as object);
    if (!keys.length) return copy;
    const k = keys[picks[i] % keys.length];
    const child = (node as Record<string, unknown>)[k];
    if (i === picks.length - 1 || !child || typeof child !== 'object') {
      if (del) delete (node as Record<string, unknown>)[k];
      else (node as Record<string, unknown>)[k] = value;
      return copy;
    }
    node = child;
  }
  return copy;
}

describe('engine fuzz', async () => {
  const snap = await readSnapshot(join(ROOT, 'fixtures', 'demo'));
  const pods = snap.pods;
  const events = snap.events;
  const now = Date.parse('2026-11-20T03:00:00Z');

  it(`never throws and keeps the report valid on ${RUNS} mutated pod/event sets (seed ${SEED})`, async () => {
    const mutation = fc.record({
      pick: fc.nat(),
      path: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      value: junk,
      del: fc.boolean(),
      times: fc.integer({ min: 1, max: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.array(mutation, { maxLength: 6 }), async (podMuts, eventMuts) => {
        const ps = pods.map((p) => p as unknown);
        for (const m of podMuts) for (let t = 0; t < m.times; t++) ps[m.pick % ps.length] = mutate(ps[m.pick % ps.length], m.path.map((x) => x + t), m.value, m.del);
        const es = events.map((e) => e as unknown);
        for (const m of eventMuts) es[m.pick % es.length] = mutate(es[m.pick % es.length], m.path, m.value, m.del);
        // the mutated pods and two untouched ones, through the facts layer every source uses
        const chosen = new Set([...podMuts.map((m) => m.pick % ps.length), 0, 5]);
        const b = new FactsBuilder(() => now, null, true);
        b.sink.pods((ps as PodRaw[]).filter((_, i) => chosen.has(i)));
        b.sink.events(es as EventRaw[]);
        b.sink.nodes(snap.nodes);
        const { pods: facts, objects } = await b.finish(null);
        const collected: Collected = { pods: facts, objects, warnings: [], source: { type: 'snapshot', path: 'fuzz' } };
        const report = buildReport(collected, rules, { lang: 'en', all: true });
        // the rule index never hides a match, whatever the input
        for (const f of facts) expect(diagnosePod(f, rules, 'en')).toEqual(diagnosePod(f, rules, 'en', { unindexed: true }));
        const json = JSON.parse(renderJson(report));
        if (!validate(json)) throw new Error(JSON.stringify(validate.errors).slice(0, 500));
        for (const width of [80, 100, Infinity]) {
          renderScanTable(report, { color: false, width });
          renderPodDetail(report, { color: false, width, lang: 'ja' });
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);

  it('survives objects that are not objects at all', () => {
    const weird = [null, 42, 'pod', [], { metadata: null }, { status: { containerStatuses: [null, 1] } }, { spec: { containers: 'x' } }] as unknown as PodRaw[];
    const index = new EventIndex();
    for (const e of [null, 1, { involvedObject: null }, { involvedObject: { kind: 'Pod' } }] as unknown as KubeObject[]) index.add(e as EventRaw);
    for (const p of weird) {
      expect(() => buildReport({ pods: [buildPodFacts(p, [], null, now)], objects: [], warnings: [], source: { type: 'snapshot' } }, rules, { lang: 'zh', all: true })).not.toThrow();
    }
  });
});
