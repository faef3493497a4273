import type { Join } from './object-base.js';
import type { ObjectFacts } from './object-types.js';

/**
 * The Ingresses of the scope with their facts, joined with the Services (already built).
 * @param services the Service facts of the scope
 */
export function buildIngressFacts(j: Join, services: ObjectFacts[]): ObjectFacts[] {
  void j;
  void services;
  return [];
}
