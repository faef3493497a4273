import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { crc32 } from 'node:zlib';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { KdiagError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { LANGS } from '../lang.js';
import { PLACEHOLDERS } from '../predicates/placeholders.js';
import { allPredicates, compileMatch, matchKeys } from '../predicates/match.js';
import { MatchSchema } from '../predicates/registry.js';
import { regexRisk } from './regex-safety.js';
import { RuleSchema, type Rule, type RuleSource } from './schema.js';

/** The rule schema as one JSON Schema document (what schema/rule.schema.json holds): the rule, with the match block under `definitions`. */
export function ruleJsonSchema(): Record<string, unknown> {
  // one object for the process: parseYamlWithSchema caches its compiled validator by schema
  ruleSchemaDoc ??= { $schema: 'http://json-schema.org/draft-07/schema#', ...RuleSchema, definitions: { match: MatchSchema } };
  return ruleSchemaDoc;
}
let ruleSchemaDoc: Record<string, unknown> | undefined;

/** One problem found in a rule file, positioned for an editor (1-based line and column). */
export interface RuleProblem {
  file: string;
  line: number;
  col: number;
  /** ajv keyword (`required`, `enum` ...) or a kdiag code (`yaml`, `regex`, `regex-unsafe`, `placeholder`, `id`, `duplicate`, `overrides`). */
  code: string;
  message: string;
}

/** Formats a problem as `file:line:col code message`, the form editors and CI annotate. */
export function formatProblem(p: RuleProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.code} ${p.message}`;
}

const validators = new Map<string | object, ValidateFunction>();
/** The compiled validator of `schema/<name>`, or of a schema object (compiled once per process). */
function validator(schema: string | object): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    const json = typeof schema === 'string' ? JSON.parse(readFileSync(join(packageRoot(), 'schema', schema), 'utf8')) : schema;
    v = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(json);
    validators.set(schema, v);
  }
  return v;
}

/**
 * The schema errors of one document, one per mistake: the branch errors of a union are
 * folded into the union's own error, and an unknown key next to a missing required key of a
 * similar spelling (`sevrity` for `severity`) is one problem.
 */
function schemaProblems(errors: ErrorObject[]): { path: (string | number)[]; code: string; message: string }[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inUnion = (e: ErrorObject) => unions.some((u) => u !== e && e.schemaPath.startsWith(`${u.schemaPath.replace(/\/(anyOf|oneOf)$/, '')}/`) && e.instancePath.startsWith(u.instancePath));
  const kept = errors.filter((e) => !inUnion(e));
  const out: { path: (string | number)[]; code: string; message: string }[] = [];
  // a misspelt key is one mistake, not an unknown key plus a missing one
  const twins = new Map<ErrorObject, string>();
  for (const e of kept.filter((x) => x.keyword === 'additionalProperties')) {
    const prop = (e.params as { additionalProperty: string }).additionalProperty;
    const twin = kept.find((m) => m.keyword === 'required' && !twins.has(m) && m.instancePath === e.instancePath && close(prop, (m.params as { missingProperty: string }).missingProperty));
    if (twin) {
      twins.set(twin, prop);
      twins.set(e, (twin.params as { missingProperty: string }).missingProperty);
    }
  }
  for (const e of kept) {
    const at = e.instancePath || '/';
    if (e.keyword === 'required' && twins.has(e)) continue;
    if (e.keyword === 'additionalProperties') {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      out.push({ path: [...ajvPath(e), prop], code: e.keyword, message: `${at} has unknown property '${prop}'${twins.has(e) ? ` (did you mean '${twins.get(e)}'?)` : ''}` });
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const branches = ((e.schema as { const?: unknown }[]) ?? []).map((b) => b.const);
      const parent = e.parentSchema as { title?: string; description?: string } | undefined;
      const what = branches.every((b) => b !== undefined) ? `one of ${branches.join(', ')}` : (parent?.title ?? parent?.description ?? 'one of the allowed forms');
      out.push({ path: ajvPath(e), code: 'enum', message: `${at} must be ${what}` });
    } else {
      const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
      out.push({ path: ajvPath(e), code: e.keyword, message: `${at} ${e.message}${allowed}` });
    }
  }
  return out;
}

/** Whether two keys differ by at most two edits (a typo). */
function close(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 2) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] <= 2;
}

/**
 * Parses a YAML file and validates it against `schema/<schemaName>`, reporting every
 * problem (YAML syntax or schema) with its line and column, one per mistake. Used for rule
 * files and the config file.
 * @param schemaName a file of `schema/`, or a schema object
 * @returns the parsed document (for positions), its data when valid, and the problems
 */
export function parseYamlWithSchema(
  text: string,
  schemaName: string | object,
  displayPath: string,
): { doc: Document; lc: LineCounter; data?: unknown; valid?: boolean; problems: RuleProblem[]; add: (path: (string | number)[], code: string, message: string) => void } {
  const problems: RuleProblem[] = [];
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const add = (path: (string | number)[], code: string, message: string) => {
    const { line, col } = position(doc, lc, path);
    problems.push({ file: displayPath, line, col, code, message });
  };
  if (doc.errors.length) {
    for (const e of doc.errors) {
      const pos = lc.linePos(e.pos[0]);
      problems.push({ file: displayPath, line: pos.line, col: pos.col, code: 'yaml', message: e.message.split('\n')[0] });
    }
    return { doc, lc, problems, add };
  }
  const data = doc.toJS();
  const v = validator(schemaName);
  if (!v(data)) {
    for (const p of schemaProblems(v.errors ?? [])) add(p.path, p.code, p.message);
    return { doc, lc, data, valid: false, problems, add };
  }
  return { doc, lc, data, valid: true, problems, add };
}

/** The directory of the built-in rules (`<package>/rules`). */
export function builtinRulesDir(): string {
  return join(packageRoot(), 'rules');
}

/**
 * All `*.yaml`/`*.yml` files below `dir`, sorted, recursively, skipping folders named
 * `fixtures` (a rule folder may keep its test snapshots there). A file path is returned as is.
 */
export function ruleFiles(path: string): string[] {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new KdiagError('rules.pathNotFound', { path });
  if (st.isFile()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path).sort()) {
    const p = join(path, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'fixtures') out.push(...ruleFiles(p));
    }
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

const REGEX_FORM = /^\/(.+)\/([dgimsuy]*)$/s;

/**
 * Compiles a `'/pattern/flags'` string. The `g` and `y` flags are dropped (stateful
 * `lastIndex` would make `test()` alternate); `d` is kept.
 * @throws SyntaxError when the pattern does not compile
 */
export function compileRegex(src: string): RegExp {
  const m = REGEX_FORM.exec(src);
  if (!m) throw new SyntaxError(`not of the form '/pattern/flags': ${src}`);
  return new RegExp(m[1], m[2].replace(/[gy]/g, ''));
}

function position(doc: Document, lc: LineCounter, path: (string | number)[]): { line: number; col: number } {
  for (let p = path; ; p = p.slice(0, -1)) {
    const node = p.length ? doc.getIn(p, true) : doc.contents;
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { line: pos.line, col: pos.col };
    }
    if (!p.length) return { line: 1, col: 1 };
  }
}

function ajvPath(e: ErrorObject): (string | number)[] {
  return e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Parses, validates and compiles one rule file. Never throws for bad content: every problem
 * is returned in one pass, each once, positioned on its node: YAML syntax, schema, a
 * predicate used outside its scope, bad or unsafe regexes, unknown or mismatched
 * placeholders, an id that is not the file name.
 *
 * @param file path of the YAML file
 * @param displayPath path shown in problems (relative to the working directory by default)
 */
export function loadRuleFile(file: string, displayPath = relative(process.cwd(), file) || file): { rule?: Rule; problems: RuleProblem[] } {
  const parsed = parseYamlWithSchema(readFileSync(file, 'utf8'), ruleJsonSchema(), displayPath);
  const { doc, lc, problems, add } = parsed;
  if (parsed.data === undefined) return { problems };
  // the checks below read what is there, valid or not, so that one run reports every mistake
  const data = (parsed.data && typeof parsed.data === 'object' ? parsed.data : {}) as Partial<RuleSource>;
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (typeof data.id === 'string' && data.id !== stem) add(['id'], 'id', `rule id "${data.id}" must equal the file name "${stem}"`);
  const groups = new Set<string>();
  for (const { name, pred, path } of allMatchPredicates(data)) {
    if (typeof data.scope === 'string' && !pred.scopes.includes(data.scope)) add(path, 'scope', `${name} cannot be used in a rule with scope: ${data.scope} (only ${pred.scopes.join(', ')})`);
  }
  for (const { src, path } of ruleRegexes(data.match as RuleSource['match'], data.severityWhen)) {
    try {
      const re = compileRegex(src);
      for (const g of src.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)) groups.add(g[1]);
      // a pattern that can backtrack catastrophically is rejected for every rule (see regex-safety.ts)
      const risk = regexRisk(re.source, re.flags);
      if (risk) add(path, 'regex-unsafe', `regex ${src} ${risk}`);
    } catch (e) {
      add(path, 'regex', `invalid regex ${src}: ${(e as Error).message}`);
    }
  }
  checkPlaceholders(data, groups, add);
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  if (problems.length || !parsed.valid) return { problems };
  const { line } = position(doc, lc, ['id']);
  return { rule: compileRule(data as RuleSource, displayPath, line), problems };
}

/** The predicates of a rule's match block and of its `severityWhen` entries' blocks, with their YAML paths. */
function* allMatchPredicates(data: Partial<Pick<RuleSource, 'match' | 'severityWhen'>>): Generator<ReturnType<typeof allPredicates> extends Generator<infer T> ? T : never> {
  yield* allPredicates(data.match as RuleSource['match']);
  const sw = data.severityWhen;
  if (Array.isArray(sw)) for (let i = 0; i < sw.length; i++) if (sw[i] && typeof sw[i] === 'object') yield* allPredicates(sw[i].match, ['severityWhen', i, 'match']);
}

/**
 * The `'/pattern/flags'` strings of a match block (anyOf/noneOf included) with their YAML
 * paths; values not of that form are left to the schema.
 */
export function ruleRegexes(m: RuleSource['match'], severityWhen?: RuleSource['severityWhen']): { src: string; path: (string | number)[] }[] {
  const out: { src: string; path: (string | number)[] }[] = [];
  for (const { pred, v, path } of allMatchPredicates({ match: m, severityWhen })) {
    for (const f of pred.regexFields ?? []) {
      const src = f ? (v as Record<string, unknown>)?.[f] : v;
      if (typeof src === 'string' && REGEX_FORM.test(src)) out.push({ src, path: f ? [...path, f] : path });
    }
  }
  return out;
}

/** Unknown placeholders, and placeholders of zh/ja texts that differ from en's. */
function checkPlaceholders(data: Partial<RuleSource>, groups: Set<string>, add: (path: (string | number)[], code: string, message: string) => void): void {
  const known = new Set<string>([...Object.keys(PLACEHOLDERS), ...groups]);
  const placeholdersOf = (s: unknown) => new Set(typeof s === 'string' ? [...s.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]) : []);
  const texts = (lang: string) => (data.messages as Record<string, Record<string, unknown> | undefined> | undefined)?.[lang];
  const enSet = new Set<string>();
  for (const f of FIELDS) for (const p of placeholdersOf(texts('en')?.[f])) enSet.add(p);
  for (const lang of LANGS) {
    const t = texts(lang);
    if (!t || typeof t !== 'object') continue;
    const langSet = new Set<string>();
    for (const f of FIELDS) {
      for (const p of placeholdersOf(t[f])) {
        langSet.add(p);
        if (!known.has(p)) add(['messages', lang, f], 'placeholder', `unknown placeholder {${p}} (known: ${[...known].join(', ')})`);
      }
    }
    const missing = [...enSet].filter((p) => !langSet.has(p));
    const extra = [...langSet].filter((p) => !enSet.has(p));
    // an unknown placeholder in en is reported once above: comparing against a misspelt en would repeat it
    if (lang !== 'en' && [...enSet].every((p) => known.has(p)) && (missing.length || extra.length))
      add(['messages', lang], 'placeholder', `placeholders differ from en: missing ${missing.map((p) => `{${p}}`).join(' ') || '-'}, extra ${extra.map((p) => `{${p}}`).join(' ') || '-'}`);
  }
}
const FIELDS = ['title', 'cause', 'remediation'] as const;

/**
 * A rule with its match compiled (regexes compiled once, here) and its index keys.
 * @throws SyntaxError for a regex that does not compile (the loader has checked them)
 */
export function compileRule(src: RuleSource, file: string, line: number): Rule {
  // each pattern compiled once: the check and the index keys read the same regexes
  const compiled = new Map<string, RegExp>();
  const regex = (re: string) => compiled.get(re) ?? compiled.set(re, compileRegex(re)).get(re)!;
  const severityChecks = (src.severityWhen ?? []).map((w, i) => ({ severity: w.severity, check: compileMatch(w.match, regex, ['severityWhen', i, 'match']) }));
  return { ...src, file, line, check: compileMatch(src.match, regex), keys: matchKeys(src.match, regex), severityChecks };
}

/**
 * The built-in rules as `scripts/compile-rules.mjs` wrote them at build time
 * (`dist/builtin-rules.json`), with their regexes compiled; null when that file is missing
 * or was compiled from other rule files than those in `rules/` now (then the YAML files are
 * read). Skips YAML parsing, schema compilation and the regex safety analysis, most of a
 * start-up; the files were validated when the package was built and tested (`kdiag rules
 * lint` checks them from the YAML).
 */
function precompiledBuiltins(): Rule[] | null {
  const file = join(packageRoot(), 'dist', 'builtin-rules.json');
  if (!existsSync(file)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { kind?: string; sources?: number; rules?: (RuleSource & { file: string; line: number })[] };
  if (data.kind !== 'kdiag-builtin-rules' || !Array.isArray(data.rules) || data.sources !== rulesDigest(builtinRulesDir())) return null;
  return data.rules.map((r) => compileRule(r, r.file, r.line));
}

/**
 * CRC-32 of the rule files below `dir` ({@link ruleFiles}, in its order): over each one's path
 * relative to `dir` with `/` separators and a NUL, then its bytes; what
 * scripts/compile-rules.mjs writes into dist/builtin-rules.json as `sources`. It tells edited
 * files from the compiled ones, and costs ~1.5 ms (the ~70 stats it replaces, ~1 ms; SHA-256
 * would first load node:crypto, ~5 ms). File times cannot tell: npm gives every file it
 * installs the time of the install, rules/ after dist/.
 */
function rulesDigest(dir: string): number {
  let crc = 0;
  for (const f of ruleFiles(dir)) crc = crc32(readFileSync(f), crc32(`${relative(dir, f).split(sep).join('/')}\0`, crc));
  return crc;
}

/**
 * Reads every rule below the given paths (files or folders), in order, collecting all
 * problems instead of stopping at the first: what `kdiag rules lint` prints. A later rule
 * with the same id replaces an earlier one (user rules over built-ins); the same id twice
 * within one path is a problem, and so is an `overrides` entry naming no loaded rule.
 */
export function readRules(paths: string[]): { rules: Rule[]; problems: RuleProblem[] } {
  const byId = new Map<string, Rule>();
  const problems: RuleProblem[] = [];
  for (const p of paths) {
    const seen = new Map<string, Rule>();
    const pre = p === builtinRulesDir() && process.env.KDIAG_RULES_FROM_YAML !== '1' ? precompiledBuiltins() : null;
    if (pre) {
      for (const r of pre) byId.set(r.id, r);
      continue;
    }
    for (const f of ruleFiles(p)) {
      const r = loadRuleFile(f);
      problems.push(...r.problems);
      if (!r.rule) continue;
      const prev = seen.get(r.rule.id);
      if (prev) {
        problems.push({ file: r.rule.file, line: r.rule.line, col: 1, code: 'duplicate', message: `rule id "${r.rule.id}" is also defined at ${prev.file}:${prev.line}` });
        continue;
      }
      seen.set(r.rule.id, r.rule);
      byId.set(r.rule.id, r.rule);
    }
  }
  for (const r of byId.values()) {
    for (const key of ['overrides', 'refines'] as const) {
      for (const o of r[key] ?? []) {
        if (!byId.has(o)) problems.push({ file: r.file, line: r.line, col: 1, code: key, message: `rule "${r.id}" ${key} unknown rule id "${o}"` });
      }
    }
  }
  return { rules: [...byId.values()], problems };
}

/**
 * Loads every rule below the given paths (see {@link readRules}).
 *
 * @param paths rule folders or files; default: the built-in `rules/` folder
 * @throws KdiagError `RULES` listing every problem, one `file:line:col code message` per line
 */
export function loadRules(paths: string[] = [builtinRulesDir()]): Rule[] {
  const { rules, problems } = readRules(paths);
  if (problems.length) {
    throw new KdiagError('rules.invalid', { problems: problems.map(formatProblem) });
  }
  return rules;
}
