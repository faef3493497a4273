import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KdiagError } from '../errors.js';
import { collect } from '../facts/collect.js';
import type { Scope } from '../objects/source.js';
import { redactText } from '../report/redact.js';
import { ERROR_WORDS } from '../render/error-texts.js';
import { ui, type DumpCounts } from '../render/i18n.js';
import { wantColor } from '../render/options.js';
import { dumpDocument, dumpText, recordSource } from '../snapshot/dump.js';
import { parseFieldSelector } from '../util/field-selector.js';
import { parseSelector } from '../util/selector.js';
import { loadConfig } from '../config.js';
import { parseDuration, resolveLang } from './common.js';
import { ProgressDisplay, wantProgress, type ProgressStream } from './progress.js';

/** The flags of `kdiag dump`. */
export interface DumpOptions {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  fieldSelector?: string;
  /** `-o FILE`; `-` or absent: standard output. */
  output?: string;
  kubeconfig?: string;
  context?: string;
  requestTimeout: string;
  redact?: boolean;
  quiet?: boolean;
  lang?: string;
  color?: boolean;
}

/** What a dump run hands back to cli.ts: the JSON for stdout (empty with `-o FILE`), and exit code 0. */
export interface DumpResult {
  stdout: string;
  exitCode: number;
}

/**
 * `kdiag dump`: reads a scope of the live cluster exactly as `kdiag scan` reads it (the same
 * source, kube/source.ts, and the same facts layer, which decides the logs to fetch, so only
 * the GETs a scan sends), records it (snapshot/dump.ts recordSource) and writes it as one
 * `kdiag.dev/dump/v1` file (a v1 List with a `kdiag` field) that `--from` reads back with the
 * same findings. The file is written atomically (a temporary file in the same folder, then
 * renamed), so an interrupted dump never leaves half a file under the name.
 *
 * @throws KdiagError `usage.dumpToTerminal` when stdout is a terminal and no `-o` was given;
 *   USAGE for a bad flag or selector; NOT_FOUND for a namespace that does not exist; CLUSTER
 *   when the cluster cannot be read; `snapshot.writeFailed` when the file cannot be written
 */
export async function runDump(opts: DumpOptions): Promise<DumpResult> {
  const { config } = loadConfig();
  const lang = resolveLang(opts.lang, process.env, config.lang);
  const timeout = parseDuration(opts.requestTimeout);
  if (opts.selector !== undefined) parseSelector(opts.selector);
  if (opts.fieldSelector) parseFieldSelector(opts.fieldSelector);
  const toStdout = opts.output === undefined || opts.output === '-';
  if (opts.output === undefined && process.stdout.isTTY) throw new KdiagError('usage.dumpToTerminal', {});
  const warn = (text: string) => process.stderr.write(`kdiag: ${ERROR_WORDS[lang].warning}: ${text}\n`);
  if (opts.allNamespaces && opts.namespace !== undefined) warn(ui(lang).ignoredNamespace(opts.namespace));

  const { connectCluster } = await import('../kube/source.js');
  const live = await connectCluster({
    kubeconfig: opts.kubeconfig,
    context: opts.context,
    requestTimeoutMs: timeout,
    namespace: opts.namespace,
    allNamespaces: !!opts.allNamespaces,
  });
  const scope: Scope = { namespace: live.namespace, labelSelector: opts.selector, fieldSelector: opts.fieldSelector };
  const { source, recorded } = recordSource(live);
  // stdout is the file or a redirect, never a pager: the progress line may be drawn
  const progress = wantProgress({ quiet: opts.quiet, output: 'dump' }, { stdout: toStdout ? process.stdout : { isTTY: true }, stderr: process.stderr })
    ? new ProgressDisplay({ stream: process.stderr as ProgressStream, lang, color: wantColor(opts.color, process.stderr), snapshot: null })
    : null;
  try {
    // the facts are thrown away: reading through them makes the scan's own log requests
    await collect(source, scope, progress?.update);
  } finally {
    progress?.stop();
  }
  const doc = dumpDocument(recorded, { now: source.now(), context: live.info.context, server: live.info.server, scope }, opts.redact ? redactText : undefined);
  const pieces = [...dumpText(doc)];
  const bytes = pieces.reduce((n, p) => n + Buffer.byteLength(p), 0);
  for (const w of recorded.warnings) warn(w);
  if (toStdout) {
    await writeStdout(pieces);
    if (!opts.quiet) process.stderr.write(`kdiag: ${ui(lang).dumpSummary(null, counts(doc, bytes))}\n`);
    return { stdout: '', exitCode: 0 };
  }
  await writeAtomically(opts.output!, pieces);
  if (!opts.quiet) process.stderr.write(`kdiag: ${ui(lang).dumpSummary(opts.output!, counts(doc, bytes))}\n`);
  return { stdout: '', exitCode: 0 };
}

/** Writes the pieces to stdout, waiting when the pipe is full; a closed pipe (`| head`) ends the writing quietly. */
async function writeStdout(pieces: string[]): Promise<void> {
  let closed = false;
  process.stdout.on('error', () => (closed = true));
  for (const p of pieces) {
    if (closed) return;
    if (!process.stdout.write(p)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve).once('error', resolve));
  }
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
}

/** What a dump holds, for its summary line (render/i18n.ts dumpSummary). */
function counts(doc: ReturnType<typeof dumpDocument>, bytes: number): DumpCounts {
  const n = (kind: string) => doc.items.filter((o) => o.kind === kind).length;
  return {
    pods: n('Pod'),
    events: n('Event'),
    nodes: n('Node'),
    others: doc.items.length - n('Pod') - n('Event') - n('Node'),
    logs: doc.kdiag.logs.length,
    unavailable: doc.kdiag.logs.filter((l) => l.unavailable !== undefined).length,
    size: bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`,
    redacted: doc.kdiag.redacted,
    unlisted: Object.entries(doc.kdiag.unlisted).map(([r, why]) => `${r} (${why})`),
  };
}

/**
 * Writes the `pieces` of text to `path` through a temporary file in the same folder (`.NAME.RANDOM.tmp`,
 * mode 0600: a dump may hold what a cluster's logs hold), flushed, then renamed over `path`:
 * a reader sees the old file or the whole new one, never a part.
 * @throws KdiagError `snapshot.writeFailed` with the system's code (EACCES, ENOENT, ENOSPC, EISDIR ...)
 */
export async function writeAtomically(path: string, pieces: Iterable<string>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', 0o600);
    try {
      for (const p of pieces) await fh.write(p, null, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    const e = err as NodeJS.ErrnoException;
    throw new KdiagError('snapshot.writeFailed', { path, reason: e.code ?? String(e.message ?? e).split('\n')[0] });
  }
}
