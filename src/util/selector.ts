import { KdiagError } from '../errors.js';

/**
 * Label selectors as `kubectl -l` accepts them: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a`, `!a`, `a>5`, `a<5`, joined by commas (AND).
 * Source: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 * and the apiserver's parser (k8s.io/apimachinery/pkg/labels/selector.go), which also takes
 * `>` and `<` with an integer.
 */
export type Requirement =
  | { key: string; op: 'eq' | 'ne'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: bigint }
  | { key: string; op: 'exists' | 'notexists' };

// label keys and values as apimachinery validates them (k8s.io/apimachinery/pkg/util/validation):
// a key is an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters; a
// value is at most 63 characters, empty or alphanumeric at both ends
const NAME = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)`;
const KEY = String.raw`(?:[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?/)?${NAME}`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EXISTS_RE = new RegExp(`^(!?)\\s*(${KEY})$`);
const EQ_RE = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET_RE = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const CMP_RE = new RegExp(`^(${KEY})\\s*([<>])\\s*(${VALUE})$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);
const INT64_MAX = 2n ** 63n - 1n;

/** Whether a key is within the API's lengths: name <= 63 characters, prefix <= 253. */
function keyFits(key: string): boolean {
  const slash = key.indexOf('/');
  return key.length - slash - 1 <= 63 && slash <= 253;
}

/** Whether values are within the API's length: 63 characters. */
function valuesFit(values: string[]): boolean {
  return values.every((v) => v.length <= 63);
}

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
 * Parses a label selector, as strictly as the apiserver does, so that a selector refused here
 * would be refused by the cluster too (and the live and snapshot paths give the same error).
 * @throws KdiagError `usage.selectorSyntax` for a term of none of the forms or a key the API
 *   rejects (a name over 63 characters), `usage.selectorValue` for a value it rejects (`in ()`,
 *   `a>x`, over 63 characters)
 */
export function parseSelector(sel: string): Requirement[] {
  const out: Requirement[] = [];
  for (const raw of splitTop(sel).map((p) => p.trim())) {
    if (!raw) continue;
    const bad = (id: 'usage.selectorValue' | 'usage.selectorSyntax') => new KdiagError(id, { selector: sel, term: raw });
    let m: RegExpExecArray | null;
    if ((m = SET_RE.exec(raw))) {
      const values = m[3].split(',').map((v) => v.trim());
      if (!keyFits(m[1])) throw bad('usage.selectorSyntax');
      if (!m[3].trim() || values.some((v) => !VALUE_RE.test(v)) || !valuesFit(values)) throw bad('usage.selectorValue');
      out.push({ key: m[1], op: m[2] as 'in' | 'notin', values });
    } else if ((m = EQ_RE.exec(raw))) {
      if (!keyFits(m[1])) throw bad('usage.selectorSyntax');
      if (!valuesFit([m[3]])) throw bad('usage.selectorValue');
      out.push({ key: m[1], op: m[2] === '!=' ? 'ne' : 'eq', value: m[3] });
    } else if ((m = CMP_RE.exec(raw))) {
      // the API takes an int64 (strconv.ParseInt): a label value cannot carry a sign
      if (!keyFits(m[1])) throw bad('usage.selectorSyntax');
      if (!/^\d+$/.test(m[3]) || BigInt(m[3]) > INT64_MAX) throw bad('usage.selectorValue');
      out.push({ key: m[1], op: m[2] === '>' ? 'gt' : 'lt', value: BigInt(m[3]) });
    } else if ((m = EXISTS_RE.exec(raw))) {
      if (!keyFits(m[2])) throw bad('usage.selectorSyntax');
      out.push({ key: m[2], op: m[1] ? 'notexists' : 'exists' });
    } else {
      throw bad('usage.selectorSyntax');
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
      case 'gt':
      case 'lt': {
        // as the apiserver: the label must hold an integer, else the pod is not selected
        const v = has ? l[r.key] : null;
        if (!v || !/^[+-]?\d+$/.test(v)) return false;
        const n = BigInt(v);
        if (n > INT64_MAX || n < -INT64_MAX - 1n) return false;
        return r.op === 'gt' ? n > r.value : n < r.value;
      }
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}
