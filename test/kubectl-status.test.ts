/**
 * STATUS / READY / RESTARTS / AGE as `kubectl get pods` prints them (kubernetes v1.32).
 *
 * Expected strings are worked out from kubernetes v1.32
 * pkg/printers/internalversion/printers.go `printPod` (cited per test as printPod + the
 * branch) and apimachinery pkg/util/duration/duration.go `HumanDuration`. The last two
 * describe blocks port the upstream tables verbatim: printers_test.go `TestPrintPod`,
 * `TestPrintPodWithRestartableInitContainer` and duration_test.go.
 */
import { describe, expect, it } from 'vitest';
import { age, humanDuration, podColumns } from '../src/facts/kubectl.js';
import type { ContainerStatusRaw, PodConditionRaw, PodRaw } from '../src/objects/index.js';

const NOW = new Date('2025-03-10T12:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** An RFC 3339 timestamp `secondsAgo` before NOW, second precision as the API server writes it. */
function at(secondsAgo: number): string {
  return new Date(NOW.getTime() - secondsAgo * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

const UID = '8f6f3c1e-5b2a-4d0e-9c7a-2f1d3e4b5a69';
const POD = 'web-7d9f8c6b5-xk2lp';

type Status = NonNullable<PodRaw['status']>;
type Spec = NonNullable<PodRaw['spec']>;

/** A Deployment-owned pod in namespace `shop`, created 3d2h before NOW, one container `web`. */
function pod(status: Status | null | undefined, spec: Partial<Spec> = {}, meta: Record<string, unknown> = {}): PodRaw {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: POD,
      namespace: 'shop',
      uid: UID,
      creationTimestamp: at(3 * 86400 + 2 * 3600),
      labels: { app: 'web', 'pod-template-hash': '7d9f8c6b5' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9f8c6b5', uid: '1c2d', controller: true }],
      ...meta,
    },
    spec: {
      nodeName: 'worker-2',
      restartPolicy: 'Always',
      containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.4.2' }],
      ...spec,
    },
    status,
  };
}

/** Pod conditions as the kubelet writes them; pass the statuses you need. */
function conds(c: Partial<Record<'PodReadyToStartContainers' | 'Initialized' | 'Ready' | 'ContainersReady' | 'PodScheduled', 'True' | 'False'>>): PodConditionRaw[] {
  return Object.entries(c).map(([type, status]) => ({
    type,
    status,
    lastTransitionTime: at(3 * 86400),
    ...(status === 'False' && (type === 'Ready' || type === 'ContainersReady')
      ? { reason: 'ContainersNotReady', message: 'containers with unready status: [web]' }
      : {}),
  }));
}

const running = (startedSecondsAgo = 3 * 86400): ContainerStatusRaw['state'] => ({ running: { startedAt: at(startedSecondsAgo) } });

/** A regular `web` container status. */
function web(s: Partial<ContainerStatusRaw>): ContainerStatusRaw {
  return { name: 'web', image: 'registry.example.com/shop/web:1.4.2', imageID: '', ready: false, started: false, restartCount: 0, ...s };
}

const runningStatus = (extra: Partial<Status> = {}): Status => ({
  phase: 'Running',
  conditions: conds({ PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'True', ContainersReady: 'True', PodScheduled: 'True' }),
  hostIP: '10.0.1.12',
  podIP: '10.244.2.17',
  startTime: at(3 * 86400),
  containerStatuses: [web({ ready: true, started: true, state: running() })],
  ...extra,
});

describe('podColumns: pod phase and reason (printPod: reason = status.reason, else phase)', () => {
  it('Running, all containers ready', () => {
    expect(podColumns(pod(runningStatus()), NOW)).toEqual({
      status: 'Running', ready: '1/1', restarts: '0', restartCount: 0, lastRestartAt: null,
    });
  });

  it('Pending with no container statuses yet (unschedulable): phase is printed', () => {
    const p = pod({
      phase: 'Pending',
      conditions: [{
        type: 'PodScheduled', status: 'False', reason: 'Unschedulable', lastTransitionTime: at(60),
        message: '0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
      }],
    });
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Pending', ready: '0/1', restarts: '0' });
  });

  it('no status at all (null, missing, empty): empty STATUS cell, never throws', () => {
    // printPod: reason := string(pod.Status.Phase) → "" for a zero PodStatus.
    for (const status of [null, undefined, {}]) {
      expect(podColumns(pod(status), NOW)).toEqual({ status: '', ready: '0/1', restarts: '0', restartCount: 0, lastRestartAt: null });
    }
    expect(podColumns({} as PodRaw, NOW)).toEqual({ status: '', ready: '0/0', restarts: '0', restartCount: 0, lastRestartAt: null });
    expect(age(({} as PodRaw).metadata?.creationTimestamp, NOW)).toBe('<unknown>');
  });

  it('Evicted before any container started: status.reason wins over phase Failed', () => {
    // printPod: `if pod.Status.Reason != "" { reason = pod.Status.Reason }`; no container statuses to override it.
    const p = pod({ phase: 'Failed', reason: 'Evicted', message: 'Pod The node had condition: [DiskPressure]. ', startTime: at(600) });
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Evicted', ready: '0/1', restarts: '0' });
  });

  it('Evicted after running: a terminated container reason (ContainerStatusUnknown) overrides Evicted; null finishedAt gives no "(… ago)"', () => {
    // printPod reverse loop: `container.State.Terminated.Reason != ""` → reason. lastState.finishedAt null is
    // the zero time, so lastRestartDate stays zero and only the count is printed.
    const p = pod({
      phase: 'Failed',
      reason: 'Evicted',
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 91112Ki. Container web was using 1843208Ki, request is 512Mi, has larger consumption of memory. ',
      conditions: conds({ Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' }),
      containerStatuses: [web({
        restartCount: 1,
        state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: null, finishedAt: null } },
        lastState: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was deleted.  The container used to be Running', startedAt: null, finishedAt: null } },
      })],
    });
    expect(podColumns(p, NOW)).toEqual({ status: 'ContainerStatusUnknown', ready: '0/1', restarts: '1', restartCount: 1, lastRestartAt: null });
  });

  it('SchedulingGated: PodScheduled condition with reason SchedulingGated', () => {
    // printPod: `condition.Type == api.PodScheduled && condition.Reason == apiv1.PodReasonSchedulingGated`.
    const p = pod(
      {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates', lastTransitionTime: at(30) }],
      },
      { nodeName: undefined, schedulingGates: [{ name: 'example.com/quota-check' }] },
    );
    expect(podColumns(p, NOW)).toMatchObject({ status: 'SchedulingGated', ready: '0/1', restarts: '0' });
  });
});

describe('podColumns: regular containers (printPod reverse loop over containerStatuses)', () => {
  it('CrashLoopBackOff with restarts and "(3m20s ago)" from lastState.terminated.finishedAt', () => {
    const p = pod(runningStatus({
      conditions: conds({ PodReadyToStartContainers: 'True', Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' }),
      containerStatuses: [web({
        restartCount: 7,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=web pod=${POD}_shop(${UID})` } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(205), finishedAt: at(200), containerID: 'containerd://4b1c' } },
      })],
    }));
    expect(podColumns(p, NOW)).toEqual({
      status: 'CrashLoopBackOff', ready: '0/1', restarts: '7 (3m20s ago)', restartCount: 7, lastRestartAt: at(200),
    });
  });

  it.each([
    ['ImagePullBackOff', 'Back-off pulling image "registry.example.com/shop/web:1.4.3"'],
    ['ErrImagePull', 'failed to pull and unpack image "docker.io/library/ngnix:latest": failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'],
    ['CreateContainerConfigError', 'secret "db-credentials" not found'],
    ['ContainerCreating', undefined],
  ])('waiting reason %s is printed (printPod: State.Waiting.Reason != "")', (reason, message) => {
    const p = pod({
      phase: 'Pending',
      conditions: conds({ PodReadyToStartContainers: reason === 'ContainerCreating' ? 'False' : 'True', Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' }),
      startTime: at(90),
      containerStatuses: [web({ state: { waiting: { reason, ...(message ? { message } : {}) } } })],
    });
    expect(podColumns(p, NOW)).toEqual({ status: reason, ready: '0/1', restarts: '0', restartCount: 0, lastRestartAt: null });
  });

  it('Completed: a Job pod that succeeded (terminated reason)', () => {
    const p = pod(
      {
        phase: 'Succeeded',
        conditions: [
          { type: 'Initialized', status: 'True', reason: 'PodCompleted' },
          { type: 'Ready', status: 'False', reason: 'PodCompleted' },
          { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' },
          { type: 'PodScheduled', status: 'True' },
        ],
        containerStatuses: [web({ name: 'report', state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at(400), finishedAt: at(340) } } })],
      },
      { restartPolicy: 'Never', containers: [{ name: 'report', image: 'registry.example.com/shop/report:2.0' }] },
    );
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Completed', ready: '0/1', restarts: '0' });
  });

  it('OOMKilled (terminated reason) on a restartPolicy Never pod', () => {
    const p = pod(
      {
        phase: 'Failed',
        conditions: conds({ Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' }),
        containerStatuses: [web({ state: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: at(120), finishedAt: at(100) } } })],
      },
      { restartPolicy: 'Never' },
    );
    expect(podColumns(p, NOW)).toMatchObject({ status: 'OOMKilled', ready: '0/1', restarts: '0' });
  });

  it('OOMKilled only in lastState: status follows the current state (Running), RESTARTS shows it', () => {
    const p = pod(runningStatus({
      containerStatuses: [web({
        ready: true, started: true, restartCount: 3, state: running(44),
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: at(900), finishedAt: at(45) } },
      })],
    }));
    expect(podColumns(p, NOW)).toEqual({ status: 'Running', ready: '1/1', restarts: '3 (45s ago)', restartCount: 3, lastRestartAt: at(45) });
  });

  it('Error (terminated reason, exit code 1)', () => {
    const p = pod(
      {
        phase: 'Failed',
        containerStatuses: [web({ state: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(30), finishedAt: at(29) } } })],
      },
      { restartPolicy: 'Never' },
    );
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Error', ready: '0/1' });
  });

  it('Signal:N and ExitCode:N when the terminated state has no reason', () => {
    // printPod: `State.Terminated.Reason == ""` → Signal:%d when Signal != 0, else ExitCode:%d.
    const term = (t: { exitCode: number; signal?: number }) =>
      pod({ phase: 'Running', containerStatuses: [web({ state: { terminated: { ...t, startedAt: at(20), finishedAt: at(10) } } })] });
    expect(podColumns(term({ exitCode: 143, signal: 15 }), NOW).status).toBe('Signal:15');
    expect(podColumns(term({ exitCode: 2 }), NOW).status).toBe('ExitCode:2');
    expect(podColumns(term({ exitCode: 0 }), NOW).status).toBe('ExitCode:0');
  });

  it('reverse walk: the FIRST container\'s reason wins; a later one\'s is kept when the first has none', () => {
    const spec = { containers: [{ name: 'web' }, { name: 'log-shipper' }] };
    const shipper = web({ name: 'log-shipper', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "fluent/fluent-bit:3.9"' } } });
    const both = pod({
      phase: 'Running',
      containerStatuses: [web({ restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 20s restarting failed container=web pod=${POD}_shop(${UID})` } } }), shipper],
    }, spec);
    expect(podColumns(both, NOW)).toMatchObject({ status: 'CrashLoopBackOff', ready: '0/2', restarts: '2' });

    const firstOk = pod({ phase: 'Running', containerStatuses: [web({ ready: true, started: true, state: running() }), shipper] }, spec);
    expect(podColumns(firstOk, NOW)).toMatchObject({ status: 'ImagePullBackOff', ready: '1/2' });
  });

  it('Completed + a running container → Running with the pod Ready condition, else NotReady', () => {
    // printPod: `if reason == "Completed" && hasRunning { if hasPodReadyCondition(...) ... }`.
    const spec = { restartPolicy: 'Never', containers: [{ name: 'web' }, { name: 'setup' }] };
    const statuses = [
      web({ ready: true, started: true, state: running(600) }),
      web({ name: 'setup', state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at(700), finishedAt: at(650) } } }),
    ];
    const notReady = pod({ phase: 'Running', conditions: conds({ Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' }), containerStatuses: statuses }, spec);
    expect(podColumns(notReady, NOW)).toMatchObject({ status: 'NotReady', ready: '1/2' });
    const ready = pod({ phase: 'Running', conditions: conds({ Initialized: 'True', Ready: 'True', ContainersReady: 'True', PodScheduled: 'True' }), containerStatuses: statuses }, spec);
    expect(podColumns(ready, NOW)).toMatchObject({ status: 'Running', ready: '1/2' });
  });

  it('ready is not enough: a ready container must also be running to count in READY', () => {
    const p = pod({ phase: 'Running', containerStatuses: [web({ ready: true, state: { waiting: {} } })] });
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Running', ready: '0/1' });
  });
});

describe('podColumns: init containers (printPod init loop)', () => {
  const initSpec = (...names: string[]) => ({ initContainers: names.map((name) => ({ name, image: `registry.example.com/shop/${name}:1.0` })) });
  const initStatus = (name: string, s: Partial<ContainerStatusRaw>): ContainerStatusRaw => ({ name, image: `registry.example.com/shop/${name}:1.0`, imageID: '', ready: false, started: false, restartCount: 0, ...s });
  const podInitializing = web({ state: { waiting: { reason: 'PodInitializing' } } });
  const initializingConds = [
    { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [wait-for-db]' },
    { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' },
    { type: 'PodScheduled', status: 'True' },
  ];

  it('Init:CrashLoopBackOff, restarts of the init container counted while initializing', () => {
    const p = pod({
      phase: 'Pending',
      conditions: initializingConds,
      initContainerStatuses: [initStatus('wait-for-db', {
        restartCount: 4,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 1m20s restarting failed container=wait-for-db pod=${POD}_shop(${UID})` } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(80), finishedAt: at(75) } },
      })],
      containerStatuses: [podInitializing],
    }, initSpec('wait-for-db'));
    expect(podColumns(p, NOW)).toEqual({ status: 'Init:CrashLoopBackOff', ready: '0/1', restarts: '4 (75s ago)', restartCount: 4, lastRestartAt: at(75) });
  });

  it('Init:Error (terminated reason) and Init:ExitCode:1 (terminated without reason)', () => {
    const failed = (terminated: NonNullable<NonNullable<ContainerStatusRaw['state']>['terminated']>) => pod({
      phase: 'Failed',
      conditions: initializingConds,
      initContainerStatuses: [initStatus('wait-for-db', { state: { terminated: { startedAt: at(40), finishedAt: at(35), ...terminated } } })],
      containerStatuses: [podInitializing],
    }, { restartPolicy: 'Never', ...initSpec('wait-for-db') });
    expect(podColumns(failed({ exitCode: 1, reason: 'Error' }), NOW).status).toBe('Init:Error');
    expect(podColumns(failed({ exitCode: 1 }), NOW).status).toBe('Init:ExitCode:1');
    expect(podColumns(failed({ exitCode: 1, reason: '' }), NOW).status).toBe('Init:ExitCode:1');
  });

  it('Init:Signal:9 when terminated by a signal without a reason', () => {
    const p = pod({
      phase: 'Pending',
      conditions: initializingConds,
      initContainerStatuses: [initStatus('wait-for-db', { state: { terminated: { exitCode: 137, signal: 9, startedAt: at(40), finishedAt: at(35) } } })],
      containerStatuses: [podInitializing],
    }, initSpec('wait-for-db'));
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Init:Signal:9', ready: '0/1' });
  });

  it('Init:0/2 while the first init container runs, Init:1/2 once it completed (PodInitializing is not a reason)', () => {
    const p0 = pod({
      phase: 'Pending',
      conditions: initializingConds,
      initContainerStatuses: [
        initStatus('wait-for-db', { started: true, state: running(20) }),
        initStatus('migrate', { state: { waiting: { reason: 'PodInitializing' } } }),
      ],
      containerStatuses: [podInitializing],
    }, initSpec('wait-for-db', 'migrate'));
    expect(podColumns(p0, NOW)).toMatchObject({ status: 'Init:0/2', ready: '0/1', restarts: '0' });

    const p1 = pod({
      phase: 'Pending',
      conditions: initializingConds,
      initContainerStatuses: [
        initStatus('wait-for-db', { state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at(60), finishedAt: at(30) } } }),
        initStatus('migrate', { state: { waiting: { reason: 'PodInitializing' } } }),
      ],
      containerStatuses: [podInitializing],
    }, initSpec('wait-for-db', 'migrate'));
    expect(podColumns(p1, NOW)).toMatchObject({ status: 'Init:1/2' });
  });

  it('PodInitializing: init done (Initialized True), the app container waits with reason PodInitializing', () => {
    const p = pod({
      phase: 'Pending',
      conditions: conds({ Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' }),
      initContainerStatuses: [initStatus('migrate', { restartCount: 2, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at(10), finishedAt: at(2) } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(40) } } })],
      containerStatuses: [podInitializing],
    }, initSpec('migrate'));
    // Once initialized, restarts = restartable init containers' + regular ones': plain init restarts drop out.
    expect(podColumns(p, NOW)).toEqual({ status: 'PodInitializing', ready: '0/1', restarts: '0', restartCount: 0, lastRestartAt: null });
  });
});

describe('podColumns: restartable init containers / sidecars (printPod, Kubernetes >= 1.28)', () => {
  const sidecarSpec = {
    initContainers: [
      { name: 'migrate', image: 'registry.example.com/shop/migrate:1.0' },
      { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.2', restartPolicy: 'Always' },
    ],
  };
  const migrateDone: ContainerStatusRaw = {
    name: 'migrate', ready: false, started: false, restartCount: 2,
    state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: at(3 * 86400), finishedAt: at(3 * 86400 - 5) } },
    lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(3 * 86400 + 60) } },
  };
  const proxy = (s: Partial<ContainerStatusRaw>): ContainerStatusRaw => ({ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.2', imageID: '', ready: false, started: false, restartCount: 0, ...s });

  it('2/2: a started, ready sidecar counts in READY and total; its restarts count, the plain init container\'s do not', () => {
    const p = pod(runningStatus({
      initContainerStatuses: [
        migrateDone,
        proxy({
          ready: true, started: true, restartCount: 1, state: running(3 * 3600),
          lastState: { terminated: { exitCode: 137, reason: 'Error', startedAt: at(3 * 86400), finishedAt: at(3 * 3600 + 5) } },
        }),
      ],
      containerStatuses: [web({
        ready: true, started: true, restartCount: 2, state: running(600),
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: at(1200), finishedAt: at(601) } },
      })],
    }), sidecarSpec);
    expect(podColumns(p, NOW)).toEqual({ status: 'Running', ready: '2/2', restarts: '3 (10m ago)', restartCount: 3, lastRestartAt: at(601) });
  });

  it('a started but unready sidecar is skipped, not counted ready', () => {
    const p = pod(runningStatus({
      initContainerStatuses: [migrateDone, proxy({ started: true, state: running(30) })],
    }), sidecarSpec);
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Running', ready: '1/2', restarts: '0' });
  });

  it('a sidecar not started yet holds initialization: Init:1/2, counted in total only', () => {
    const p = pod({
      phase: 'Pending',
      conditions: [{ type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [istio-proxy]' }],
      initContainerStatuses: [migrateDone, proxy({ started: false, state: running(3) })],
      containerStatuses: [web({ state: { waiting: { reason: 'PodInitializing' } } })],
    }, sidecarSpec);
    // Initializing: restarts are all init containers' (migrate 2); its lastState is 3d1m old.
    expect(podColumns(p, NOW)).toMatchObject({ status: 'Init:1/2', ready: '0/2', restarts: '2 (3d ago)' });
  });

  it('a crash-looping sidecar after initialization: Init:CrashLoopBackOff stays (no regular reason), app still counted', () => {
    // Init loop breaks with Init:CrashLoopBackOff; Initialized is True so the regular loop runs but a running
    // ready container sets no reason.
    const p = pod(runningStatus({
      conditions: conds({ Initialized: 'True', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True' }),
      initContainerStatuses: [
        migrateDone,
        proxy({
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 2m40s restarting failed container=istio-proxy pod=${POD}_shop(${UID})` } },
          lastState: { terminated: { exitCode: 255, reason: 'Error', startedAt: at(100), finishedAt: at(95) } },
        }),
      ],
    }), sidecarSpec);
    expect(podColumns(p, NOW)).toEqual({ status: 'Init:CrashLoopBackOff', ready: '1/2', restarts: '5 (95s ago)', restartCount: 5, lastRestartAt: at(95) });
  });
});

describe('podColumns: deletion (printPod: DeletionTimestamp)', () => {
  const deleting = { deletionTimestamp: at(5), deletionGracePeriodSeconds: 30 };

  it('Terminating for a non-terminal pod being deleted', () => {
    expect(podColumns(pod(runningStatus(), {}, deleting), NOW)).toMatchObject({ status: 'Terminating', ready: '1/1' });
    expect(podColumns(pod({ phase: 'Pending' }, {}, deleting), NOW)).toMatchObject({ status: 'Terminating', ready: '0/1' });
  });

  it('a Succeeded or Failed pod being deleted keeps its status (IsPodPhaseTerminal)', () => {
    const done = pod({ phase: 'Succeeded', containerStatuses: [web({ state: { terminated: { exitCode: 0, reason: 'Completed' } } })] }, {}, deleting);
    expect(podColumns(done, NOW).status).toBe('Completed');
    const evicted = pod({ phase: 'Failed', reason: 'Evicted', message: 'Pod The node had condition: [DiskPressure]. ' }, {}, deleting);
    expect(podColumns(evicted, NOW).status).toBe('Evicted');
  });

  it('Unknown when status.reason is NodeLost and the pod is being deleted; NodeLost otherwise', () => {
    const lost = {
      ...runningStatus(),
      reason: 'NodeLost',
      message: `Node worker-2 which was running pod ${POD} is unresponsive`,
      conditions: conds({ Initialized: 'True', Ready: 'False', ContainersReady: 'True', PodScheduled: 'True' }),
    };
    expect(podColumns(pod(lost, {}, deleting), NOW)).toMatchObject({ status: 'Unknown', ready: '1/1' });
    expect(podColumns(pod(lost), NOW)).toMatchObject({ status: 'NodeLost' });
  });
});

describe('podColumns: RESTARTS', () => {
  it('the newest lastState.terminated.finishedAt across containers gives "(… ago)"', () => {
    const spec = { containers: [{ name: 'web' }, { name: 'worker' }] };
    const p = pod(runningStatus({
      containerStatuses: [
        web({ ready: true, started: true, restartCount: 6, state: running(), lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(5 * 86400) } } }),
        web({ name: 'worker', ready: true, started: true, restartCount: 3, state: running(), lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: at(20 * 86400) } } }),
      ],
    }), spec);
    expect(podColumns(p, NOW)).toEqual({ status: 'Running', ready: '2/2', restarts: '9 (5d ago)', restartCount: 9, lastRestartAt: at(5 * 86400) });
  });

  it('never throws on nulls: null entries, null states, null timestamps, null conditions', () => {
    const p = {
      metadata: { name: 'x', creationTimestamp: null, deletionTimestamp: null },
      spec: { containers: [null, { name: 'b' }], initContainers: [null] },
      status: {
        phase: 'Running',
        conditions: [null, { type: 'Ready' }],
        initContainerStatuses: [null],
        containerStatuses: [null, { name: 'b', state: null, lastState: { terminated: { finishedAt: null } }, restartCount: 2 }],
      },
    } as unknown as PodRaw;
    // Init status null → zero ContainerStatus → default branch Init:0/1; Initialized not True → regular loop skipped.
    expect(podColumns(p, NOW)).toEqual({ status: 'Init:0/1', ready: '0/2', restarts: '0', restartCount: 0, lastRestartAt: null });
    const noInit = { ...p, spec: { containers: [{ name: 'b' }] }, status: { ...(p.status as object), initContainerStatuses: null } } as unknown as PodRaw;
    expect(podColumns(noInit, NOW)).toEqual({ status: 'Running', ready: '0/1', restarts: '2', restartCount: 2, lastRestartAt: null });
    expect(age(p.metadata?.creationTimestamp, NOW)).toBe('<unknown>');
  });
});

describe('age (translateTimestampSince)', () => {
  it('humanDuration(now - creationTimestamp)', () => {
    expect(age(at(3 * 86400 + 2 * 3600), NOW)).toBe('3d2h');
    expect(age(at(45), NOW)).toBe('45s');
    expect(age(at(200), NOW)).toBe('3m20s');
    expect(age('2025-03-10T11:59:59.500Z', NOW)).toBe('0s');
  });
  it('"<unknown>" when missing, null, unparsable or Go\'s zero time', () => {
    for (const ts of [undefined, null, '', 'yesterday', '0001-01-01T00:00:00Z']) expect(age(ts, NOW)).toBe('<unknown>');
  });
  it('clock skew: up to 1s in the future is "0s", more is "<invalid>"', () => {
    expect(age('2025-03-10T12:00:01Z', NOW)).toBe('0s');
    expect(age('2025-03-10T12:00:02Z', NOW)).toBe('<invalid>');
  });
  it('saturates like Go time.Sub at ~292 years', () => {
    expect(age('1000-01-01T00:00:00Z', NOW)).toBe('292y');
  });
});

describe('humanDuration: apimachinery duration_test.go', () => {
  // TestHumanDuration
  it.each<[number, string]>([
    [S, '1s'],
    [70 * S, '70s'],
    [190 * S, '3m10s'],
    [70 * M, '70m'],
    [47 * H, '47h'],
    [49 * H, '2d1h'],
    [(8 * 24 + 2) * H, '8d'],
    [367 * 24 * H, '367d'],
    [(365 * 2 * 24 + 25) * H, '2y1d'],
    [(365 * 8 * 24 + 2) * H, '8y'],
  ])('TestHumanDuration %d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want));

  // TestHumanDurationBoundaries (time.Millisecond = 1; `-2*time.Second + 1` is 1 ns = 1e-6 ms)
  it.each<[number, string]>([
    [-2 * S, '<invalid>'],
    [-2 * S + 1e-6, '0s'],
    [0, '0s'],
    [S - 1, '0s'],
    [2 * M - 1, '119s'],
    [2 * M, '2m'],
    [2 * M + S, '2m1s'],
    [10 * M - 1, '9m59s'],
    [10 * M, '10m'],
    [10 * M + S, '10m'],
    [3 * H - 1, '179m'],
    [3 * H, '3h'],
    [3 * H + M, '3h1m'],
    [8 * H - 1, '7h59m'],
    [8 * H, '8h'],
    [8 * H + 59 * M, '8h'],
    [2 * D - 1, '47h'],
    [2 * D, '2d'],
    [2 * D + H, '2d1h'],
    [8 * D - 1, '7d23h'],
    [8 * D, '8d'],
    [8 * D + 23 * H, '8d'],
    [2 * 365 * D - 1, '729d'],
    [2 * 365 * D, '2y'],
    [2 * 365 * D + 23 * H, '2y'],
    [2 * 365 * D + 23 * H + 59 * M, '2y'],
    [2 * 365 * D + D - 1, '2y'],
    [2 * 365 * D + D, '2y1d'],
    [3 * 365 * D, '3y'],
    [4 * 365 * D, '4y'],
    [5 * 365 * D, '5y'],
    [6 * 365 * D, '6y'],
    [7 * 365 * D, '7y'],
    [8 * 365 * D - 1, '7y364d'],
    [8 * 365 * D, '8y'],
    [8 * 365 * D + 364 * D, '8y'],
    [9 * 365 * D, '9y'],
  ])('TestHumanDurationBoundaries %d ms → %s', (ms, want) => expect(humanDuration(ms)).toBe(want));

  it('non-finite input is "<invalid>" (kdiag choice; Go durations are finite)', () => {
    expect(humanDuration(Number.NaN)).toBe('<invalid>');
    expect(humanDuration(Number.POSITIVE_INFINITY)).toBe('<invalid>');
  });
});

/**
 * printers_test.go `TestPrintPod` and `TestPrintPodWithRestartableInitContainer` (v1.32), same
 * inputs in wire JSON. `make([]api.Container, n)` is n unnamed containers; time.Now() is NOW.
 */
describe('upstream printers_test.go tables', () => {
  const bare = (containers: number, status: Status, extra: { init?: number | { name: string; restartPolicy?: string }[]; deletionTimestamp?: string } = {}): PodRaw => ({
    metadata: { name: 'test', ...(extra.deletionTimestamp ? { deletionTimestamp: extra.deletionTimestamp } : {}) },
    spec: {
      containers: Array.from({ length: containers }, () => ({})),
      ...(extra.init !== undefined
        ? { initContainers: typeof extra.init === 'number' ? Array.from({ length: extra.init }, () => ({})) : extra.init }
        : {}),
    },
    status,
  });
  const run = { running: {} };
  const fin = (secondsAgo: number) => ({ terminated: { finishedAt: at(secondsAgo) } });
  const cols = (p: PodRaw) => {
    const c = podColumns(p, NOW);
    return [c.ready, c.status, c.restarts];
  };
  const always = 'Always';

  it.each<[string, PodRaw, string[]]>([
    ['test1', bare(2, { phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: run }, { restartCount: 3 }] }), ['1/2', 'podPhase', '6']],
    ['test2', bare(2, { phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: run }, { state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }] }), ['1/2', 'ContainerWaitingReason', '6']],
    ['test3', bare(2, { phase: 'podPhase', containerStatuses: [{ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }, { state: { terminated: { reason: 'ContainerTerminatedReason' } }, restartCount: 3 }] }), ['0/2', 'ContainerWaitingReason', '6']],
    ['test4', bare(2, { phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: run }, { ready: true, restartCount: 3 }] }), ['1/2', 'podPhase', '6']],
    ['test5', bare(2, { reason: 'podReason', phase: 'podPhase', containerStatuses: [{ ready: true, restartCount: 3, state: run }, { ready: true, restartCount: 3 }] }), ['1/2', 'podReason', '6']],
    ['test6 (no ready condition)', bare(2, { phase: 'Running', reason: '', containerStatuses: [{ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }, { ready: true, restartCount: 3, state: run }] }), ['1/2', 'NotReady', '6']],
    ['test6 (ready condition)', bare(2, { phase: 'Running', reason: '', containerStatuses: [{ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }, { ready: true, restartCount: 3, state: run }], conditions: [{ type: 'Ready', status: 'True' }] }), ['1/2', 'Running', '6']],
    ['test7', bare(1, { phase: 'podPhase', initContainerStatuses: [{ ready: false, restartCount: 3, state: run, lastState: fin(10) }], containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }] }, { init: 1 }), ['0/1', 'Init:0/1', '3 (10s ago)']],
    ['test8', bare(1, { phase: 'podPhase', initContainerStatuses: [{ ready: false, restartCount: 3, state: run, lastState: fin(10) }, { ready: false, state: { waiting: {} } }], containerStatuses: [{ ready: false, state: { waiting: {} } }] }, { init: 2 }), ['0/1', 'Init:0/2', '3 (10s ago)']],
    ['test9', bare(1, { phase: 'podPhase', initContainerStatuses: [{ ready: false, state: { terminated: {} } }, { ready: false, restartCount: 3, state: run, lastState: fin(10) }], containerStatuses: [{ ready: false, state: { waiting: {} } }] }, { init: 2 }), ['0/1', 'Init:1/2', '3 (10s ago)']],
    ['test10', bare(1, { phase: 'podPhase', initContainerStatuses: [{ ready: false, restartCount: 2, state: { terminated: {} }, lastState: fin(120) }, { ready: false, restartCount: 3, state: run, lastState: fin(10) }], containerStatuses: [{ ready: false, state: { waiting: {} } }] }, { init: 2 }), ['0/1', 'Init:1/2', '5 (10s ago)']],
    ['test11', bare(1, { phase: 'Running', initContainerStatuses: [{ ready: false, restartCount: 2, state: { terminated: {} }, lastState: fin(120) }], containerStatuses: [{ ready: false, restartCount: 4, state: run, lastState: fin(20) }] }, { init: 1 }), ['0/1', 'Running', '4 (20s ago)']],
    ['test12', bare(1, { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 3, state: run, lastState: fin(5 * 86400) }] }), ['1/1', 'Running', '3 (5d ago)']],
    ['test13', bare(2, { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 0, state: run }, { ready: true, restartCount: 3, state: run, lastState: fin(10 * 86400) }] }), ['2/2', 'Running', '3 (10d ago)']],
    ['test14', bare(2, { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 6, state: run, lastState: fin(5 * 86400) }, { ready: true, restartCount: 3, state: run, lastState: fin(20 * 86400) }] }), ['2/2', 'Running', '9 (5d ago)']],
    ['test15', bare(2, { phase: 'podPhase', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), ['0/2', 'SchedulingGated', '0']],
    ['test16', bare(1, { phase: 'Succeeded', containerStatuses: [{ ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }), ['0/1', 'Completed', '0']],
    ['test17', bare(1, { phase: 'Failed', containerStatuses: [{ ready: false, restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 1 } } }] }), ['0/1', 'Error', '0']],
    ['test18', bare(1, { phase: 'Succeeded', containerStatuses: [{ ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } }] }, { deletionTimestamp: at(10) }), ['0/1', 'Completed', '0']],
    ['test19', bare(1, { phase: 'Running', containerStatuses: [{ ready: false, restartCount: 0, state: run }] }, { deletionTimestamp: at(10) }), ['0/1', 'Terminating', '0']],
    ['test20', bare(1, { phase: 'Pending' }, { deletionTimestamp: at(10) }), ['0/1', 'Terminating', '0']],
  ])('TestPrintPod %s', (_name, p, want) => expect(cols(p)).toEqual(want));

  const two = [{ name: 'restartable-init-1', restartPolicy: always }, { name: 'restartable-init-2', restartPolicy: always }];
  it.each<[string, PodRaw, string[]]>([
    ['first running but not started', bare(1, {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'restartable-init-1', ready: false, restartCount: 3, state: run, started: false, lastState: fin(10) },
        { name: 'restartable-init-2', ready: false, state: { waiting: {} }, started: false },
      ],
      containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
      conditions: [{ type: 'Initialized', status: 'False' }],
    }, { init: two }), ['0/3', 'Init:0/2', '3 (10s ago)']],
    ['first started, second running but not started', bare(1, {
      phase: 'Pending',
      initContainerStatuses: [
        { name: 'restartable-init-1', ready: false, restartCount: 3, state: run, started: true, lastState: fin(10) },
        { name: 'restartable-init-2', ready: false, state: run, started: false },
      ],
      containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: {} } }],
      conditions: [{ type: 'Initialized', status: 'False' }],
    }, { init: two }), ['0/3', 'Init:1/2', '3 (10s ago)']],
    ['both started, 1 container running', bare(1, {
      phase: 'Running',
      initContainerStatuses: [
        { name: 'restartable-init-1', ready: false, restartCount: 3, state: run, started: true, lastState: fin(10) },
        { name: 'restartable-init-2', ready: false, state: run, started: true },
      ],
      containerStatuses: [{ ready: true, restartCount: 4, state: run, lastState: fin(20) }],
      conditions: [{ type: 'Initialized', status: 'True' }],
    }, { init: two }), ['1/3', 'Running', '7 (10s ago)']],
    ['both completed with non-zero, container completed', bare(1, {
      phase: 'Succeeded',
      initContainerStatuses: [
        { name: 'restartable-init-1', ready: false, restartCount: 3, state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false, lastState: fin(10) },
        { name: 'restartable-init-2', ready: false, state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false },
      ],
      containerStatuses: [{ ready: false, restartCount: 4, state: { terminated: { reason: 'Completed', exitCode: 0 } }, lastState: fin(20) }],
      conditions: [{ type: 'Initialized', status: 'True' }],
    }, { init: two }), ['0/3', 'Completed', '7 (10s ago)']],
    ['statuses for non-existent containers', bare(1, {
      phase: 'Running',
      initContainerStatuses: [{ name: 'initinvalid' }, { name: 'init1' }, { name: 'sidecar1' }],
      containerStatuses: [{ name: 'containerinvalid' }, { name: 'container1' }],
    }, { init: [{ name: 'init1' }, { name: 'sidecar1', restartPolicy: always }] }), ['0/2', 'Init:0/2', '0']],
  ])('TestPrintPodWithRestartableInitContainer: %s', (_name, p, want) => expect(cols(p)).toEqual(want));
});
