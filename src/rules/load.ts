import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import { KdiagError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { regexRisk } from './regex-safety.js';
import { LANGS, type Match, type Rule, type RuleSource } from './types.js';

/**
 * Placeholders every rule may use in its messages, filled by the engine from the
 * matched pod/container (see engine/interpolate.ts). Named regex groups add more.
 */
export const BUILTIN_PLACEHOLDERS = [
  'namespace', 'pod', 'container', 'containerKind', 'image', 'reason', 'message', 'exitCode',
  'signal', 'signalName', 'restarts', 'node', 'memoryLimit', 'memoryRequest', 'finalizers',
  'graceSeconds', 'deletedAgo', 'count', 'nodes', 'request', 'pullSecrets', 'status',
  // workload-scoped rules
  'workload', 'workloadKind',
] as const;

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

const validators = new Map<string, ValidateFunction>();
/** The compiled validator of `schema/<name>` (compiled once per process). */
function validator(name: string): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', name), 'utf8'));
    v = new Ajv({ allErrors: true, strict: false }).compile(schema);
    validators.set(name, v);
  }
  return v;
}

/**
 * Parses a YAML file and validates it against `schema/<schemaName>`, reporting every
 * problem (YAML syntax or schema) with its line and column. Used for rule files and the
 * config file.
 * @returns the parsed document (for positions), its data when valid, and the problems
 */
export function parseYamlWithSchema(
  text: string,
  schemaName: string,
  displayPath: string,
): { doc: Document; lc: LineCounter; data?: unknown; problems: RuleProblem[]; add: (path: (string | number)[], code: string, message: string) => void } {
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
    for (const e of v.errors ?? []) {
      const extra = e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : '';
      const allowed = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
      add(ajvPath(e), e.keyword, `${e.instancePath || '/'} ${e.message}${extra}${allowed}`);
    }
    return { doc, lc, problems, add };
  }
  return { doc, lc, data, problems, add };
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
  if (!st) throw new KdiagError('RULES', `rules path not found: ${path}`);
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

/** Every regex string of a match block, with its YAML path. */
function regexesOf(match: Match | undefined, path: (string | number)[], out: { src: string; path: (string | number)[] }[]): void {
  if (!match || typeof match !== 'object') return;
  const push = (v: unknown, p: (string | number)[]) => {
    if (typeof v === 'string') out.push({ src: v, path: p });
  };
  push(match.log, [...path, 'log']);
  push(match.scheduling, [...path, 'scheduling']);
  push(match.pod?.message, [...path, 'pod', 'message']);
  push(match.condition?.message, [...path, 'condition', 'message']);
  push(match.event?.message, [...path, 'event', 'message']);
  push(match.container?.state?.message, [...path, 'container', 'state', 'message']);
  push(match.container?.last?.message, [...path, 'container', 'last', 'message']);
  match.anyOf?.forEach((m, i) => regexesOf(m, [...path, 'anyOf', i], out));
  match.noneOf?.forEach((m, i) => regexesOf(m, [...path, 'noneOf', i], out));
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
 * Parses, validates and compiles one rule file. Never throws for bad content: every
 * problem (YAML syntax, schema, bad regex, unknown or mismatched placeholder, id not
 * equal to the file name) is returned, all at once.
 *
 * @param file path of the YAML file
 * @param displayPath path shown in problems (relative to the working directory by default)
 */
export function loadRuleFile(file: string, displayPath = relative(process.cwd(), file) || file): { rule?: Rule; problems: RuleProblem[] } {
  const parsed = parseYamlWithSchema(readFileSync(file, 'utf8'), 'rule.schema.json', displayPath);
  const { doc, lc, problems, add } = parsed;
  if (!parsed.data) return { problems };
  const data = parsed.data as RuleSource;
  if (data.scope === 'workload') {
    const onlyEvents = (m: Match): boolean =>
      Object.keys(m).every((k) => ['event', 'anyOf', 'noneOf'].includes(k)) && (m.anyOf ?? []).every(onlyEvents) && (m.noneOf ?? []).every(onlyEvents);
    if (!onlyEvents(data.match)) add(['match'], 'scope', 'a rule with scope: workload may only use event predicates (with anyOf/noneOf)');
  }
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (data.id !== stem) add(['id'], 'id', `rule id "${data.id}" must equal the file name "${stem}"`);
  const regexes = new Map<string, RegExp>();
  const groups = new Set<string>();
  const found: { src: string; path: (string | number)[] }[] = [];
  regexesOf(data.match, ['match'], found);
  for (const { src, path } of found) {
    try {
      const re = compileRegex(src);
      regexes.set(src, re);
      for (const g of src.matchAll(/\(\?<([A-Za-z_][A-Za-z0-9_]*)>/g)) groups.add(g[1]);
      // a pattern with nested quantifiers can take exponential time on a hostile log line:
      // such patterns are rejected at load, for every rule (see regex-safety.ts)
      const risk = regexRisk(re.source, re.flags);
      if (risk) add(path, 'regex-unsafe', `regex ${src} ${risk}`);
    } catch (e) {
      add(path, 'regex', `invalid regex ${src}: ${(e as Error).message}`);
    }
  }
  const known = new Set<string>([...BUILTIN_PLACEHOLDERS, ...groups]);
  const placeholdersOf = (s: string) => new Set([...s.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]));
  const enSet = new Set<string>();
  for (const f of ['title', 'cause', 'remediation'] as const) for (const p of placeholdersOf(data.messages.en[f])) enSet.add(p);
  for (const lang of LANGS) {
    const langSet = new Set<string>();
    for (const f of ['title', 'cause', 'remediation'] as const) {
      for (const p of placeholdersOf(data.messages[lang][f])) {
        langSet.add(p);
        if (!known.has(p)) add(['messages', lang, f], 'placeholder', `unknown placeholder {${p}} (known: ${[...known].join(', ')})`);
      }
    }
    if (lang !== 'en') {
      const missing = [...enSet].filter((p) => !langSet.has(p));
      const extra = [...langSet].filter((p) => !enSet.has(p));
      if (missing.length || extra.length)
        add(['messages', lang], 'placeholder', `placeholders differ from en: missing ${missing.map((p) => `{${p}}`).join(' ') || '-'}, extra ${extra.map((p) => `{${p}}`).join(' ') || '-'}`);
    }
  }
  if (problems.length) return { problems };
  const { line } = position(doc, lc, ['id']);
  return { rule: { ...data, file: displayPath, line, regexes }, problems };
}

/**
 * The built-in rules as `scripts/compile-rules.mjs` wrote them at build time
 * (`dist/builtin-rules.json`), with their regexes compiled; null when that file is missing
 * or older than a rule file (then the YAML files are read). Skips YAML parsing and schema
 * compilation, most of a start-up; the files were validated when the package was built and
 * tested (`kdiag rules lint` checks them from the YAML).
 */
function precompiledBuiltins(): Rule[] | null {
  const file = join(packageRoot(), 'dist', 'builtin-rules.json');
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) return null;
  const files = ruleFiles(builtinRulesDir());
  if (files.some((f) => statSync(f).mtimeMs > st.mtimeMs)) return null;
  const data = JSON.parse(readFileSync(file, 'utf8')) as { kind?: string; rules?: (RuleSource & { file: string; line: number })[] };
  if (data.kind !== 'kdiag-builtin-rules' || !Array.isArray(data.rules) || data.rules.length !== files.length) return null;
  return data.rules.map((r) => {
    const found: { src: string; path: (string | number)[] }[] = [];
    regexesOf(r.match, ['match'], found);
    return { ...r, regexes: new Map(found.map(({ src }) => [src, compileRegex(src)])) };
  });
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
    for (const o of r.overrides ?? []) {
      if (!byId.has(o)) problems.push({ file: r.file, line: r.line, col: 1, code: 'overrides', message: `rule "${r.id}" overrides unknown rule id "${o}"` });
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
    throw new KdiagError('RULES', `${problems.length} problem(s) in rule files:\n${problems.map(formatProblem).join('\n')}`);
  }
  return rules;
}
