import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileRegex, loadRules, ruleRegexes } from '../src/rules/load.js';
import { parseSchedulingMessage } from '../src/facts/build.js';
import { runRuleFixtures } from '../src/commands/fixtures.js';
import type { Rule } from '../src/rules/schema.js';
import { loadCorpus, renderCoverage, type CorpusEntry } from '../scripts/coverage-table.js';
import { NO_MESSAGE_RULES } from '../scripts/corpus-exempt.js';
import { ROOT } from './support/run-cli.js';

/**
 * The corpus of message variants (fixtures/corpus/*.yaml): every variant is real text with a
 * source, sits in a fire fixture of its rule, and the rule's regexes match it; every pod and
 * container rule has a variant (or is exempt for matching no text); docs/coverage.md is current.
 */
process.chdir(ROOT);
const rules = loadRules();
const byId = new Map(rules.map((r) => [r.id, r]));
const corpus = loadCorpus(ROOT);
const label = (e: CorpusEntry) => `${e.rule} ${e.field}: ${e.example.slice(0, 70)}`;

/** Every string of a fixture: the parsed YAML List, or a folder's JSON values and log lines. */
function fixtureStrings(path: string): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (typeof x === 'string') out.push(x);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  if (statSync(path).isFile()) walk(parse(readFileSync(path, 'utf8')));
  else {
    const dir = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) dir(p);
        else if (f.endsWith('.json')) walk(JSON.parse(readFileSync(p, 'utf8')));
        else if (f.endsWith('.txt')) out.push(...readFileSync(p, 'utf8').split('\n'));
      }
    };
    dir(path);
  }
  return out;
}

/** The rule's regexes (match block and variants' `when`), compiled. */
const regexesOf = (r: Rule) => [...ruleRegexes(r.match), ...(r.variants ?? []).flatMap((v, i) => ruleRegexes(v.when, ['variants', i, 'when']))].map((x) => compileRegex(x.src));
/** The plain (non-regex) strings of the rule's match block: reasons, types. */
function literals(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string' && !x.startsWith('/')) out.push(x);
  else if (Array.isArray(x)) x.forEach((y) => literals(y, out));
  else if (x && typeof x === 'object') Object.values(x).forEach((y) => literals(y, out));
  return out;
}
/** A regex matches the text, or one reason of it when it is a FailedScheduling message (the scheduling predicate's input). */
const regexMatches = (r: Rule, text: string) =>
  regexesOf(r).some((re) => re.test(text) || (parseSchedulingMessage(text)?.reasons ?? []).some((s) => re.test(s.text)));

describe('the message-variant corpus', () => {
  it('has one file per rule category of pod/container rules, each entry complete', () => {
    const cats = new Set(rules.filter((r) => r.scope === 'pod' || r.scope === 'container').map((r) => r.category));
    expect(new Set(corpus.map((e) => basename(e.file!, '.yaml')))).toEqual(cats);
    for (const e of corpus) {
      for (const k of ['rule', 'component', 'versions', 'runtime', 'field', 'example', 'source', 'fixture'] as const)
        expect(typeof e[k] === 'string' && e[k].length > 0, `${label(e)}: ${k}`).toBe(true);
      expect(['containerd', 'cri-o', 'docker', 'any'], label(e)).toContain(e.runtime);
      // versions: Kubernetes versions, or the runtime's where it writes the text; `any` for an application's log lines
      if (e.component.startsWith('application')) expect(e.versions, label(e)).toBe('any');
      else expect(e.versions, label(e)).toMatch(/^(?:(?:runc|containerd|cri-o) )?(?:<=)?1\.\d+(?:\+|-1\.\d+)?$/);
      expect(e.field, label(e)).toMatch(/^(?:event\.message|(?:state|lastState)\.(?:waiting|terminated)\.(?:message|reason)|condition\.message|status\.message|log)$/);
      // a named source: a source path, an issue/PR, or a project's documented text
      expect(e.source, label(e)).toMatch(/[\w.-]+\/[\w.-]+|\.go\b|#\d+/);
      expect(byId.get(e.rule)?.category, `${label(e)} in ${e.file}`).toBe(basename(e.file!, '.yaml'));
    }
  });

  it('names each variant once per rule', () => {
    const keys = corpus.map((e) => `${e.rule}\u0000${e.example}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it.each(corpus.map((e) => [label(e), e] as const))('%s: its fixture is a fire case of the rule and holds the text', (_l, e) => {
    expect(e.fixture.startsWith(`fixtures/rules/${e.rule}/fire-`), e.fixture).toBe(true);
    const path = join(ROOT, e.fixture);
    expect(existsSync(path), e.fixture).toBe(true);
    const strings = fixtureStrings(path);
    expect(strings.some((s) => s === e.example || s.includes(e.example)), `${e.fixture} does not contain the example`).toBe(true);
    if (e.event_reason) expect(strings, e.fixture).toContain(e.event_reason);
  });

  it.each(corpus.map((e) => [label(e), e] as const))('%s: the rule matches it', (_l, e) => {
    const rule = byId.get(e.rule)!;
    expect(rule, e.rule).toBeDefined();
    if (e.matched_by_reason) {
      // the rule keys on the reason that comes with this message, not on its text
      expect(literals(rule.match), `${e.rule} does not match reason ${e.matched_by_reason}`).toContain(e.matched_by_reason);
      expect(fixtureStrings(join(ROOT, e.fixture)), e.fixture).toContain(e.matched_by_reason);
    } else if (/\.reason$/.test(e.field)) {
      expect(literals(rule.match), e.rule).toContain(e.example);
    } else {
      expect(regexMatches(rule, e.example), `no regex of ${e.rule} matches: ${e.example}`).toBe(true);
    }
  });

  it('every fixture of the corpus gives its rule as the primary cause', async () => {
    const ids = [...new Set(corpus.map((e) => e.rule))];
    const results = await runRuleFixtures(rules, join(ROOT, 'fixtures', 'rules'), ids);
    const byPath = new Map(results.map((r) => [`fixtures/rules/${r.ruleId}/${r.name}`, r]));
    for (const e of corpus) {
      const r = byPath.get(e.fixture);
      expect(r?.expect, e.fixture).toBe('fire');
      expect(r?.problem, e.fixture).toBe('');
    }
  });

  it('covers every pod and container rule, or says why the rule matches no message', () => {
    const scoped = rules.filter((r) => r.scope === 'pod' || r.scope === 'container').map((r) => r.id);
    const covered = new Set(corpus.map((e) => e.rule));
    expect(scoped.filter((id) => !covered.has(id) && !(id in NO_MESSAGE_RULES))).toEqual([]);
    // the exemptions stay honest: real pod/container rules, and none that has variants after all
    expect(Object.keys(NO_MESSAGE_RULES).filter((id) => !scoped.includes(id) || covered.has(id))).toEqual([]);
    // and each exempt rule indeed has no regex on message text
    for (const id of Object.keys(NO_MESSAGE_RULES)) expect(regexesOf(byId.get(id)!).filter((re) => !/^\^Stopping container /.test(re.source)), id).toEqual([]);
  });

  it('holds the version and runtime differences the rules must cope with', () => {
    const has = (rule: string, re: RegExp, versions?: string, runtime?: string) =>
      corpus.some((e) => e.rule === rule && re.test(e.example) && (!versions || e.versions === versions) && (!runtime || e.runtime === runtime));
    expect(has('image-not-found', /: not found$/, undefined, 'containerd')).toBe(true);
    expect(has('image-not-found', /manifest unknown$/, undefined, 'cri-o')).toBe(true);
    expect(has('image-not-found', /Error response from daemon: manifest for \S+ not found/, undefined, 'docker')).toBe(true);
    expect(has('image-pull-unauthorized', /^Failed to pull image "[^"]+": failed to pull and unpack/, '1.28+')).toBe(true);
    expect(has('image-registry-unreachable', /^Back-off pulling image "[^"]+": ErrImagePull: /, '1.32+')).toBe(true);
    expect(has('insufficient-resources', /^0\/\d+ nodes are available: [^.]*\.$/)).toBe(true);
    expect(has('insufficient-resources', /preemption: /)).toBe(true);
    expect(has('taint-not-tolerated', /that the pod didn't tolerate/, '1.18-1.24')).toBe(true);
    expect(has('probe-port-not-exposed', /errored and resulted in unknown state/, '1.33+')).toBe(true);
    expect(has('command-not-found', /executable file `[^`]+` not found/, undefined, 'cri-o')).toBe(true);
  });
});

describe('docs/coverage.md', () => {
  it('is generated from the corpus and up to date (run `npm run docs:coverage`)', () => {
    const want = renderCoverage(rules, corpus, NO_MESSAGE_RULES);
    expect(readFileSync(join(ROOT, 'docs', 'coverage.md'), 'utf8')).toBe(want);
    expect(want).not.toContain('NOT COVERED');
  });
});
