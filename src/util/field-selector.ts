import { KdiagError } from '../errors.js';
import type { PodRaw } from '../objects/index.js';

/**
 * Field selectors (`kubectl --field-selector`), parsed and matched as the apiserver does
 * (k8s.io/apimachinery/pkg/fields/selector.go `ParseSelector`): terms joined by commas (AND),
 * each `field=value`, `field==value` or `field!=value`, split at the first operator; nothing
 * is trimmed; in a value, `\,`, `\=` and `\\` stand for `,`, `=` and `\`, and an unescaped
 * `,` or `=` is an error. A field the object does not have compares as the empty string, so
 * `spec.nodeName=` selects the pods not yet scheduled.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/
 */
export interface FieldRequirement {
  field: string;
  /** `eq` for `=` and `==`, `ne` for `!=`. */
  op: 'eq' | 'ne';
  /** The value, unescaped. */
  value: string;
}

/** Splits on commas not escaped by a backslash (the backslash stays: the value is unescaped later). */
function splitTerms(sel: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let slash = false;
  for (let i = 0; i < sel.length; i++) {
    const c = sel[i];
    if (slash) slash = false;
    else if (c === '\\') slash = true;
    else if (c === ',') {
      terms.push(sel.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(sel.slice(start));
  return terms;
}

/** `\,` `\=` `\\` -> `,` `=` `\`; null for another escape, a trailing backslash or a bare `,`/`=`. */
function unescapeValue(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      const next = s[++i];
      if (next !== '\\' && next !== ',' && next !== '=') return null;
      out += next;
    } else if (c === ',' || c === '=') return null;
    else out += c;
  }
  return out;
}

/**
 * Parses a field selector (see {@link FieldRequirement}). Empty terms are skipped, so `''`
 * selects everything.
 * @throws KdiagError `usage.fieldSelectorSyntax` for a term without an operator or with no
 *   field name, `usage.fieldSelectorValue` for a value with a bad escape or an unescaped `,`/`=`
 */
export function parseFieldSelector(sel: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const term of splitTerms(sel)) {
    if (term === '') continue;
    // the first operator wins, `!=` and `==` before `=` at the same place (splitTerm)
    const m = /!=|==|=/.exec(term);
    if (!m || m.index === 0) throw new KdiagError('usage.fieldSelectorSyntax', { selector: sel, term });
    const value = unescapeValue(term.slice(m.index + m[0].length));
    if (value === null) throw new KdiagError('usage.fieldSelectorValue', { selector: sel, term });
    out.push({ field: term.slice(0, m.index), op: m[0] === '!=' ? 'ne' : 'eq', value });
  }
  return out;
}

/** True when `fields` satisfy every requirement (a missing field is the empty string). */
export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  return reqs.every((r) => ((fields[r.field] ?? '') === r.value) === (r.op === 'eq'));
}

/**
 * The fields a pod can be selected by, as the apiserver lists them (pkg/registry/core/pod/
 * strategy.go `ToSelectableFields`, plus metadata.name and metadata.namespace).
 */
export const POD_SELECTABLE_FIELDS = [
  'metadata.name',
  'metadata.namespace',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.schedulerName',
  'spec.serviceAccountName',
  'spec.hostNetwork',
  'status.phase',
  'status.podIP',
  'status.nominatedNodeName',
] as const;

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/**
 * A pod's selectable fields and their values (see {@link POD_SELECTABLE_FIELDS}):
 * `spec.hostNetwork` is `true` or `false`; `status.podIP` is the first of `status.podIPs`,
 * else `status.podIP` (the API keeps both in step). An absent field is the empty string.
 */
export function podSelectableFields(p: PodRaw): Record<(typeof POD_SELECTABLE_FIELDS)[number], string> {
  const ips = Array.isArray(p?.status?.podIPs) ? p.status.podIPs : [];
  return {
    'metadata.name': str(p?.metadata?.name),
    'metadata.namespace': str(p?.metadata?.namespace),
    'spec.nodeName': str(p?.spec?.nodeName),
    'spec.restartPolicy': str(p?.spec?.restartPolicy),
    'spec.schedulerName': str(p?.spec?.schedulerName),
    'spec.serviceAccountName': str(p?.spec?.serviceAccountName),
    'spec.hostNetwork': String(p?.spec?.hostNetwork === true),
    'status.phase': str(p?.status?.phase),
    'status.podIP': str(ips[0]?.ip) || str(p?.status?.podIP),
    'status.nominatedNodeName': str(p?.status?.nominatedNodeName),
  };
}

/**
 * Parses a field selector for pods and checks its fields, as the apiserver answers a pod
 * list (`field label not supported: X`, a 400).
 * @returns a predicate over raw pods
 * @throws KdiagError as {@link parseFieldSelector}, and `usage.fieldSelectorField` for a field
 *   pods cannot be selected by
 */
export function podFieldMatcher(sel: string): (p: PodRaw) => boolean {
  const reqs = parseFieldSelector(sel);
  for (const r of reqs) {
    if (!(POD_SELECTABLE_FIELDS as readonly string[]).includes(r.field)) {
      throw new KdiagError('usage.fieldSelectorField', { field: r.field, supported: [...POD_SELECTABLE_FIELDS] });
    }
  }
  return (p) => matchesFields(reqs, podSelectableFields(p));
}
