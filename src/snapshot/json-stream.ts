/**
 * Streaming read of large JSON snapshot files (over {@link streamThreshold} bytes): V8 cannot
 * hold a string over ~512 MB (`Invalid string length`), so such a file is never read whole.
 * The bytes go through `@streamparser/json`'s tokenizer and token parser; the elements of
 * each top-level `items` array (a `List`, `PodList` ...) are handed over one by one as soon
 * as each is complete and then dropped from the parser's tree, so memory is bounded by what
 * the caller keeps, not by the file.
 *
 * `@streamparser/json` is loaded with a dynamic `import()`: the bundle (scripts/build.mjs)
 * puts it in a chunk of its own that only a big snapshot loads.
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { KdiagError } from '../errors.js';

/** Files larger than this (bytes, 64 MiB) are streamed; smaller ones are read whole and parsed with `JSON.parse`. */
export const STREAM_THRESHOLD = 64 * 1024 * 1024;

/**
 * The size (bytes) above which a JSON snapshot file is streamed: {@link STREAM_THRESHOLD}, or
 * `KDIAG_STREAM_THRESHOLD` (bytes; internal, for tests that stream a small file).
 */
export function streamThreshold(): number {
  const env = process.env.KDIAG_STREAM_THRESHOLD;
  const n = env === undefined || env === '' ? NaN : Number(env);
  return Number.isFinite(n) && n >= 0 ? n : STREAM_THRESHOLD;
}

/** One container's section of a `cluster-info dump` stdout (`==== START logs …` … `==== END logs …`). */
export interface StreamedLogSection {
  namespace: string;
  pod: string;
  container: string;
  text: string;
}

/** What {@link streamJsonFile} hands over, in file order. */
export interface JsonStreamSink {
  /**
   * A top-level value that is not streamed item by item: an object without an `items` array,
   * an element of a top-level array, or (with its `items` emptied) the end of a list whose
   * items were streamed, see `listEnd`.
   */
  document(doc: unknown): void;
  /**
   * One element of the `items` array of a top-level object, complete; `index` counts from 0
   * in that array; `header` is the (live) top-level object with the members read before
   * `items` (`kind` and `apiVersion` in `cluster-info dump` order; only `apiVersion` in
   * kubectl's alphabetical `-o json` order, where `kind` follows `items`).
   */
  listItem(item: unknown, index: number, header: Record<string, unknown>): void;
  /** The end of a top-level object whose items were streamed: the whole object, `items` empty. */
  listEnd(header: Record<string, unknown>): void;
  /** A log section of a `cluster-info dump` stdout, cut out of the JSON stream. */
  logSection(s: StreamedLogSection): void;
  /** A non-fatal oddity (a log section without its END line). */
  problem(line: string): void;
}

const START_PREFIX = Buffer.from('==== START logs for container ');
const START_LINE_RE = /^==== START logs for container (\S+) of pod ([^/\s]+)\/(\S+) ====\r?$/;
const CHUNK = 1 << 20;

/** A syntax error found by the parser, at a byte offset of what the tokenizer was fed. */
class StreamSyntaxError extends Error {
  constructor(
    readonly fedOffset: number,
    readonly problem: string | undefined,
    readonly betweenDocuments = false,
  ) {
    super(problem ?? 'syntax error');
  }
}

/**
 * Streams a JSON snapshot file: one or more JSON values one after another (a `List`, typed
 * lists, a `cluster-info dump` stdout with its log sections between the documents).
 *
 * Differences from the whole-file path (read.ts `parseInto`), on input kubectl does not write:
 * a top-level object with an `items` array is taken for a list even when its `kind` (read
 * after `items`) does not end in `List`; a log section without an END line ends at the next
 * START line (the whole-file path first looks for its END line further on).
 *
 * @param path the file
 * @param sink receives the values in file order
 * @throws KdiagError `snapshot.invalidJson` with `path:line:col` (line and column counted as
 *   the whole-file path counts them, from the file read again) on the first syntax error;
 *   `snapshot.unreadable` etc. when reading fails (from `fsError`)
 */
export async function streamJsonFile(path: string, sink: JsonStreamSink, fsError: (p: string, e: unknown) => KdiagError): Promise<void> {
  await streamJson(createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>, path, sink, (e) => fsError(path, e), (offset, bom) => positionOf(path, offset, bom));
}

/**
 * {@link streamJsonFile} for bytes that cannot be read again (standard input): line and
 * column of a syntax error come from newline counts kept while reading, exact when the error
 * lies within the last two chunks read (it always does, but for one inside a string that
 * began more than a chunk, 1 MiB, before it: then the line is where that chunk began).
 *
 * @param chunks the bytes, in order
 * @param name the name used in messages (`<stdin>`)
 * @param readError the error for a failed read
 */
export async function streamJsonChunks(chunks: AsyncIterable<Buffer>, name: string, sink: JsonStreamSink, readError: (e: unknown) => KdiagError): Promise<void> {
  const lines = new LineTracker();
  async function* tracked() {
    for await (const c of chunks) {
      lines.add(c);
      yield c;
    }
  }
  await streamJson(tracked(), name, sink, readError, async (offset, bom) => lines.position(offset, bom));
}

interface Position {
  line: number;
  col: number;
  ch: string | undefined;
}

/** Line starts of a byte stream read once: per chunk, where it began and its line; the last two chunks' bytes. */
class LineTracker {
  private starts: number[] = [];
  private lines: number[] = [];
  private lineStarts: number[] = [];
  private recent: { start: number; buf: Buffer }[] = [];
  private total = 0;
  private line = 1;
  private lineStart = 0;

  add(buf: Buffer): void {
    this.starts.push(this.total);
    this.lines.push(this.line);
    this.lineStarts.push(this.lineStart);
    this.recent.push({ start: this.total, buf });
    if (this.recent.length > 2) this.recent.shift();
    for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
      this.line++;
      this.lineStart = this.total + i + 1;
    }
    this.total += buf.length;
  }

  position(offset: number, bom: number): Position {
    const at = Math.min(offset, this.total);
    let k = this.starts.length - 1;
    while (k > 0 && this.starts[k]! > at) k--;
    let line = this.lines[k] ?? 1;
    let lineStart = Math.max(this.lineStarts[k] ?? 0, bom);
    const held = Buffer.concat(this.recent.map((r) => r.buf));
    const heldStart = this.recent[0]?.start ?? 0;
    if (at >= heldStart) {
      // count from the first held chunk's own start line
      const first = this.starts.indexOf(heldStart);
      line = this.lines[first] ?? 1;
      lineStart = Math.max(this.lineStarts[first] ?? 0, bom);
      for (let i = held.indexOf(0x0a); i >= 0 && heldStart + i < at; i = held.indexOf(0x0a, i + 1)) {
        line++;
        lineStart = heldStart + i + 1;
      }
    }
    const col = lineStart >= heldStart && at >= heldStart ? held.subarray(lineStart - heldStart, at - heldStart).toString('utf8').length + 1 : at - lineStart + 1;
    const ch = at < this.total && at >= heldStart ? String.fromCodePoint(held.subarray(at - heldStart, at - heldStart + 4).toString('utf8').codePointAt(0) ?? 0xfffd) : undefined;
    return { line, col, ch };
  }
}

async function streamJson(
  chunks: AsyncIterable<Buffer>,
  path: string,
  sink: JsonStreamSink,
  readError: (e: unknown) => KdiagError,
  locate: (offset: number, bom: number) => Promise<Position>,
): Promise<void> {
  const { Tokenizer, TokenParser, TokenType } = await import('@streamparser/json');
  const tokenizer = new Tokenizer({ separator: '', stringBufferSize: 0 });
  const parser = new TokenParser({ paths: ['$', '$.*', '$.items.*'], keepStack: true, separator: '' });
  let tokenOffset = 0;
  let itemIndex = 0;
  let streamedList = false;
  const parserDepth = () => (parser as unknown as { stack: unknown[] }).stack.length;
  /** The tokenizer's offset: in a string or number, where it began (see {@link toSyntaxError}). */
  const tokenizerOffset = () => (tokenizer as unknown as { offset: number }).offset;
  tokenizer.onToken = (t) => {
    tokenOffset = t.offset;
    // between documents only `{` or `[` may start the next one (token types 0 and 2)
    if (parserDepth() === 0 && t.token !== TokenType.LEFT_BRACE && t.token !== TokenType.LEFT_BRACKET && t.token !== TokenType.SEPARATOR) {
      throw new StreamSyntaxError(t.offset, undefined, true);
    }
    parser.write(t);
  };
  parser.onValue = ({ value, parent, stack }) => {
    const depth = stack.length;
    if (depth === 0) {
      if (streamedList) sink.listEnd(value as Record<string, unknown>);
      else sink.document(value);
      streamedList = false;
      itemIndex = 0;
    } else if (depth === 1 && Array.isArray(parent)) {
      // an element of a top-level array: a document of its own
      parent.pop();
      sink.document(value);
    } else if (depth === 2 && stack[1]!.key === 'items' && Array.isArray(parent)) {
      const header = stack[1]!.value as Record<string, unknown>;
      const kind = header?.kind;
      if (typeof kind === 'string' && !kind.endsWith('List')) return; // not a list: kept whole
      parent.pop();
      streamedList = true;
      sink.listItem(value, itemIndex++, header);
    }
  };

  // bytes cut out of the fed stream (log sections, a BOM): [fed offset where cut, bytes cut]
  const cuts: [number, number][] = [];
  let fed = 0;
  const feed = (b: Buffer) => {
    if (b.length === 0) return;
    try {
      tokenizer.write(b);
    } catch (err) {
      throw toSyntaxError(err, tokenOffset, tokenizerOffset(), parserDepth() === 0);
    }
    fed += b.length;
  };
  const cut = (n: number) => {
    if (n > 0) cuts.push([fed, n]);
  };

  let section: { namespace: string; pod: string; container: string; end: Buffer; parts: Buffer[] } | undefined;
  let carry = Buffer.alloc(0);
  let lastFedByte = 0x0a;
  let first = true;

  /** Feeds JSON bytes, cutting out log sections; keeps an incomplete line that may start a section in `carry`. */
  const process = (buf: Buffer, final: boolean) => {
    let pos = 0;
    while (pos < buf.length) {
      if (section) {
        const e = buf.indexOf(section.end, pos);
        const s = nextStartLine(buf, pos, pos === 0 ? 0x0a : buf[pos - 1]!);
        if (e >= 0 && (s < 0 || e < s)) {
          section.parts.push(buf.subarray(pos, e));
          let after = e + section.end.length;
          if (buf[after] === 0x0d) after++;
          if (buf[after] === 0x0a) after++;
          sink.logSection({ ...section, text: Buffer.concat(section.parts).toString('utf8') });
          cut(after - pos);
          lastFedByte = 0x0a;
          section = undefined;
          pos = after;
          continue;
        }
        if (s >= 0) {
          section.parts.push(buf.subarray(pos, s));
          sink.problem(`log section for container ${section.container} of pod ${section.namespace}/${section.pod} has no END line`);
          sink.logSection({ ...section, text: Buffer.concat(section.parts).toString('utf8') });
          cut(s - pos);
          lastFedByte = 0x0a;
          section = undefined;
          pos = s;
          continue;
        }
        // neither: keep all but a tail that may hold the start of the END marker or a START line
        const keep = final ? 0 : Math.min(buf.length - pos, Math.max(section.end.length, START_PREFIX.length + 1));
        section.parts.push(buf.subarray(pos, buf.length - keep));
        cut(buf.length - keep - pos);
        carry = Buffer.from(buf.subarray(buf.length - keep));
        if (final && section) {
          sink.problem(`log section for container ${section.container} of pod ${section.namespace}/${section.pod} has no END line`);
          sink.logSection({ ...section, text: Buffer.concat(section.parts).toString('utf8') });
          section = undefined;
        }
        return;
      }
      const s = nextStartLine(buf, pos, lastFedByte);
      if (s < 0) {
        // keep a tail that may be the beginning of a START line
        const keep = final ? 0 : Math.min(buf.length - pos, START_PREFIX.length);
        const upto = buf.length - keep;
        if (upto > pos) {
          feed(buf.subarray(pos, upto));
          lastFedByte = buf[upto - 1]!;
        }
        carry = Buffer.from(buf.subarray(upto));
        return;
      }
      if (s > pos) {
        feed(buf.subarray(pos, s));
        lastFedByte = buf[s - 1]!;
      }
      const nl = buf.indexOf(0x0a, s);
      if (nl < 0 && !final) {
        carry = Buffer.from(buf.subarray(s));
        return;
      }
      const lineEnd = nl < 0 ? buf.length : nl;
      const m = START_LINE_RE.exec(buf.subarray(s, lineEnd).toString('utf8'));
      if (!m) {
        // looked like a START line but is not one: JSON (which will then fail to parse)
        feed(buf.subarray(s, lineEnd));
        lastFedByte = buf[lineEnd - 1]!;
        pos = lineEnd;
        continue;
      }
      const [, container, namespace, pod] = m as unknown as [string, string, string, string];
      section = { namespace, pod, container, end: Buffer.from(`==== END logs for container ${container} of pod ${namespace}/${pod} ====`), parts: [] };
      const contentStart = nl < 0 ? buf.length : nl + 1;
      cut(contentStart - s);
      pos = contentStart;
    }
    carry = Buffer.alloc(0);
  };

  let bom = 0;
  try {
    try {
      for await (const chunk of chunks) {
        let buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        if (first) {
          first = false;
          if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
            bom = 3;
            cut(3);
            buf = buf.subarray(3);
          }
        }
        process(buf, false);
      }
    } catch (err) {
      if (err instanceof StreamSyntaxError || err instanceof KdiagError) throw err;
      throw readError(err);
    }
    process(carry, true);
    try {
      tokenizer.end();
    } catch (err) {
      throw toSyntaxError(err, fed, tokenizerOffset(), false);
    }
    if (!parser.isEnded && (parser as unknown as { stack: unknown[] }).stack.length > 0) throw new StreamSyntaxError(fed, 'unexpected end of input');
  } catch (err) {
    if (!(err instanceof StreamSyntaxError)) throw err;
    const fileOffset = toFileOffset(err.fedOffset, cuts);
    const { line, col, ch } = await locate(fileOffset, bom);
    const problem = err.betweenDocuments ? `unexpected ${describeChar(ch)} between JSON documents` : (err.problem ?? `unexpected ${describeChar(ch)}`);
    throw new KdiagError('snapshot.invalidJson', { path, line, col, problem });
  }
}

/** Index of the next `==== START logs for container` at a line start in `buf` from `from`; -1 if none. */
function nextStartLine(buf: Buffer, from: number, byteBefore: number): number {
  let i = buf.indexOf(START_PREFIX, from);
  while (i >= 0) {
    const before = i === 0 ? byteBefore : i === from ? (from === 0 ? byteBefore : buf[i - 1]!) : buf[i - 1]!;
    if (before === 0x0a) return i;
    i = buf.indexOf(START_PREFIX, i + 1);
  }
  return -1;
}

/**
 * The syntax error for what the tokenizer or token parser threw. The tokenizer names the byte
 * (`absolute position "N"`) and its state; the token parser rejects a whole token, at `tokenOffset`.
 * Errors inside a string point at its opening quote, and in a number at its first digit, as
 * the whole-file path does: the tokenizer's own `offset` is then the start of that token.
 */
function toSyntaxError(err: unknown, tokenOffset: number, tokenizerOffset: number, betweenDocuments: boolean): unknown {
  if (err instanceof StreamSyntaxError || err instanceof KdiagError) return err;
  const msg = String((err as Error)?.message ?? err);
  const name = (err as Error)?.name ?? '';
  const pos = /absolute position "(\d+)"/.exec(msg);
  const state = /in state (\w+)/.exec(msg)?.[1] ?? /state: (\w+)/.exec(msg)?.[1] ?? '';
  if (/ended in the middle of a token|ended in mid-parsing/.test(msg)) {
    if (state.startsWith('STRING')) return new StreamSyntaxError(tokenizerOffset, 'string without a closing quote');
    return new StreamSyntaxError(Number.MAX_SAFE_INTEGER, 'unexpected end of input');
  }
  if (pos) {
    const at = Number(pos[1]);
    if (state === 'STRING_DEFAULT') {
      return new StreamSyntaxError(tokenizerOffset, /Unexpected "\n"/.test(msg) ? 'string without a closing quote' : 'control character in string');
    }
    if (state.startsWith('STRING_')) return new StreamSyntaxError(tokenizerOffset, 'invalid escape sequence in string');
    if (state.startsWith('NUMBER_')) return new StreamSyntaxError(tokenizerOffset, 'invalid number');
    return new StreamSyntaxError(at, undefined, betweenDocuments && state === 'START');
  }
  if (/^Unexpected /.test(msg) || name === 'TokenParserError') return new StreamSyntaxError(tokenOffset, undefined);
  return err;
}

function toFileOffset(fedOffset: number, cuts: [number, number][]): number {
  let off = fedOffset;
  for (const [at, n] of cuts) {
    if (at <= fedOffset) off += n;
    else break;
  }
  return off;
}

/**
 * 1-based line and column (UTF-16 code units, as the whole-file path counts them in the
 * decoded text without its BOM) of a byte offset of the file, and the character there
 * (undefined at the end), read again from the file.
 */
async function positionOf(path: string, offset: number, bom: number): Promise<Position> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const at = Math.min(offset, size);
    let line = 1;
    let lineStart = bom;
    const buf = Buffer.alloc(CHUNK);
    for (let pos = 0; pos < at; ) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(CHUNK, at - pos), pos);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(0x0a, 0); i >= 0 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) {
        line++;
        lineStart = pos + i + 1;
      }
      pos += bytesRead;
    }
    const span = at - lineStart;
    let col = span + 1;
    if (span <= 64 * 1024 * 1024) {
      const head = Buffer.alloc(span);
      if (span > 0) await fh.read(head, 0, span, lineStart);
      col = head.toString('utf8').length + 1;
    }
    let ch: string | undefined;
    if (at < size) {
      const b = Buffer.alloc(4);
      const { bytesRead } = await fh.read(b, 0, 4, at);
      ch = String.fromCodePoint(b.subarray(0, bytesRead).toString('utf8').codePointAt(0) ?? 0xfffd);
    }
    return { line, col, ch };
  } finally {
    await fh.close();
  }
}

function describeChar(ch: string | undefined): string {
  if (ch === undefined) return 'end of input';
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) ? `character '${ch}'` : `character ${JSON.stringify(ch)}`;
}
