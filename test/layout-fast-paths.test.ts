/**
 * The layout's fast paths give what the slow ones gave: `widthOf` (per-character widths for
 * text without joining characters) equals string-width, and `trimEnd` (a walk back from the
 * end) equals the regular expression it replaced, on random text mixing ASCII, CJK, emoji,
 * marks, ZWJ sequences, flags, Hangul jamo, ANSI color codes, tabs and spaces.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { maxOf, trimEnd, widthOf } from '../src/render/layout.js';

const PIECES = [
  'a', 'Z', '0', '-', ' ', '  ', '\t', '…', '→', '’', '—', '✓', '✗', '⚠', '©', '中', '文', 'ｶ', 'ﾞ', '한', '\u1100', '\u1161', '\u11a8',
  '😀', '👍', '🏽', '\u200d', '\ufe0f', '\u0301', 'é', 'e\u0301', '🇩', '🇪', '#\u20e3', '\u0600', 'क', '्', 'ष', '\u001b[31m', '\u001b[0m', '\u001b[1;33m', 'm', '[', '\u0007', '\u00a0',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((xs) => xs.join(''));

/** The trimEnd that was: a regular expression (quadratic in a run of spaces). */
const trimEndRegex = (line: string) => line.replace(/(?:[ \t]|\u001b\[[0-9;]*m)+$/, (m) => m.replace(/[ \t]/g, ''));

describe('layout fast paths', () => {
  it('widthOf equals string-width', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(widthOf(s)).toBe(stringWidth(s));
      }),
      { numRuns: 3000 },
    );
    expect(widthOf('CrashLoopBackOff → 中文 …')).toBe(stringWidth('CrashLoopBackOff → 中文 …'));
  });

  it('trimEnd equals the regular expression it replaced', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(trimEnd(s)).toBe(trimEndRegex(s));
      }),
      { numRuns: 3000 },
    );
    expect(trimEnd('web-1   \u001b[39m  ')).toBe('web-1\u001b[39m');
    expect(trimEnd('x [1m  ')).toBe('x [1m');
  });

  it('maxOf takes the largest of more values than Math.max(...xs) can', () => {
    const xs = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 100_003);
    expect(() => Math.max(...xs)).toThrow(RangeError);
    expect(maxOf(xs)).toBe(100_002);
    expect(maxOf([], 3)).toBe(3);
  });
});
