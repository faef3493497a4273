import type { Join } from './object-base.js';
import type { ObjectFacts } from './object-types.js';

/** The PersistentVolumeClaims of the scope with their facts. */
export function buildPvcFacts(j: Join): ObjectFacts[] {
  void j;
  return [];
}
