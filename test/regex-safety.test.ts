import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRulesDir, compileRegex, readRules, ruleRegexes } from '../src/rules/load.js';
import { regexRisk } from '../src/rules/regex-safety.js';

const ROOT = join(import.meta.dirname, '..');

describe('regexRisk', () => {
  it.each([
    // [source, flags, what the reason must name]
    ['(a|a)*', '', /catastrophically \(exponential time on a run of "a"\): the alternatives a and a of \(a\|a\)\*/],
    ['(a+)+', '', /catastrophically \(exponential time on a run of "a"\): a\+ repeats inside \(a\+\)\+/],
    ['(\\w+\\s?)*', '', /catastrophically \(exponential time .*\): \\w\+ repeats inside \(\\w\+\\s\?\)\*/],
    ['(\\w+\\s?)*$', '', /catastrophically/],
    ['(a|aa)*$', '', /catastrophically .*: one round of \(a\|aa\)\* can match what two rounds match/],
    ['(\\w|\\d)+x', '', /catastrophically .*: the alternatives \\w and \\d of \(\\w\|\\d\)\+/],
    ['"(?:\\\\.|[^"])*"', '', /catastrophically/],
    ['(a|A)*x', 'i', /catastrophically .*the alternatives a and A/],
    ['(a|b|a){10,20}x', '', /catastrophically \(2\^20 ways/],
    // polynomial backtracking within one attempt: cubic once start positions multiply it
    ['\\w+\\w+x', '', /polynomial time \(on a run of ".+"\): \\w\+ and \\w\+ can both match the run.*for example \/\\w\{2,\}x\//],
    ['^\\s*\\s+$', '', /polynomial time/],
    ['^(?:a+){3}x', '', /polynomial time .*: a\+ repeats inside \(\?:a\+\)\{3\}/],
  ])('rejects /%s/%s', (source, flags, reason) => {
    const risk = regexRisk(source, flags);
    expect(risk).toMatch(reason);
    expect(risk).toMatch(/; (rewrite|make) /); // says how to fix it
    expect(risk).not.toContain('\n');
  });

  it.each([
    ['^Insufficient (?<resource>\\S+)$', ''],
    ['^Readiness probe failed: ?(?<probeOutput>.*)$', 's'],
    ['(?<=exit code )\\d+', ''], // lookbehind: regexpp parses it, scslre analyses it
    ['(?<![\\w-])OOMKilled\\b', 'i'],
    ['"(?:\\\\.|[^"\\\\])*"', ''],
    ['(?:foo|foobar)*x', ''],
    ['(?:\\s+\\S+)*$', ''],
    ['(a|A)*x', ''], // without i the alternatives are disjoint
    ['(?:a|a){2}x', ''], // 4 ways at most: a constant, not a blow-up
    // a search from every start position is O(n²) at worst: ~17 ms on a 4096-character line
    ['[\\w.-]+ max limit', ''],
  ])('accepts /%s/%s', (source, flags) => {
    expect(regexRisk(source, flags)).toBeNull();
  });

  it('accepts every regex of the built-in and example rules', () => {
    const { rules, problems } = readRules([builtinRulesDir(), join(ROOT, 'examples', 'rules')]);
    expect(problems).toEqual([]);
    const regexes = rules.flatMap((r) => [r.match, ...(r.variants ?? []).map((v) => v.when)].flatMap((m) => ruleRegexes(m).map((x) => compileRegex(x.src))));
    expect(regexes.length).toBeGreaterThan(50);
    for (const re of regexes) expect([String(re), regexRisk(re.source, re.flags)]).toEqual([String(re), null]);
  });

  it('explains a pattern it cannot parse instead of throwing', () => {
    expect(regexRisk('(?<n>a)(?<n>b)')).toMatch(/^cannot be checked for catastrophic backtracking \(.*\); rewrite it/);
  });
});
