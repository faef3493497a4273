import type { AST } from '@eslint-community/regexpp';
import type { CharSet, ReadonlyWordSet } from 'refa';
import type { Report } from 'scslre';
import { requireRegexLibs, type RegexLibs } from './regex-libs.js';

type Scslre = RegexLibs['scslre'];
type Refa = RegexLibs['refa'];

/**
 * scslre and refa (~1.1 MB of JavaScript, ~30 ms to evaluate) are needed only when a rule
 * file is validated (`rules lint`, `--rules` files, tests), never for a scan of the
 * precompiled built-ins: they are loaded on first use (see regex-libs.ts), so neither the
 * bundle's start-up nor its size pays for them.
 */
let libs: RegexLibs | undefined;
function load(): RegexLibs {
  return (libs ??= requireRegexLibs());
}

/** Largest automaton (states) built for one ambiguity check; bigger ones are not proved ambiguous. */
const MAX_NODES = 20_000;

/**
 * Smallest bounded maximum (`{0,10}`) checked for ambiguity like `*`: k ambiguous rounds give
 * up to 2^k ways per start position, 1024 at k = 10; below that the blow-up stays a constant.
 */
const MANY_ROUNDS = 10;

/**
 * Why a rule's regex would be unsafe to run on workload text, or null when it is safe.
 *
 * Returns one line: the kind of blow-up, the fragment at fault (as written in the pattern),
 * the character whose repetition triggers it, and how to fix it (with scslre's rewrite when
 * it has one), e.g. `may backtrack catastrophically (exponential time on a run of "a"):
 * \w+ repeats inside (\w+\s?)*; ...`. Never throws: a pattern the analysers cannot parse
 * gets a reason too.
 *
 * Two analyses run, both over the pattern's regexpp AST:
 * 1. scslre (https://github.com/RunDevelopment/scslre) finds the quantifiers that trade
 *    characters with each other (`Trade`, `\d+\w+`), with themselves under a repeated parent
 *    (`Self`, `(a+)+`), or that the search re-runs from every start position (`Move`, `\w+x`).
 *    It is told that a rejecting suffix always exists (`assumeRejectingSuffix`): `(a+)+` alone
 *    cannot fail, but the next edit (`(a+)+x`) makes it exponential, so it is rejected now.
 * 2. scslre misses ambiguity without a nested quantifier (`(a|a)*` gets only a `Move`), so
 *    under each quantifier that is unbounded (or bounded at {@link MANY_ROUNDS} or more),
 *    refa (scslre's automata library) checks that no two alternatives of a group can match
 *    one non-empty text (`(a|a)*`, `(\w|\d)*`) and that one round cannot match what two
 *    rounds match (`(a|aa)*`, `"(?:\\.|[^"])*"`): either gives 2ⁿ ways to match n copies of
 *    that text. Lookarounds count as matching anything (so more is rejected, never less);
 *    backreferences are left out. V8 turns `(?:a|b|a)` into a class and would survive it;
 *    the rewrite (`[ab]`) is trivial, so it is rejected all the same.
 *
 * What is accepted: only scslre's `Move` reports. The engine cuts every text it matches to
 * MAX_MATCH_CHARS (4096) characters, and a `Move` alone is O(n²) over start positions:
 * 4096 × 4096 steps, ~17 ms for `/[\w.-]+ max limit/` on 4096 letters (Node 20), for
 * each of at most 16 such lines in a 64 KiB log tail. `Trade` and `Self` backtrack inside
 * one attempt: quadratic when anchored (`/^\w+\w+x/`, ~13 ms) but cubic as soon as the
 * start positions or a third quantifier multiply it (`/\w+\w+x/`, `/^\w+\d*\w+x/`,
 * `/^(?:a+){3}x/`: 17 to 23 s on 4096 characters). scslre reports causes, not degrees, so a
 * quadratic `Trade` cannot be told from one that turns cubic: every `Trade` and `Self` is
 * rejected, like every exponential report.
 *
 * @param source the pattern between the slashes of a rule's `'/pattern/flags'`
 * @param flags the flags after the last slash (`i`, `s`, `m`, `u` change what a pattern
 *   matches, so they change the analysis)
 */
export function regexRisk(source: string, flags = ''): string | null {
  const { scslre, refa } = load();
  let result: ReturnType<Scslre['analyse']>;
  try {
    result = scslre.analyse({ source, flags }, { assumeRejectingSuffix: true });
  } catch (e) {
    return `cannot be checked for catastrophic backtracking (${(e as Error).message.replace(/^Invalid regular expression: /, '')}); rewrite it with the syntax of Node 20's RegExp`;
  }
  const reports = result.reports.filter((r) => r.type !== 'Move');
  const exponential = reports.find((r) => r.exponential);
  if (exponential) return describe(exponential, true);
  const ambiguous = ambiguity(refa, result.parsed);
  if (ambiguous) return ambiguous;
  return reports.length ? describe(reports[0], false) : null;
}

function describe(r: Report, exponential: boolean): string {
  const on = `on a run of ${JSON.stringify(r.character.pick)}`;
  const fixed = r.fix();
  const example = fixed ? `, for example /${fixed.source}/${fixed.flags}` : '';
  if (r.type === 'Self') {
    const head = exponential ? `may backtrack catastrophically (exponential time ${on})` : `may backtrack in polynomial time (${on})`;
    return `${head}: ${r.quant.raw} repeats inside ${r.parentQuant.raw}, so every way to split the run between the rounds is tried${exponential ? '' : ', which can take seconds on one 4096-character line'}; rewrite it so that no repeated group contains a repetition that can match the same text${example}`;
  }
  if (r.type === 'Trade') {
    const head = exponential ? `may backtrack catastrophically (exponential time ${on})` : `may backtrack in polynomial time (${on})`;
    return `${head}: ${r.startQuant.raw} and ${r.endQuant.raw} can both match the run, so every split between them is tried, which can take seconds on one 4096-character line; make them match different characters${example}`;
  }
  return `may backtrack (${on}) at ${r.quant.raw}${example}`;
}

type Node = AST.Node;
type Parsed = { pattern: AST.Pattern; flags: AST.Flags };

/**
 * The reason for the first repeated ambiguity found (see {@link regexRisk}, analysis 2), or
 * null. Each check intersects two automata (refa's `getIntersectionWordSets`) and keeps the
 * first non-empty word they share: that text, repeated, has 2ⁿ parses.
 */
function ambiguity(refa: Refa, parsed: Parsed): string | null {
  const parser = refa.JS.Parser.fromAst(parsed);
  const nfaOf = (el: AST.Element | AST.Alternative): InstanceType<Refa['NFA']> | null => {
    try {
      const { expression, maxCharacter } = parser.parseElement(el, { backreferences: 'disable', assertions: 'ignore', maxNodes: MAX_NODES });
      const nfa = refa.NFA.fromRegex(expression, { maxCharacter }, { assertions: 'ignore', unknowns: 'disable', infinityThreshold: 100 }, new refa.NFA.LimitedNodeFactory(MAX_NODES));
      nfa.withoutEmptyWord();
      return nfa.isEmpty ? null : nfa;
    } catch {
      return null; // too large to build: not proved ambiguous (scslre has still looked at it)
    }
  };
  const shared = (a: InstanceType<Refa['NFA']>, b: InstanceType<Refa['NFA']>): string | null => {
    try {
      for (const ws of refa.getIntersectionWordSets(a, b, MAX_NODES)) if (ws.length) return wordOf(ws);
    } catch {
      /* too large: not proved */
    }
    return null;
  };
  const many = (n: Node): n is AST.Quantifier => n.type === 'Quantifier' && n.max >= MANY_ROUNDS;
  const repeated = (n: Node): AST.Quantifier | null => {
    for (let p: Node | null = n.parent; p; p = p.parent) if (many(p)) return p;
    return null;
  };
  const head = (q: AST.Quantifier, word: string) =>
    `may backtrack catastrophically (${q.max === Infinity ? 'exponential time' : `2^${q.max} ways`} on a run of ${JSON.stringify(word)})`;
  let found: string | null = null;
  const visit = (n: Node): void => {
    if (found) return;
    if (many(n)) {
      const one = nfaOf(n.element);
      if (one) {
        const two = one.copy();
        two.append(one);
        const w = shared(one, two);
        if (w !== null) {
          found = `${head(n, w)}: one round of ${n.raw} can match what two rounds match, so every way to split the run is tried; make each round end at a character the next round cannot start with`;
          return;
        }
      }
    }
    if ((n.type === 'Group' || n.type === 'CapturingGroup') && n.alternatives.length > 1) {
      const q = repeated(n);
      if (q) {
        const nfas = n.alternatives.map((a) => nfaOf(a));
        for (let i = 0; i < nfas.length && !found; i++)
          for (let j = i + 1; j < nfas.length && !found; j++) {
            const a = nfas[i];
            const b = nfas[j];
            const w = a && b ? shared(a, b) : null;
            if (w !== null)
              found = `${head(q, w)}: the alternatives ${n.alternatives[i].raw} and ${n.alternatives[j].raw} of ${q.raw} can both match it; make the alternatives match different text`;
          }
        if (found) return;
      }
    }
    for (const c of children(n)) visit(c);
  };
  visit(parsed.pattern);
  return found;
}

function children(n: Node): readonly Node[] {
  switch (n.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
      return n.alternatives;
    case 'Assertion':
      return n.kind === 'lookahead' || n.kind === 'lookbehind' ? n.alternatives : [];
    case 'Alternative':
      return n.elements;
    case 'Quantifier':
      return [n.element];
    default:
      return [];
  }
}

/** A readable text of the word set: per position, a printable ASCII character when the set has one. */
function wordOf(ws: ReadonlyWordSet): string {
  const pick = (cs: CharSet): string => {
    for (const c of ['a', '0', ' ', '.']) if (cs.has(c.codePointAt(0)!)) return c;
    for (const r of cs.ranges) if (r.max >= 0x21 && r.min <= 0x7e) return String.fromCodePoint(Math.max(r.min, 0x21));
    return String.fromCodePoint(cs.ranges[0].min);
  };
  return ws.map(pick).join('');
}
