import { describe, expect, it } from 'vitest';
import { buildPodFacts, EventIndex, eventFacts, logsNeeded, parseSchedulingMessage } from '../src/facts/build.js';
import { matchesSelector, parseSelector } from '../src/util/selector.js';
import type { KdiagError } from '../src/errors.js';
import { WorkloadEvents } from '../src/facts/workloads.js';
import type { EventRaw, PodRaw } from '../src/objects/index.js';

describe('parseSchedulingMessage', () => {
  it('splits the seed message into reasons with node counts and drops the preemption tail', () => {
    // seed 003: kubectl describe pod pending
    const r = parseSchedulingMessage(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
    expect(r).toEqual({ nodes: 1, reasons: [{ count: 1, text: 'Insufficient cpu', resource: 'cpu' }, { count: 1, text: 'Insufficient memory', resource: 'memory' }] });
  });
  it('keeps commas inside taint braces and the older "that the pod didn\'t tolerate" form together', () => {
    const r = parseSchedulingMessage(
      "0/5 nodes are available: 2 Insufficient cpu, 3 node(s) had untolerated taint {dedicated: gpu, team: ml}. preemption: 0/5 nodes are available: 2 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
    );
    expect(r?.reasons).toEqual([
      { count: 2, text: 'Insufficient cpu', resource: 'cpu' },
      { count: 3, text: 'node(s) had untolerated taint {dedicated: gpu, team: ml}', resource: null },
    ]);
    const old = parseSchedulingMessage("0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 2 Insufficient memory.");
    expect(old?.reasons).toEqual([
      { count: 1, text: "node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate", resource: null },
      { count: 2, text: 'Insufficient memory', resource: 'memory' },
    ]);
  });
  it('drops the DRA tail of 1.32+ messages', () => {
    const r = parseSchedulingMessage('0/3 nodes are available: 3 Insufficient cpu. no new claims to deallocate, preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.');
    expect(r?.reasons).toEqual([{ count: 3, text: 'Insufficient cpu', resource: 'cpu' }]);
  });
  it('drops the DRA PostFilter note of a pod with claims ("still not schedulable")', () => {
    const r = parseSchedulingMessage(
      "0/2 nodes are available: 1 cannot allocate all claims, 1 node(s) didn't match Pod's node affinity/selector. still not schedulable, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    expect(r?.reasons).toEqual([
      { count: 1, text: 'cannot allocate all claims', resource: null },
      { count: 1, text: "node(s) didn't match Pod's node affinity/selector", resource: null },
    ]);
  });
  it('handles reasons without a count', () => {
    expect(parseSchedulingMessage('0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')).toEqual({
      nodes: 3,
      reasons: [{ count: null, text: 'pod has unbound immediate PersistentVolumeClaims', resource: null }],
    });
    expect(parseSchedulingMessage('no nodes available to schedule pods')?.nodes).toBe(0);
  });
});

describe('events', () => {
  const ev = (over: Partial<EventRaw>): EventRaw => ({
    kind: 'Event',
    metadata: { name: 'x.1', namespace: 'shop' },
    involvedObject: { kind: 'Pod', name: 'db-0', namespace: 'shop', uid: 'new-uid' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    count: 3,
    firstTimestamp: '2026-11-20T02:50:00Z',
    lastTimestamp: '2026-11-20T02:59:00Z',
    source: { component: 'kubelet', host: 'node-1' },
    ...over,
  });
  it('joins events to the pod by name and drops those of an older pod with the same name (uid differs)', () => {
    const idx = new EventIndex();
    idx.add(ev({}));
    idx.add(ev({ involvedObject: { kind: 'Pod', name: 'db-0', namespace: 'shop', uid: 'old-uid' }, lastTimestamp: '2026-11-19T00:00:00Z' }));
    idx.add(ev({ involvedObject: { kind: 'Pod', name: 'db-0', namespace: 'shop' }, reason: 'Pulled', lastTimestamp: '2026-11-20T03:00:00Z' }));
    idx.add(ev({ involvedObject: { kind: 'ReplicaSet', name: 'db-0', namespace: 'shop' } }));
    const got = idx.forPod('shop', 'db-0', 'new-uid');
    expect(got.map((e) => e.reason)).toEqual(['Pulled', 'BackOff']);
  });
  it('reads events.k8s.io series counts and eventTime', () => {
    const f = eventFacts(ev({ count: undefined, lastTimestamp: null, firstTimestamp: null, eventTime: '2026-11-20T02:00:00.000000Z', series: { count: 7, lastObservedTime: '2026-11-20T02:30:00.000000Z' } }));
    expect(f.count).toBe(7);
    expect(f.lastSeen).toBe('2026-11-20T02:30:00.000000Z');
  });
});

describe('buildPodFacts', () => {
  it('never throws on a pod with nothing but a name', () => {
    const f = buildPodFacts({ metadata: { name: 'bare' } } as PodRaw, [], null, Date.parse('2026-11-20T03:00:00Z'));
    expect(f.containers).toEqual([]);
    expect(f.namespace).toBe('default');
  });
  it('orders init containers and sidecars before regular containers and reads the logs a crash needs', () => {
    const pod: PodRaw = {
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        initContainers: [{ name: 'migrate', image: 'app:1' }, { name: 'proxy', image: 'envoy:1', restartPolicy: 'Always' }],
        containers: [{ name: 'web', image: 'app:1', resources: { limits: { memory: '256Mi' } } }],
      },
      status: {
        phase: 'Running',
        initContainerStatuses: [
          { name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'proxy', restartCount: 0, ready: true, started: true, state: { running: { startedAt: '2026-11-20T02:00:00Z' } } },
        ],
        containerStatuses: [
          { name: 'web', restartCount: 4, ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error' } } },
        ],
      },
    };
    const f = buildPodFacts(pod, [], null, Date.parse('2026-11-20T03:00:00Z'));
    expect(f.containers.map((c) => `${c.kind}:${c.name}`)).toEqual(['init:migrate', 'sidecar:proxy', 'regular:web']);
    expect(f.containers.map((c) => logsNeeded(c, f.now))).toEqual([null, null, 'previous']);
    expect(f.containers[2].limits.memory).toBe('256Mi');
  });
});

describe('logsNeeded', () => {
  // a container that crashed once (exit 1) and has been running and ready since
  const recovered = (finishedAt: string) =>
    buildPodFacts(
      {
        metadata: { name: 'api-0', namespace: 'shop' },
        spec: { containers: [{ name: 'api', image: 'api:1' }] },
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'api',
              restartCount: 1,
              ready: true,
              started: true,
              state: { running: { startedAt: finishedAt } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: '2026-11-20T00:00:00Z', finishedAt } },
            },
          ],
        },
      } as PodRaw,
      [],
      'True',
      Date.parse('2026-11-20T03:00:00Z'),
    );

  it('reads the previous log of a recent restart of a container that is healthy again', () => {
    const f = recovered('2026-11-20T02:30:00Z');
    expect(logsNeeded(f.containers[0], f.now)).toBe('previous');
  });

  it('skips a restart older than RECENT_RESTART_MS: the engine reports nothing about it', () => {
    const f = recovered('2026-11-20T01:30:00Z');
    expect(logsNeeded(f.containers[0], f.now)).toBeNull();
    // without "now" the age is unknown and the log is read
    expect(logsNeeded(f.containers[0])).toBe('previous');
  });
});

describe('label selectors', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web,tier!=cache', { app: 'web', tier: 'cache' }, false],
    ['env in (prod, staging)', { env: 'staging' }, true],
    ['env notin (prod)', {}, true],
    ['app', { app: 'x' }, true],
    ['!app', { app: 'x' }, false],
    // `>` and `<` with an integer, as the apiserver's parser takes them: a label that is no integer does not match
    ['replicas>2', { replicas: '3' }, true],
    ['replicas > 2', { replicas: '2' }, false],
    ['replicas<10', { replicas: '9' }, true],
    ['replicas<10', { replicas: 'many' }, false],
    ['replicas<10', {}, false],
    ['app.kubernetes.io/name=web', { 'app.kubernetes.io/name': 'web' }, true],
    ['env in (a,)', { env: '' }, true],
  ])('%s on %j -> %s', (sel, labels, want) => {
    expect(matchesSelector(parseSelector(sel), labels as Record<string, string>)).toBe(want);
  });
  it.each([
    ['app=(web', /cannot parse "app=\(web"/],
    ['env in ()', /invalid label value in "env in \(\)"/],
    ['replicas>two', /invalid label value in "replicas>two"/],
    ['replicas>99999999999999999999', /invalid label value/],
    [`app=${'x'.repeat(64)}`, /invalid label value/],
    [`${'k'.repeat(64)}=x`, /cannot parse/],
    ['a/b/c=x', /cannot parse "a\/b\/c=x"/],
    ['Example.com/app=x', /cannot parse/],
  ])('rejects %s with a usage error, as the apiserver would', (sel, msg) => {
    expect(() => parseSelector(sel)).toThrow(msg);
    try {
      parseSelector(sel);
    } catch (e) {
      expect((e as KdiagError).exitCode).toBe(2);
    }
  });
});

describe('controllers that cannot create pods', () => {
  const now = Date.parse('2026-11-20T03:00:00Z');
  const ev = (kind: string, name: string, reason: string, message: string, last: string): EventRaw => ({
    metadata: { name: `${name}.${reason}`, namespace: 'shop' },
    involvedObject: { kind, name, namespace: 'shop', apiVersion: kind === 'Deployment' || kind === 'ReplicaSet' ? 'apps/v1' : 'batch/v1' },
    reason,
    message,
    type: reason === 'FailedCreate' ? 'Warning' : 'Normal',
    count: 3,
    firstTimestamp: '2026-11-20T02:40:00Z',
    lastTimestamp: last,
    source: { component: kind === 'Deployment' ? 'deployment-controller' : 'replicaset-controller' },
  });
  const failed = (name: string) =>
    ev('ReplicaSet', name, 'FailedCreate', `Error creating: pods "${name}-x2kqz" is forbidden: exceeded quota: compute-quota, requested: limits.memory=2Gi, used: limits.memory=9Gi, limited: limits.memory=10Gi`, '2026-11-20T02:55:00Z');

  it('is failing while its newest create event is FailedCreate', () => {
    const w = new WorkloadEvents();
    w.add(failed('web-7d9f8c6b5'));
    w.add(failed('api-5c7d9b8f4d'));
    w.add(ev('ReplicaSet', 'api-5c7d9b8f4d', 'SuccessfulCreate', 'Created pod: api-5c7d9b8f4d-q8wzt', '2026-11-20T02:58:00Z'));
    expect(w.failing('shop', now).map((x) => x.name)).toEqual(['web-7d9f8c6b5']);
    expect(w.failing('other', now)).toEqual([]);
  });
  it('is not failing once its Deployment scaled it down to 0, or when it wants no replicas', () => {
    const w = new WorkloadEvents();
    w.add(failed('web-7d9f8c6b5'));
    w.add(ev('Deployment', 'web', 'ScalingReplicaSet', 'Scaled down replica set web-7d9f8c6b5 to 0 from 1', '2026-11-20T02:57:00Z'));
    w.add(failed('cart-66b8f7d9c4'));
    w.addObject({ kind: 'ReplicaSet', metadata: { namespace: 'shop', name: 'cart-66b8f7d9c4' }, spec: { replicas: 0 } });
    w.add(failed('user-5f6d8b7c9'));
    w.addObject({ kind: 'ReplicaSet', metadata: { namespace: 'shop', name: 'user-5f6d8b7c9' }, spec: { replicas: 2 } });
    expect(w.failing(null, now).map((x) => x.name)).toEqual(['user-5f6d8b7c9']);
  });
});

describe('probe ports and resource claims', () => {
  const now = Date.parse('2026-11-20T03:00:00Z');
  it('reads each probe port as written: a name, a number, a digit string as a number, none for exec', () => {
    const pod = {
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        containers: [
          {
            name: 'api',
            ports: [{ name: 'http', containerPort: 8080 }],
            livenessProbe: { httpGet: { path: '/healthz', port: 'healthz' } },
            readinessProbe: { tcpSocket: { port: '8080' } },
            startupProbe: { grpc: { port: 9090 } },
          },
          { name: 'worker', livenessProbe: { exec: { command: ['true'] } } },
        ],
      },
    } as unknown as PodRaw;
    const f = buildPodFacts(pod, [], null, now);
    expect(f.containers[0].probePorts).toEqual({ liveness: 'healthz', readiness: 8080, startup: 9090 });
    expect(f.containers[1].probePorts).toEqual({ liveness: null, readiness: null, startup: null });
  });
  it('reads spec.resourceClaims in the <=1.30 (source) and 1.31+ (flat) shapes, with the generated claim names', () => {
    const pod = {
      metadata: { name: 'train-0', namespace: 'ml' },
      spec: {
        containers: [{ name: 'trainer' }],
        resourceClaims: [
          { name: 'old', source: { resourceClaimTemplateName: 'gpu-template' } },
          { name: 'shared', resourceClaimName: 'nightly-gpu' },
          { name: 'gpus', resourceClaimTemplateName: 'four-a100' },
          'garbage',
        ],
      },
      status: { phase: 'Pending', resourceClaimStatuses: [{ name: 'gpus', resourceClaimName: 'train-0-gpus-7x2kq' }] },
    } as unknown as PodRaw;
    expect(buildPodFacts(pod, [], null, now).resourceClaims).toEqual([
      { name: 'old', claimName: null, templateName: 'gpu-template', generated: null },
      { name: 'shared', claimName: 'nightly-gpu', templateName: null, generated: null },
      { name: 'gpus', claimName: null, templateName: 'four-a100', generated: 'train-0-gpus-7x2kq' },
    ]);
    expect(buildPodFacts({ metadata: { name: 'plain' } } as PodRaw, [], null, now).resourceClaims).toEqual([]);
  });
});
