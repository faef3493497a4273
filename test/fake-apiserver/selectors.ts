/**
 * Label and field selectors as the apiserver parses them
 * (k8s.io/apimachinery/pkg/labels/selector.go, k8s.io/apimachinery/pkg/fields/selector.go).
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/field-selectors/
 */

import { matchesFields, parseFieldSelector as parseFields, type FieldRequirement } from '../../src/util/field-selector.js';
import { matchesSelector, parseSelector, type Requirement } from '../../src/util/selector.js';

/** Thrown for a selector the apiserver would reject; the server turns it into a 400 Status. */
export class SelectorError extends Error {}

/**
 * Parses a label selector with kdiag's own parser (src/facts/selector.ts, which `kdiag -l`
 * uses on snapshots), so the fake and the snapshot path select the same pods.
 * Empty string = everything.
 * @returns a predicate over an object's labels
 * @throws SelectorError on a syntax error (the server answers 400)
 */
export function parseLabelSelector(sel: string | undefined): ((labels: Record<string, string | null | undefined> | null | undefined) => boolean) | undefined {
  if (sel === undefined || sel.trim() === '') return undefined;
  let reqs: Requirement[];
  try {
    reqs = parseSelector(sel);
  } catch (e) {
    throw new SelectorError(`unable to parse requirement: ${(e as Error).message}`);
  }
  return (labels) => matchesSelector(reqs, labels);
}

/**
 * Parses a field selector with kdiag's own parser (src/util/field-selector.ts, which
 * `kdiag --field-selector` uses on snapshots: the apiserver's syntax and escapes), and checks
 * its fields against those the resource supports.
 * @param fields the selectable field names of the resource (the apiserver's `ToSelectableFields`)
 * @returns a predicate over the object's field set
 * @throws SelectorError `field label not supported: X` like the apiserver, or on a syntax error
 */
export function parseFieldSelector(
  sel: string | undefined,
  fields: readonly string[],
): ((values: Record<string, string>) => boolean) | undefined {
  if (sel === undefined || sel === '') return undefined;
  let reqs: FieldRequirement[];
  try {
    reqs = parseFields(sel);
  } catch (e) {
    throw new SelectorError((e as Error).message);
  }
  for (const r of reqs) if (!fields.includes(r.field)) throw new SelectorError(`field label not supported: ${r.field}`);
  return (values) => matchesFields(reqs, values);
}
