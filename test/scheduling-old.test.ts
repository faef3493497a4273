/**
 * The scheduler's wording before the `0/N nodes are available:` form (Kubernetes <= 1.9):
 * `No nodes are available that match all of the following predicates:: Insufficient memory (3).`,
 * as the Kubernetes docs of that era quote it. Its reasons are read with their node counts and
 * its predicate names in today's words.
 */
import { describe, expect, it } from 'vitest';
import { parseSchedulingMessage } from '../src/facts/build.js';

describe('FailedScheduling before 0/N', () => {
  it('reads each failed predicate with its node count', () => {
    expect(parseSchedulingMessage('No nodes are available that match all of the following predicates:: Insufficient memory (5), PodToleratesNodeTaints (1).')).toEqual({
      nodes: null,
      reasons: [
        { count: 5, text: 'Insufficient memory', resource: 'memory' },
        { count: 1, text: "node(s) had taints that the pod didn't tolerate", resource: null },
      ],
    });
    expect(parseSchedulingMessage('No nodes are available that match all of the predicates: Insufficient cpu (3).')?.reasons).toEqual([{ count: 3, text: 'Insufficient cpu', resource: 'cpu' }]);
  });
});
