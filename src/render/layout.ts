/**
 * Laying text out in a terminal's width: wrapping that never splits a URL, names broken at
 * their hyphens, hanging indents, and no trailing spaces. Widths are display columns (wide
 * CJK characters and emoji count 2, as string-width measures them). A width of `Infinity`
 * means no limit: stdout is a pipe or a file, and every line stays whole.
 */
import stringWidth from 'string-width';

/** A URL: a scheme, `://`, and everything up to a space or quote; trailing punctuation is not part of it. */
// (the scheme's length is bounded so that a long word without `://` costs linear time)
const URL_RE = /[a-z][a-z0-9+.-]{0,31}:\/\/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}]/gi;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\x20-\x7e]*$/;
/** Chinese, Japanese and Korean text: lines may break between any two of its characters. */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;
const JOINS = /^(?:\p{M}|\u200d|[\ufe00-\ufe0f]|\p{Emoji_Modifier})$/u;

/**
 * The characters of `s` as a terminal draws them: code points, with combining marks,
 * variation selectors, skin tones and ZWJ sequences kept with the character before them.
 * (Intl.Segmenter would be exact, but takes time quadratic in the length in V8: 0.7 s for
 * 50,000 characters, and a log line can be longer.)
 */
function graphemes(s: string): string[] {
  if (ASCII.test(s)) return s.split('');
  const out: string[] = [];
  let join = false;
  for (const ch of s) {
    if (out.length && (join || JOINS.test(ch))) out[out.length - 1] += ch;
    else out.push(ch);
    join = ch === '\u200d';
  }
  return out;
}

/**
 * Characters that join a grapheme cluster with their neighbours (marks, ZWJ, variation
 * selectors, skin tones, flags' regional indicators, Hangul jamo, prepended marks, emoji tag
 * characters) or start an ANSI escape, which string-width strips: text without any is as wide
 * as the sum of its code points' widths.
 */
const CLUSTERS =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\p{Grapheme_Extend}\p{Mc}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u001b\u009b\u{e0000}-\u{e007f}]/u;

/**
 * Display width, with a fast path for printable ASCII (most of what kdiag prints). Other text
 * without characters that join clusters ({@link CLUSTERS}: `…`, `→`, `’`, CJK text) is the sum
 * of its characters' remembered widths, the same number string-width gives: string-width
 * segments with Intl.Segmenter, tens of µs a call, which made most of the time of a table at
 * a terminal's width. Long text is measured a character at a time: Intl.Segmenter takes time
 * quadratic in the length (see {@link graphemes}).
 */
export function widthOf(s: string): number {
  if (ASCII.test(s)) return s.length;
  const clusters = CLUSTERS.test(s);
  if (clusters && s.length < 256) return stringWidth(s);
  let w = 0;
  if (!clusters) {
    for (const ch of s) w += charWidth(ch);
    return w;
  }
  for (const g of graphemes(s)) w += charWidth(g);
  return w;
}

const CHAR_WIDTHS = new Map<string, number>();

/** The width of one character as {@link graphemes} splits them, remembered. */
function charWidth(g: string): number {
  if (g.length === 1 && g.charCodeAt(0) >= 0x20 && g.charCodeAt(0) < 0x7f) return 1;
  let w = CHAR_WIDTHS.get(g);
  if (w === undefined) {
    w = stringWidth(g);
    if (CHAR_WIDTHS.size < 10_000) CHAR_WIDTHS.set(g, w);
  }
  return w;
}

/** Display width of text that may hold color codes (SGR sequences, which take no room). */
export function visibleWidth(s: string): number {
  // eslint-disable-next-line no-control-regex
  return widthOf(s.includes('\u001b') ? s.replace(/\u001b\[[0-9;]*m/g, '') : s);
}

/** Whether `s` is one URL and nothing else. */
export function isUrl(s: string): boolean {
  if (!s.includes('://')) return false;
  URL_RE.lastIndex = 0;
  const m = URL_RE.exec(s);
  return !!m && m.index === 0 && m[0].length === s.length;
}

/** A word of a line; `glued`: no space before it (text around a URL, as in `(https://x).`). */
interface Word {
  text: string;
  glued: boolean;
}

/** The words of a line: split at single spaces (runs of spaces survive inside a line), with each URL a word of its own. */
function words(line: string): Word[] {
  const out: Word[] = [];
  for (const token of line.split(' ')) {
    URL_RE.lastIndex = 0;
    if (!token.includes('://')) {
      out.push({ text: token, glued: false });
      continue;
    }
    let at = 0;
    let glued = false;
    for (const m of token.matchAll(URL_RE)) {
      if (m.index > at) {
        out.push({ text: token.slice(at, m.index), glued });
        glued = true;
      }
      out.push({ text: m[0], glued });
      glued = true;
      at = m.index + m[0].length;
    }
    if (at < token.length) out.push({ text: token.slice(at), glued });
  }
  return out;
}

/**
 * Splits a word into pieces of at most `first` columns (the rest of a line), then `width`
 * columns each; the first piece is empty when not even one character fits in `first`.
 */
function breakWord(word: string, first: number, width: number): string[] {
  const pieces: string[] = [];
  let cur = '';
  let w = 0;
  let room = first;
  let firstPiece = true;
  for (const segment of graphemes(word)) {
    const sw = charWidth(segment);
    // a piece holds at least one character, but for the first, whose room may be too small
    // even for that (1 column left, a wide character): it is then empty
    if (w + sw > room && (cur || (firstPiece && room < width))) {
      firstPiece = false;
      pieces.push(cur);
      cur = '';
      w = 0;
      room = width;
    }
    cur += segment;
    w += sw;
  }
  pieces.push(cur);
  return pieces;
}

/**
 * Wraps text to `width` columns, as a terminal user reads it: at spaces; a word longer than a
 * line is broken across lines (CJK text has no spaces); a URL is never broken: if it does not
 * fit the rest of a line it starts the next, and one longer than `width` stands alone on its
 * own line, the only kind of line that can be wider than `width`. The text's own newlines are
 * kept. No line ends with a space.
 *
 * @param text plain text (no ANSI colors: measure before coloring)
 * @param width columns; `Infinity`: the text's own lines, unwrapped
 * @param maxLines keep the first `maxLines` lines, the last one ending in `…`
 * @returns the lines
 */
export function wrapLines(text: string, width: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    if (!Number.isFinite(width)) {
      lines.push(para.trimEnd());
      continue;
    }
    const first = lines.length;
    let cur = '';
    let curW = 0;
    const flush = () => {
      if (cur) lines.push(cur.trimEnd());
      cur = '';
      curW = 0;
    };
    for (const w of words(para)) {
      const sep = cur && !w.glued ? ' ' : '';
      const ww = widthOf(w.text);
      if (curW + sep.length + ww <= width) {
        cur += sep + w.text;
        curW += sep.length + ww;
      } else if ((ww <= width && !CJK.test(w.text)) || isUrl(w.text)) {
        // on the next line; a URL too long for any line stands alone
        flush();
        cur = w.text;
        curW = ww;
        if (ww > width) flush();
      } else {
        // a long word, or CJK text (which breaks between any two characters): fill the rest
        // of this line, then whole lines
        const room = width - curW - sep.length;
        const pieces = breakWord(w.text, room > 0 ? room : width, width);
        if (room > 0) {
          const head = pieces.shift();
          if (head) cur += sep + head;
        }
        for (const piece of pieces) {
          flush();
          cur = piece;
          curW = widthOf(piece);
        }
      }
    }
    // an empty paragraph is an empty line; one that ended with a URL alone has none left over
    if (cur || lines.length === first) lines.push(cur.trimEnd());
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  // the ellipsis goes at the end of the last line kept, cutting it if need be, but never a
  // URL: a last line that ends with one too long to cut is left out
  while (kept.length > 1 && widthOf(kept[kept.length - 1]) + 1 > width && endsWithUrl(kept[kept.length - 1])) kept.pop();
  const last = kept[kept.length - 1];
  if (widthOf(last) + 1 <= width) kept[kept.length - 1] = `${last}…`;
  else if (!endsWithUrl(last)) kept[kept.length - 1] = `${breakWord(last, width - 1, width - 1)[0]}…`;
  return kept;
}

/** Whether the last word of a line is (or ends with) a URL, which an ellipsis must not cut. */
function endsWithUrl(line: string): boolean {
  const ws = words(line);
  return ws.length > 0 && isUrl(ws[ws.length - 1].text);
}

/**
 * Breaks a name (pod, namespace, status: no spaces) into lines of at most `width` columns,
 * where a reader would: after a `-`, `.`, `:` or `/`, or between the words of a CamelCase
 * reason (`CreateContainer` `ConfigError`), when one falls in the line; else anywhere.
 */
export function breakName(name: string, width: number): string[] {
  if (widthOf(name) <= width) return [name];
  const out: string[] = [];
  let line: string[] = [];
  let w = 0;
  // index in `line` where the line may end (before it), 0 when none yet
  let cut = 0;
  for (const segment of graphemes(name)) {
    const sw = charWidth(segment);
    if (w + sw > width && line.length) {
      const at = cut > 0 ? cut : line.length;
      out.push(line.slice(0, at).join(''));
      line = line.slice(at);
      w = line.reduce((a, g) => a + charWidth(g), 0);
      cut = 0;
    }
    const prev = line[line.length - 1];
    if (prev !== undefined && ('-.:/'.includes(prev) || (/^[A-Z]$/.test(segment) && /^[a-z]$/.test(prev)))) cut = line.length;
    line.push(segment);
    w += sw;
  }
  if (line.length) out.push(line.join(''));
  return out;
}

/**
 * Column widths for a table that must fit `width` columns, shrinking only the columns with a
 * weight, never below `min[i]`: one column at a time, the one whose narrowing wraps the
 * fewest more cells (counted times its weight; then the widest), so most rows stay one line.
 *
 * @param cellWidths each column's cell widths (header first)
 * @param gap columns between two columns
 * @param weight per column: 0 = never narrowed; higher = wrapping its cells costs more
 * @returns the widths; they may still add up to more than `width` when the minimums do
 */
export function fitColumns(cellWidths: number[][], width: number, gap: number, weight: number[], min: number[]): number[] {
  const widths = cellWidths.map((ws) => maxOf(ws, 0));
  if (!Number.isFinite(width)) return widths;
  // cells wider than w, per column, from a sorted copy: wrapped(i, w)
  const sorted = cellWidths.map((ws) => [...ws].sort((a, b) => a - b));
  const wrapped = (i: number, w: number) => {
    const s = sorted[i];
    let lo = 0;
    let hi = s.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid] <= w) lo = mid + 1;
      else hi = mid;
    }
    return s.length - lo;
  };
  let total = widths.reduce((a, b) => a + b, 0) + gap * (widths.length - 1);
  while (total > width) {
    let best = -1;
    let bestCost = Infinity;
    for (let i = 0; i < widths.length; i++) {
      if (!weight[i] || widths[i] <= min[i]) continue;
      const cost = wrapped(i, widths[i] - 1) * weight[i];
      if (cost < bestCost || (cost === bestCost && widths[i] > widths[best])) {
        best = i;
        bestCost = cost;
      }
    }
    if (best < 0) break;
    widths[best]--;
    total--;
  }
  return widths;
}

/**
 * The largest of `xs`, or `floor` when larger; a loop, not `Math.max(...xs)`, whose arguments
 * overflow the stack from ~125,000 values (a table of that many rows).
 */
export function maxOf(xs: readonly number[], floor = -Infinity): number {
  let m = floor;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/**
 * Puts `prefix` before the first line and `indent` before the others, as a label column
 * does. A line too wide to sit after them (a URL longer than the text column) goes on a
 * line of its own, indented by 2 when that fits, else not at all; when it is the first line,
 * the prefix stands alone on the line before it.
 * @param width the whole line's width (`Infinity`: no limit)
 */
export function hang(lines: string[], prefix: string, indent: string, width: number): string[] {
  const out: string[] = [];
  const pw = visibleWidth(prefix);
  lines.forEach((l, i) => {
    const lw = visibleWidth(l);
    if (pw + lw <= width) out.push(`${i === 0 ? prefix : indent}${l}`);
    else {
      if (i === 0 && prefix.trim()) out.push(prefix);
      out.push(`${lw + 2 <= width ? '  ' : ''}${l}`);
    }
  });
  return out.map((l) => trimEnd(l));
}

/**
 * Joins parts with `sep` on as few lines as fit in `width`, each further line starting with
 * `indent`: `Status: X   Ready: 0/1   Restarts: 6` on a narrow terminal. Parts may hold colors.
 */
export function joinFit(parts: string[], sep: string, width: number, indent: string): string[] {
  const vis = visibleWidth;
  const out: string[] = [];
  let cur = '';
  for (const p of parts) {
    if (!cur) cur = p;
    else if (vis(cur) + sep.length + vis(p) <= width) cur += sep + p;
    else {
      out.push(cur);
      cur = indent + p;
    }
  }
  out.push(cur);
  return out;
}

/**
 * Removes trailing spaces, also those before trailing color codes (`text   \u001b[39m`): what
 * `line.replace(/(?:[ \t]|\u001b\[[0-9;]*m)+$/, (m) => m.replace(/[ \t]/g, ''))` does, by a walk
 * back from the end. (That regular expression, tried at every position of the line, takes time
 * quadratic in each run of spaces: a table row's padding made it the slowest part of a table.)
 */
export function trimEnd(line: string): string {
  let i = line.length;
  const last = line.charCodeAt(i - 1);
  if (last !== 0x20 && last !== 0x09 && last !== 0x6d /* m */) return line;
  let codes = '';
  while (i > 0) {
    const ch = line.charCodeAt(i - 1);
    if (ch === 0x20 || ch === 0x09) {
      i--;
      continue;
    }
    if (ch !== 0x6d) break;
    // an SGR sequence `ESC [ digits-and-semicolons m` ending here is kept
    let j = i - 2;
    while (j >= 0 && ((line.charCodeAt(j) >= 0x30 && line.charCodeAt(j) <= 0x39) || line.charCodeAt(j) === 0x3b)) j--;
    if (j < 1 || line.charCodeAt(j) !== 0x5b || line.charCodeAt(j - 1) !== 0x1b) break;
    codes = line.slice(j - 1, i) + codes;
    i = j - 1;
  }
  return line.slice(0, i) + codes;
}

/** {@link trimEnd} on every line of a text. */
export function trimLines(text: string): string {
  return text
    .split('\n')
    .map((l) => trimEnd(l))
    .join('\n');
}
