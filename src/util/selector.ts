import { KdiagError } from '../errors.js';

/**
 * Label selectors as `kubectl -l` accepts them: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a`, `!a`, joined by commas (AND).
 * Source: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
export type Requirement =
  | { key: string; op: 'eq' | 'ne'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

// label keys and values as apimachinery validates them (k8s.io/apimachinery/pkg/labels/selector.go)
const KEY = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?)`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EXISTS_RE = new RegExp(`^(!?)\\s*(${KEY})$`);
const EQ_RE = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET_RE = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);

/** Splits on commas outside parentheses (`a in (x,y),b` -> `a in (x,y)`, `b`). */
function splitTop(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * Parses a label selector.
 * @throws KdiagError `USAGE` for a malformed selector
 */
export function parseSelector(sel: string): Requirement[] {
  const out: Requirement[] = [];
  for (const raw of splitTop(sel).map((p) => p.trim())) {
    if (!raw) continue;
    let m: RegExpExecArray | null;
    if ((m = SET_RE.exec(raw))) {
      const values = m[3].split(',').map((v) => v.trim());
      if (values.some((v) => !VALUE_RE.test(v))) throw new KdiagError('usage.selectorValue', { selector: sel, term: raw });
      out.push({ key: m[1], op: m[2] as 'in' | 'notin', values });
    } else if ((m = EQ_RE.exec(raw))) {
      out.push({ key: m[1], op: m[2] === '!=' ? 'ne' : 'eq', value: m[3] });
    } else if ((m = EXISTS_RE.exec(raw))) {
      out.push({ key: m[2], op: m[1] ? 'notexists' : 'exists' });
    } else {
      throw new KdiagError('usage.selectorSyntax', { selector: sel, term: raw });
    }
  }
  return out;
}

/** True when `labels` satisfy every requirement. */
export function matchesSelector(reqs: Requirement[], labels: Record<string, string | null | undefined> | null | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'eq':
        return has && l[r.key] === r.value;
      case 'ne':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key] ?? '');
      case 'notin':
        return !has || !r.values.includes(l[r.key] ?? '');
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}
