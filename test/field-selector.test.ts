import { describe, expect, it } from 'vitest';
import { KdiagError } from '../src/errors.js';
import type { PodRaw } from '../src/objects/index.js';
import { matchesFields, parseFieldSelector, podFieldMatcher, podSelectableFields } from '../src/util/field-selector.js';

/** Field selectors as k8s.io/apimachinery/pkg/fields/selector.go parses them, shared by snapshots and the fake API server. */
describe('field selectors', () => {
  it('parses =, == and != terms joined by commas, splitting each term at its first operator', () => {
    expect(parseFieldSelector('status.phase=Running,spec.nodeName==n1,metadata.name!=web')).toEqual([
      { field: 'status.phase', op: 'eq', value: 'Running' },
      { field: 'spec.nodeName', op: 'eq', value: 'n1' },
      { field: 'metadata.name', op: 'ne', value: 'web' },
    ]);
    expect(parseFieldSelector('spec.nodeName=')).toEqual([{ field: 'spec.nodeName', op: 'eq', value: '' }]);
    expect(parseFieldSelector('')).toEqual([]);
    expect(parseFieldSelector('a=b,,c=d')).toHaveLength(2);
    // nothing is trimmed, as the apiserver does not trim: the field is "status.phase "
    expect(parseFieldSelector('status.phase = Running')).toEqual([{ field: 'status.phase ', op: 'eq', value: ' Running' }]);
  });

  it('unescapes \\, \\= and \\\\ in values; a bare , or = or another escape is an error', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c\\\\d,x=y')).toEqual([
      { field: 'metadata.name', op: 'eq', value: 'a,b=c\\d' },
      { field: 'x', op: 'eq', value: 'y' },
    ]);
    for (const bad of ['spec.nodeName=a=b', 'spec.nodeName=a\\x', 'spec.nodeName=a\\']) {
      expect(() => parseFieldSelector(bad), bad).toThrow(KdiagError);
      expect(() => parseFieldSelector(bad), bad).toThrow(/^invalid field selector ".*": in ".*", write/);
    }
    for (const bad of ['status.phase', '=Running', 'status.phase:Running']) {
      expect(() => parseFieldSelector(bad), bad).toThrow(/cannot parse/);
    }
  });

  it('matches a missing field as the empty string', () => {
    const reqs = parseFieldSelector('spec.nodeName=,status.phase!=Running');
    expect(matchesFields(reqs, { 'status.phase': 'Pending' })).toBe(true);
    expect(matchesFields(reqs, { 'spec.nodeName': 'n1', 'status.phase': 'Pending' })).toBe(false);
    expect(matchesFields(reqs, { 'status.phase': 'Running' })).toBe(false);
  });

  it("reads a pod's selectable fields as the apiserver does, and refuses others", () => {
    const pod: PodRaw = {
      metadata: { name: 'web-1', namespace: 'shop' },
      spec: { nodeName: 'n1', hostNetwork: true, containers: [] },
      status: { phase: 'Running', podIP: '10.0.0.9', podIPs: [{ ip: '10.0.0.9' }, { ip: 'fd00::9' }] },
    };
    expect(podSelectableFields(pod)).toMatchObject({ 'spec.nodeName': 'n1', 'spec.hostNetwork': 'true', 'status.podIP': '10.0.0.9', 'spec.restartPolicy': '' });
    expect(podSelectableFields({ status: { podIP: '10.0.0.7' } })['status.podIP']).toBe('10.0.0.7');
    expect(podFieldMatcher('spec.hostNetwork=true,status.podIP=10.0.0.9')(pod)).toBe(true);
    expect(podFieldMatcher('spec.hostNetwork=false')(pod)).toBe(false);
    expect(() => podFieldMatcher('spec.nodname=n1')).toThrow(/^field label not supported for pods: "spec\.nodname" \(supported: metadata\.name, /);
    expect(() => podFieldMatcher('status.phase = Running')).toThrow(/not supported for pods: "status\.phase "/);
  });
});
