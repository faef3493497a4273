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

/**
 * Parses a label selector.
 * @throws KdiagError `USAGE` for a malformed selector
 */
export function parseSelector(sel: string): Requirement[] {
  const out: Requirement[] = [];
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of sel) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  for (const raw of parts.map((p) => p.trim())) {
    if (!raw) continue;
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(raw))) {
      out.push({ key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim()) });
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(raw))) {
      out.push({ key: m[1], op: m[2] === '!=' ? 'ne' : 'eq', value: m[3] });
    } else if ((m = /^!\s*([\w./-]+)$/.exec(raw))) {
      out.push({ key: m[1], op: 'notexists' });
    } else if ((m = /^([\w./-]+)$/.exec(raw))) {
      out.push({ key: m[1], op: 'exists' });
    } else {
      throw new KdiagError('USAGE', `invalid label selector "${sel}": cannot parse "${raw}"`);
    }
  }
  return out;
}

/** True when `labels` satisfy every requirement. */
export function matchesSelector(reqs: Requirement[], labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'eq':
        return has && l[r.key] === r.value;
      case 'ne':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
  });
}
