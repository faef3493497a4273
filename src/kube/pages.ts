/**
 * Response bodies and list pages: decoding (gzip, deflate, br), cutting `managedFields` out
 * before parsing, and reading a page's continue token ahead of parsing. Nothing here
 * touches the network or client-node (see client.ts).
 */
import { promisify } from 'node:util';
import { brotliDecompress, constants as zlibConstants, gunzip, gunzipSync, inflate, inflateRaw, type ZlibOptions } from 'node:zlib';

/** A response as read off the wire: status, body still content-encoded, and its Content-Encoding. */
export interface RawResponse {
  status: number;
  /** The body as received (bytes), not decoded. */
  body: Buffer;
  /** Content-Encoding header (`gzip`, `deflate`, `br`) or null. */
  coding: string | null;
}

/** A decoded list page: its items and the continue token of the next page, if any. */
export interface ListPage<T> {
  items: T[];
  continue?: string;
  /** The list's `metadata.resourceVersion`: where a watch of the same collection resumes. */
  resourceVersion?: string;
}

const ZLIB: ZlibOptions = { flush: zlibConstants.Z_SYNC_FLUSH, finishFlush: zlibConstants.Z_SYNC_FLUSH, chunkSize: 256 * 1024 };
const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);
const brotliAsync = promisify(brotliDecompress);

/**
 * Decodes a response body by its Content-Encoding, as node-fetch would (gzip; deflate, raw
 * or zlib-wrapped; br; anything else as is), but on the whole body at once: one job on
 * libuv's thread pool, gzip into one output buffer of the size its trailer gives (see
 * {@link gunzipChunkSize}), the others in 256 KiB chunks, instead of a stream of 16 KiB
 * chunks, each a callback on the main thread (a 10,000-pod list inflates to ~100 MB).
 */
export async function decodeBody(body: Buffer, coding: string | null): Promise<Buffer> {
  if (!body.length || coding === null) return body;
  if (coding === 'gzip' || coding === 'x-gzip') return gunzipAsync(body, { ...ZLIB, chunkSize: gunzipChunkSize(body) });
  // old servers send raw deflate: a zlib stream starts with a CMF byte whose low nibble is 8
  if (coding === 'deflate' || coding === 'x-deflate') return ((body[0]! & 0x0f) === 0x08 ? inflateAsync : inflateRawAsync)(body, ZLIB);
  if (coding === 'br') return brotliAsync(body, { chunkSize: ZLIB.chunkSize });
  return body;
}

/** The largest output buffer {@link gunzipChunkSize} asks zlib for at once (bytes). */
const MAX_GUNZIP_CHUNK = 64 * 1024 * 1024;

/**
 * The output chunk size to inflate a gzip body with, in bytes: the size of the whole output,
 * read from the gzip trailer (ISIZE, the last 4 bytes, little-endian: the input's length
 * modulo 2^32, RFC 1952 section 2.3.1), plus one byte so that zlib does not see a full buffer
 * and allocate another. The body then inflates into one buffer, which zlib returns as it is,
 * instead of ~20 buffers of 256 KiB that are then copied into one (a 500-pod page is ~5 MB).
 * The trailer is only a hint: a body larger than it says (several gzip members, a length over
 * 4 GiB) just inflates into more chunks, and the hint is bounded by 256 KiB below and
 * {@link MAX_GUNZIP_CHUNK} above, so a lying trailer cannot make kdiag allocate more.
 */
export function gunzipChunkSize(body: Buffer): number {
  const isize = body.length >= 18 ? body.readUInt32LE(body.length - 4) : 0;
  return Math.min(MAX_GUNZIP_CHUNK, Math.max(ZLIB.chunkSize!, isize + 1));
}

/**
 * A member of the API's objects that kdiag never reads, cut out of a body before parsing:
 * `managedFields` (every object's metadata: ~40 % of a pod's bytes and the slowest part to
 * parse) and `template` (the pod template of a Deployment, ReplicaSet, StatefulSet, DaemonSet
 * or Job: kdiag reads the pods themselves, never their controllers' templates).
 */
export type Cut = 'managedFields' | 'template';

/** Each cut as bytes: the member's key with its colon, the bracket that must open its value, and the empty value put in its place. */
const CUTS: Record<Cut, { pattern: Buffer; bracket: number; empty: Buffer }> = {
  managedFields: { pattern: Buffer.from('"managedFields":'), bracket: 0x5b /* [ */, empty: Buffer.from('[]') },
  template: { pattern: Buffer.from('"template":'), bracket: 0x7b /* { */, empty: Buffer.from('{}') },
};
const QUOTE = 0x22;
/** JSON's whitespace bytes: space, tab, line feed, carriage return. */
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const BACKSLASH = 0x5c;

/**
 * The JSON text of a decoded body with the value of every member named by `cuts` replaced
 * by an empty one (`"managedFields":[]`, `"template":{}`), cut at the byte level, before the
 * bytes become a string: what is cut is neither decoded from UTF-8 nor parsed. The kept bytes
 * are moved down within `buf` itself (no second buffer of the page's size is allocated and
 * filled), so **`buf` is overwritten**: pass a buffer that is not read afterwards (a decoded
 * response body).
 *
 * A member is found by its key and colon (`"managedFields":`) followed, after any whitespace,
 * by the bracket its value must open with (a value of another type is left alone). Such a
 * byte sequence cannot lie inside a JSON string unless its first quote is escaped (checked:
 * see {@link escaped}), so every other match is a member; every byte sought is ASCII, so a
 * cut never splits a UTF-8 sequence. The value is skipped by counting brackets outside
 * strings (see {@link skipValue}), with a fast path for `managedFields` (see
 * {@link managedFieldsEnd}). A value that never closes ends the cutting: the rest of the text
 * is kept as it is, for JSON.parse to reject.
 *
 * With several cuts, a key is sought only up to the nearest match of another (see
 * {@link nextCut}), so that no search runs through bytes another cut skips: in a Deployment
 * list, `"template":` is not sought through the next object's ~5 KB of `managedFields`.
 * @param buf a decoded body (see {@link decodeBody}); overwritten
 * @returns the compacted JSON text
 */
export function compactJson(buf: Buffer, cuts: readonly Cut[] = ['managedFields']): string {
  const kinds: Seek[] = cuts.map((c) => ({ ...CUTS[c], fast: c === 'managedFields', at: -1, from: 0, cut: -1 }));
  // bytes [0, to) are the compacted text so far; bytes from `from` on are not looked at yet
  let to = 0;
  let from = 0;
  let n = 0;
  for (;;) {
    const next = nextCut(buf, kinds, from);
    if (!next) break;
    let open = next.at + next.pattern.length;
    while (WHITESPACE.has(buf[open]!)) open++;
    const quote = next.at;
    next.at = -1;
    if (buf[open] !== next.bracket || escaped(buf, quote)) {
      next.from = open;
      continue;
    }
    const end = next.fast ? managedFieldsEnd(buf, open) : skipValue(buf, open);
    if (end < 0) break;
    buf.copyWithin(to, from, open);
    to += open - from;
    to += next.empty.copy(buf, to);
    from = end;
    next.cut = n++;
  }
  if (from === 0) return buf.toString('utf8');
  buf.copyWithin(to, from);
  return buf.toString('utf8', 0, to + buf.length - from);
}

/**
 * Whether the quote at `i` is escaped (preceded by an odd number of backslashes): then the
 * key that seemed to start there is the end of a longer string (a key `a"managedFields`
 * is written `"a\"managedFields":`), not a member of that name.
 */
function escaped(buf: Buffer, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && buf[i - n - 1] === BACKSLASH) n++;
  return n % 2 === 1;
}

/** A cut's state in {@link compactJson}: its next match, when known, and where to seek it. */
interface Seek {
  pattern: Buffer;
  bracket: number;
  empty: Buffer;
  fast: boolean;
  /** Index of its next match at or after the current position; -1: not known. */
  at: number;
  /** No match of it starts before this index (where its next search begins); Infinity: none is left. */
  from: number;
  /** When it was last cut (a counter); -1: never. */
  cut: number;
}

/**
 * The cut whose key comes first at or after `pos`, with `at` set; undefined when none is
 * left. The keys not yet found are sought least recently cut first, each only up to the
 * nearest match found so far: with the apiserver's field order (metadata with its
 * managedFields, then spec with the template), the two keys of a pod controller list
 * alternate, so each search stops at the other's next match instead of running through it.
 */
function nextCut(buf: Buffer, kinds: Seek[], pos: number): Seek | undefined {
  let next: Seek | undefined;
  for (const k of kinds) {
    if (k.at >= 0 && k.at < pos) k.at = -1; // inside what was cut
    if (k.at >= 0 && (!next || k.at < next.at)) next = k;
  }
  // bit i: kinds[i] sought already (no array is made per cut: a pod page has ~500 of them)
  let sought = 0;
  for (;;) {
    let k: Seek | undefined;
    let bit = 0;
    for (let i = 0; i < kinds.length; i++) {
      const c = kinds[i];
      if (c.at < 0 && c.from !== Infinity && !(sought & (1 << i)) && (!k || c.cut < k.cut)) (k = c), (bit = 1 << i);
    }
    if (!k) return next;
    sought |= bit;
    const start = Math.max(pos, k.from);
    if (!next) {
      const i = buf.indexOf(k.pattern, start);
      if (i < 0) k.from = Infinity;
      else (k.at = i), (next = k);
    } else if (start < next.at) {
      // a match that starts before next.at, even one running past it
      const i = buf.subarray(start, next.at + k.pattern.length - 1).indexOf(k.pattern);
      if (i < 0) k.from = next.at;
      else (k.at = start + i), (next = k);
    }
  }
}

/**
 * Index just past the `managedFields` array that opens at `open`; -1 if it never closes.
 *
 * Fast path, two native searches instead of a walk over its ~5 KB: the apiserver writes
 * `managedFields` as the last member of `metadata` (ObjectMeta's field order), so the array
 * is followed by `},"` (metadata closes, the object's next key begins), and its entries hold
 * strings and objects only (fieldsV1 is a tree of objects), never an array. So when no `[`
 * follows `open` before the first `]},"`, that `]` closes the array: `]},"` cannot be inside
 * a JSON string (its quote would be escaped), and any other `]` outside strings would need a
 * `[`. Otherwise (another order, a `[` in some string), brackets are counted.
 */
function managedFieldsEnd(buf: Buffer, open: number): number {
  const e = buf.indexOf(']},"', open + 1);
  if (e > 0) {
    const bracket = buf.indexOf(0x5b /* [ */, open + 1);
    if (bracket < 0 || bracket > e) return e + 1;
  }
  return skipValue(buf, open);
}

/**
 * Index just past the array or object that opens at `start`; -1 if it never closes. One
 * pass over the bytes: brackets are counted outside strings, and a string is skipped to its
 * closing quote, the byte after each backslash being skipped with it (every JSON escape,
 * `\"` included, is a backslash and at least one more byte; UTF-8 continuation bytes are
 * never a quote or a backslash).
 */
function skipValue(b: Buffer, start: number): number {
  const n = b.length;
  let depth = 0;
  for (let i = start; i < n; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      for (i++; i < n; i++) {
        const d = b[i]!;
        if (d === QUOTE) break;
        if (d === BACKSLASH) i++;
      }
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) depth++;
    else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * The continue token of a list page, read from the head of its JSON text (the apiserver
 * writes `kind`, `apiVersion`, `metadata`, then `items`); undefined when there is none
 * before `"items"` or no `"items"` near the start.
 */
export function continueAhead(text: string): string | undefined {
  const items = text.indexOf('"items":');
  if (items < 0 || items > 4096) return undefined;
  return /"continue":"([^"\\]*)"/.exec(text.slice(0, items))?.[1] || undefined;
}


/** The body of a response as text (UTF-8), decoded by its Content-Encoding. */
export async function bodyText(r: Pick<RawResponse, 'body' | 'coding'>): Promise<string> {
  return (await decodeBody(r.body, r.coding)).toString('utf8');
}

/** Compressed bytes inflated to read a page's head: ~2 KB of gzip hold far more than the ~300-byte head. */
const PEEK_BYTES = 4096;

/**
 * The continue token of a list page, read from the head of the body without decoding all of
 * it (a gzipped 500-pod page is ~0.6 MB, ~5 MB inflated): the first {@link PEEK_BYTES} are
 * inflated with Z_SYNC_FLUSH, which gives what they hold instead of failing on a cut stream.
 * Undefined when there is none in the head (see {@link continueAhead}) or the encoding is not
 * gzip or identity; the caller then waits for the parsed page.
 */
export function peekContinue(r: Pick<RawResponse, 'body' | 'coding'>): string | undefined {
  let head: string;
  if (r.coding === null) head = r.body.toString('utf8', 0, 8192);
  else if (r.coding === 'gzip' || r.coding === 'x-gzip') {
    try {
      head = gunzipSync(r.body.subarray(0, PEEK_BYTES), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    } catch {
      return undefined;
    }
  } else return undefined;
  return continueAhead(head);
}

/**
 * Parses a decoded JSON body without the members `cuts` names (see {@link compactJson}:
 * `managedFields` by default, which kdiag never reads).
 * @throws SyntaxError when the body is not JSON
 */
export function parseJson<T>(buf: Buffer, cuts?: readonly Cut[]): T {
  return JSON.parse(compactJson(buf, cuts)) as T;
}

/** A list page's items, continue token and resourceVersion. @throws SyntaxError when the body is not JSON */
export function parseListPage<T>(buf: Buffer, cuts?: readonly Cut[]): ListPage<T> {
  const page = parseJson<{ items?: unknown; metadata?: { continue?: unknown; resourceVersion?: unknown } }>(buf, cuts);
  const token = page?.metadata?.continue;
  const rv = page?.metadata?.resourceVersion;
  return {
    items: Array.isArray(page?.items) ? (page.items as T[]) : [],
    continue: typeof token === 'string' && token ? token : undefined,
    resourceVersion: typeof rv === 'string' && rv ? rv : undefined,
  };
}
