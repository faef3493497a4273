import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, stringify, type Document, type Node } from 'yaml';
import { loadConfig } from '../config.js';
import { KdiagError } from '../errors.js';
import { jsonPath, loadKubernetesFields, type PathSegment } from '../facts/manifest-fields.js';
import { lintManifests, type ManifestObject } from '../facts/manifest-refs.js';
import { lintTexts, renderLintTable } from '../render/lint.js';
import { lintExitCode, type LintFinding, type LintReport, type LintUnchecked } from '../report/lint.js';
import { findingsFail, resolveLang, type FailOn } from './common.js';
import { renderLintSarif } from '../render/sarif.js';
import { loadRules } from '../rules/load.js';
import { packageVersion } from '../paths.js';
import type { Lang } from '../lang.js';

/** The options of `kdiag lint` (commander's names). */
export interface LintOptions {
  /** `-f`: files, folders, `-` for standard input (repeatable). */
  filename: string[];
  /** `-R`: also the subfolders of a folder. */
  recursive?: boolean;
  /** `-n`: the namespace of objects without metadata.namespace (default: `default`). */
  namespace?: string;
  output: 'table' | 'json' | 'yaml' | 'sarif';
  lang?: string;
  /** `--fail-on`: the least severity that makes the exit code 1 (default warning). */
  failOn?: FailOn;
}

/** Name of standard input in positions, as `--from -` names it. */
const STDIN = '<stdin>';
/** Extensions kubectl reads from a folder (`kubectl apply -f DIR`). */
const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** One input: its name in positions and its text. */
interface Input {
  name: string;
  text: string;
}

/** Errno code of a failed fs call, `EIO` when there is none. */
const errno = (e: unknown) => (e as NodeJS.ErrnoException).code ?? 'EIO';

/**
 * The files of one `-f` argument, as kubectl reads them: a file as it is (whatever its
 * extension), a folder's *.yaml, *.yml and *.json files in name order (with `recursive`, those
 * of its subfolders too, depth first).
 * @throws KdiagError `manifest.notFound`, `manifest.unreadable`, `manifest.noFiles`
 */
function expand(path: string, recursive: boolean): string[] {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ENOTDIR') throw new KdiagError('manifest.notFound', { path });
    throw new KdiagError('manifest.unreadable', { path, reason: errno(e) });
  }
  if (!isDir) return [path];
  const walk = (dir: string): string[] => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      throw new KdiagError('manifest.unreadable', { path: dir, reason: errno(e) });
    }
    return entries.flatMap((d) => {
      const p = join(dir, d.name);
      if (d.isDirectory()) return recursive ? walk(p) : [];
      return EXTENSIONS.has(extname(d.name).toLowerCase()) ? [p] : [];
    });
  };
  const files = walk(path);
  if (!files.length) throw new KdiagError('manifest.noFiles', { path }, recursive ? undefined : { id: 'hint.lintRecursive', params: {} });
  return files;
}

/** Reads standard input to the end. @throws KdiagError `manifest.stdinTty` when it is a terminal */
async function readStdin(stream: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<string> {
  if (stream.isTTY) throw new KdiagError('manifest.stdinTty', {});
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** An object of the files and where it is: its document, and the path of the object in it (`['items', 3]` in a List). */
interface Located extends ManifestObject {
  input: Input;
  doc: Document;
  lc: LineCounter;
  at: PathSegment[];
}

/**
 * The node a path leads to in a YAML document; for a path ending in a field name, the key
 * node (so a position points at `comand:`, not at its value). Falls back to the nearest
 * ancestor found.
 */
function nodeAt(doc: Document, path: PathSegment[]): Node | null {
  let node: unknown = doc.contents;
  let found: Node | null = (doc.contents as Node | null) ?? null;
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === seg);
      if (!pair) return found;
      if (i === path.length - 1 && isScalar(pair.key)) return pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else return found;
    if (node && typeof node === 'object' && 'range' in node) found = node as Node;
  }
  return found;
}

/** 1-based line and column of a path in an object's document. */
function position(o: Located, path: PathSegment[]): { line: number; col: number } {
  const node = nodeAt(o.doc, [...o.at, ...path]);
  return node?.range ? o.lc.linePos(node.range[0]) : { line: 1, col: 1 };
}

/**
 * Parses one input into its objects: every document of a YAML stream (JSON is YAML too),
 * with the items of a `kind: List` as objects of their own, as `kubectl apply` takes them.
 * Empty documents are skipped.
 * @throws KdiagError `manifest.invalidYaml` at the first syntax error (also a duplicate key,
 *   which kubectl refuses too), `manifest.notAnObject` for a document that is not a mapping
 *   with apiVersion and kind
 */
function parseInput(input: Input, namespace: string): Located[] {
  const lc = new LineCounter();
  const parsed = parseAllDocuments(input.text, { lineCounter: lc, prettyErrors: false });
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: Located[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) {
      const { line, col } = lc.linePos(err.pos[0]);
      throw new KdiagError('manifest.invalidYaml', { path: input.name, line, col, problem: err.message.split('\n')[0] });
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      const { line, col } = lc.linePos(doc.range[0]);
      throw new KdiagError('manifest.invalidYaml', { path: input.name, line, col, problem: (e as Error).message.split('\n')[0] });
    }
    if (value === null || value === undefined) continue;
    const add = (v: unknown, at: PathSegment[]) => {
      const node = nodeAt(doc, at);
      const { line, col } = node?.range ? lc.linePos(node.range[0]) : { line: 1, col: 1 };
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new KdiagError('manifest.notAnObject', { path: input.name, line, col, missing: null });
      const o = v as Record<string, unknown>;
      const missing = (['apiVersion', 'kind'] as const).filter((k) => typeof o[k] !== 'string' || !o[k]);
      if (missing.length) throw new KdiagError('manifest.notAnObject', { path: input.name, line, col, missing: [...missing] });
      // kind: List (kubectl get -o yaml of several objects): apply takes its items one by one. A
      // typed list (DeploymentList, as the API server answers) is checked as one object: its
      // items carry no apiVersion and kind
      if (o.kind === 'List' && o.apiVersion === 'v1' && Array.isArray(o.items)) {
        o.items.forEach((item, i) => add(item, [...at, 'items', i]));
        return;
      }
      const meta = (typeof o.metadata === 'object' && o.metadata) || {};
      const ns = (meta as Record<string, unknown>).namespace;
      out.push({ obj: o, namespace: typeof ns === 'string' && ns ? ns : namespace, input, doc, lc, at });
    };
    add(value, []);
  }
  return out;
}

/** The identity of an object for the report. */
function ref(o: Located): LintFinding['object'] {
  const meta = (typeof o.obj.metadata === 'object' && o.obj.metadata ? o.obj.metadata : {}) as Record<string, unknown>;
  return {
    apiVersion: String(o.obj.apiVersion),
    kind: String(o.obj.kind),
    namespace: typeof meta.namespace === 'string' ? meta.namespace : null,
    name: typeof meta.name === 'string' ? meta.name : '',
  };
}

/**
 * `kdiag lint -f FILE|DIR|-`: reads the manifests, checks each object's fields against the
 * Kubernetes schema and the references between the objects (facts/manifest-refs.ts), and
 * renders the findings as a table, JSON or YAML.
 * @returns stdout and the exit code: 1 with a finding of severity warning or worse, else 0
 * @throws KdiagError exit 2 for a path that is not there or cannot be read, a YAML syntax
 *   error (with file:line:col), a document that is no Kubernetes object, an unsupported --lang
 */
export async function runLint(opts: LintOptions, stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin): Promise<{ stdout: string; exitCode: number }> {
  const lang = resolveLang(opts.lang, process.env, loadConfig().config.lang);
  const namespace = opts.namespace || 'default';
  const inputs: Input[] = [];
  let stdinRead = false;
  for (const f of opts.filename) {
    if (f === '-') {
      // kubectl reads standard input once, however often -f - is given
      if (!stdinRead) inputs.push({ name: STDIN, text: await readStdin(stdin) });
      stdinRead = true;
      continue;
    }
    for (const file of expand(f, !!opts.recursive)) {
      try {
        inputs.push({ name: file, text: readFileSync(file, 'utf8') });
      } catch (e) {
        throw new KdiagError('manifest.unreadable', { path: file, reason: errno(e) });
      }
    }
  }
  const objects = inputs.flatMap((i) => parseInput(i, namespace));
  const fields = loadKubernetesFields();
  const { problems, unchecked } = lintManifests(objects, fields);
  const order = new Map(inputs.map((i, n) => [i, n]));
  const findings: (LintFinding & { n: number })[] = problems.map((p) => {
    const o = objects[p.object];
    const { ruleId, ...details } = p.params;
    return {
      file: o.input.name,
      ...position(o, p.path),
      ruleId,
      severity: p.severity,
      object: ref(o),
      path: jsonPath(p.path),
      ...lintTexts(p.params, lang),
      details,
      n: order.get(o.input)!,
    };
  });
  findings.sort((a, b) => a.n - b.n || a.line - b.line || a.col - b.col);
  const skipped: LintUnchecked[] = unchecked.map((u) => {
    const o = objects[u.object];
    return { file: o.input.name, ...position(o, []), object: ref(o), reason: u.reason, suggestion: u.suggestion };
  });
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  const report: LintReport = {
    apiVersion: 'kdiag/v1',
    kind: 'LintReport',
    schema: fields.source,
    summary: { files: inputs.length, objects: objects.length, critical: count('critical'), warning: count('warning'), info: count('info'), unchecked: skipped.length },
    findings: findings.map(({ n: _n, ...f }) => f),
    unchecked: skipped,
  };
  const stdout =
    opts.output === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : opts.output === 'yaml'
        ? stringify(report)
        : opts.output === 'sarif'
          ? renderLintSarif(report, { version: packageVersion(), rules: lintRuleTexts(lang) })
          : renderLintTable(report, lang);
  const failOn = opts.failOn ?? 'warning';
  return { stdout, exitCode: failOn === 'warning' ? lintExitCode(report) : findingsFail(report.findings, failOn) ? 1 : 0 };
}

/** The title (in `lang`) and docs links of each built-in rule, for the SARIF rule descriptors of `kdiag lint -o sarif`. */
function lintRuleTexts(lang: Lang): Map<string, { title: string; docs: string[] }> {
  return new Map(loadRules().map((r) => [r.id, { title: (r.messages[lang] ?? r.messages.en).title, docs: r.docs ?? [] }]));
}
