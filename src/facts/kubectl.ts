/**
 * The READY, STATUS, RESTARTS and AGE columns exactly as `kubectl get pods` prints them.
 *
 * A port of `printPod` and its helpers (`hasPodReadyCondition`,
 * `isPodInitializedConditionTrue`, `translateTimestampSince`) from kubernetes v1.32
 * `pkg/printers/internalversion/printers.go`, and of `HumanDuration` from
 * `k8s.io/apimachinery/pkg/util/duration/duration.go`.
 *
 * Since kubectl 1.11 these columns are computed by the API server (server-side
 * printing, `Accept: application/json;as=Table`), so what a user sees follows the
 * *cluster's* version; kdiag mirrors v1.32, which includes the sidecar
 * (restartable init container) rules added in 1.28/1.29.
 *
 * Everything here is pure: no clock is read, the caller passes `now`.
 */
import type { ContainerSpecRaw, ContainerStatusRaw, PodConditionRaw, PodRaw } from '../objects/index.js';

/** The kubectl pod columns kdiag shows and reasons about. */
export interface PodColumns {
  /**
   * STATUS column: the phase, `status.reason`, or a container reason such as
   * `CrashLoopBackOff`, `Init:1/2`, `Init:Signal:9`, `ExitCode:1`, `Terminating`, `Unknown`.
   * `""` when the pod has neither phase nor reason (kubectl prints an empty cell).
   */
  status: string;
  /** READY column, `"<ready>/<total>"`; total counts regular and restartable init containers. */
  ready: string;
  /** RESTARTS column, `"7"` or `"7 (3m20s ago)"`. */
  restarts: string;
  /** The restart count summed by kubectl's rules (the number in RESTARTS). */
  restartCount: number;
  /**
   * The newest `lastState.terminated.finishedAt` kubectl considered (RFC 3339, as found
   * in the object), or null when there was none. kubectl shows `(… ago)` from it only
   * when `restartCount` is not 0.
   */
  lastRestartAt: string | null;
}

/** `time.Time{}` (0001-01-01T00:00:00Z) in Unix ms: Go's zero time, which `IsZero()` reports. */
const GO_ZERO_TIME_MS = -62135596800000;
/** Go's time.Duration is int64 nanoseconds; `t.Sub(u)` saturates at ±(2^63-1) ns ≈ 292 years. */
const MAX_DURATION_MS = 9223372036854.775;

/** `node.NodeUnreachablePodReason` (k8s.io/kubernetes/pkg/util/node): set by the node lifecycle controller. */
const NODE_UNREACHABLE_POD_REASON = 'NodeLost';
/** `v1.PodReasonSchedulingGated`, the PodScheduled condition reason while spec.schedulingGates is non-empty. */
const POD_REASON_SCHEDULING_GATED = 'SchedulingGated';

/**
 * Parses an RFC 3339 timestamp as metav1.Time would: null/missing/empty → null (zero time).
 * An unparsable string is treated as missing rather than thrown, and Go's zero time
 * (`0001-01-01T00:00:00Z`) as zero, like `metav1.Time.IsZero()`.
 * @returns Unix ms, or null for "zero".
 */
function parseTime(ts: string | null | undefined): number | null {
  if (typeof ts !== 'string' || ts === '') return null;
  const ms = Date.parse(ts);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME_MS) return null;
  return ms;
}

/** `now - then` in ms, saturated like Go's `time.Time.Sub` (so very old dates print `292y`). */
function since(now: Date, thenMs: number): number {
  const d = now.getTime() - thenMs;
  return Math.max(-MAX_DURATION_MS, Math.min(MAX_DURATION_MS, d));
}

/**
 * kubectl's HumanDuration (apimachinery `util/duration.HumanDuration`): a succinct
 * duration with ~2-3 significant figures: `"5s"`, `"119s"`, `"3m20s"`, `"70m"`,
 * `"2h3m"`, `"47h"`, `"2d1h"`, `"367d"`, `"2y45d"`, `"8y"`.
 * Below -1s it is `"<invalid>"`; -1s..0 is `"0s"` (clock skew tolerance). Every step
 * truncates toward zero, as Go's integer conversions do.
 * @param ms a duration in milliseconds (fractions allowed). Non-finite → `"<invalid>"`
 *   (Go durations are always finite; this is kdiag's choice).
 */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '<invalid>';
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / 60_000);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / 3_600_000);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const dy = days % 365;
    return dy === 0 ? `${years}y` : `${years}y${dy}d`;
  }
  return `${years}y`;
}

/**
 * kubectl's AGE column (`translateTimestampSince`): `humanDuration(now - ts)`, or
 * `"<unknown>"` when the timestamp is null, missing, unparsable or Go's zero time.
 * @param ts an RFC 3339 timestamp, typically `metadata.creationTimestamp`.
 * @param now the reference time ("now" of a snapshot = its newest timestamp).
 */
export function age(ts: string | null | undefined, now: Date): string {
  const ms = parseTime(ts);
  return ms === null ? '<unknown>' : humanDuration(since(now, ms));
}

/** `podutil.IsRestartableInitContainer`: an init container with `restartPolicy: Always` (a sidecar). */
function isRestartableInitContainer(c: ContainerSpecRaw | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

/** printers.go `hasPodReadyCondition`: any `Ready` condition with status `True`. */
function hasPodReadyCondition(conditions: readonly (PodConditionRaw | null)[]): boolean {
  return conditions.some((c) => c?.type === 'Ready' && c.status === 'True');
}

/** printers.go `isPodInitializedConditionTrue`: the *first* `Initialized` condition decides. */
function isPodInitializedConditionTrue(conditions: readonly (PodConditionRaw | null)[]): boolean {
  const c = conditions.find((x) => x?.type === 'Initialized');
  return c?.status === 'True';
}

/** The newest `finishedAt` so far, compared like `metav1.Time.Before` (strictly later wins; zero never does). */
interface LastRestart {
  ms: number;
  raw: string | null;
}
const ZERO_RESTART: LastRestart = { ms: GO_ZERO_TIME_MS, raw: null };

function newer(cur: LastRestart, finishedAt: string | null | undefined): LastRestart {
  const ms = parseTime(finishedAt);
  return ms !== null && ms > cur.ms ? { ms, raw: finishedAt as string } : cur;
}

/**
 * Computes STATUS, READY and RESTARTS for one pod exactly as kubectl v1.32 `printPod` does.
 *
 * Rules mirrored (printers.go `printPod`):
 * - STATUS starts as `status.reason` or else `status.phase`; a `PodScheduled` condition with
 *   reason `SchedulingGated` makes it `SchedulingGated`.
 * - Init container statuses are walked in order up to the first one not done: terminated
 *   with exit code 0 is done, and so is a started sidecar (counted in READY when ready).
 *   The first one not done gives `Init:<terminated reason>`, `Init:Signal:N`,
 *   `Init:ExitCode:N`, `Init:<waiting reason>` (not `PodInitializing`) or `Init:i/N`.
 * - Unless initializing (and the `Initialized` condition is not True), regular container
 *   statuses are walked in REVERSE, so the first container's waiting/terminated reason
 *   (or `Signal:N`/`ExitCode:N`) wins; ready running containers count in READY.
 *   `Completed` with a container still running becomes `Running` (pod Ready condition)
 *   or `NotReady`.
 * - With `deletionTimestamp` set: `Unknown` when `status.reason` is `NodeLost`, else
 *   `Terminating` unless the phase is Succeeded/Failed.
 * - RESTARTS sums init container restarts while initializing; once initialized it is the
 *   sidecars' restarts plus the regular containers' (plain init containers drop out).
 *   `(X ago)` comes from the newest `lastState.terminated.finishedAt` of those containers.
 *
 * Never throws: null/missing status, arrays, states and timestamps read as Go zero values.
 * @param pod the raw pod (API JSON or snapshot).
 * @param now the reference time ("now" of a snapshot = its newest timestamp).
 */
export function podColumns(pod: PodRaw, now: Date): PodColumns {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const containers = spec.containers ?? [];
  const initSpecs = spec.initContainers ?? [];
  const conditions: (PodConditionRaw | null)[] = status.conditions ?? [];

  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = containers.length;
  let readyContainers = 0;
  let lastRestart = ZERO_RESTART;
  let lastRestartableInitContainerRestart = ZERO_RESTART;

  const podPhase = status.phase ?? '';
  let reason = status.reason ? status.reason : podPhase;

  for (const c of conditions) {
    if (c?.type === 'PodScheduled' && c.reason === POD_REASON_SCHEDULING_GATED) {
      reason = POD_REASON_SCHEDULING_GATED;
    }
  }

  // A Go map keyed by name: with duplicate names the last spec wins.
  const initByName = new Map<string, ContainerSpecRaw>();
  for (const ic of initSpecs) {
    const c: ContainerSpecRaw = ic ?? {};
    initByName.set(c.name ?? '', c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses: (ContainerStatusRaw | null)[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container: ContainerStatusRaw = initStatuses[i] ?? {};
    const restartCount = container.restartCount ?? 0;
    restarts += restartCount;
    const lastTerminated = container.lastState?.terminated;
    if (lastTerminated) lastRestart = newer(lastRestart, lastTerminated.finishedAt);
    const restartable = isRestartableInitContainer(initByName.get(container.name ?? ''));
    if (restartable) {
      restartableInitContainerRestarts += restartCount;
      if (lastTerminated) {
        lastRestartableInitContainerRestart = newer(lastRestartableInitContainerRestart, lastTerminated.finishedAt);
      }
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && container.started === true) {
      if (container.ready === true) readyContainers++;
      continue;
    }
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = (terminated.signal ?? 0) !== 0
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(conditions)) {
    restarts = restartableInitContainerRestarts;
    lastRestart = lastRestartableInitContainerRestart;
    let hasRunning = false;
    const statuses: (ContainerStatusRaw | null)[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container: ContainerStatusRaw = statuses[i] ?? {};
      restarts += container.restartCount ?? 0;
      const lastTerminated = container.lastState?.terminated;
      if (lastTerminated) lastRestart = newer(lastRestart, lastTerminated.finishedAt);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = (terminated.signal ?? 0) !== 0 ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready === true && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // change pod status back to "Running" if there is at least one container still reporting as "Running" status
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(conditions) ? 'Running' : 'NotReady';
    }
  }

  const deletionTimestamp = pod.metadata?.deletionTimestamp;
  const deleting = typeof deletionTimestamp === 'string' && deletionTimestamp !== '';
  if (deleting && status.reason === NODE_UNREACHABLE_POD_REASON) {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Failed' && podPhase !== 'Succeeded') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart.raw !== null) {
    restartsStr = `${restarts} (${humanDuration(since(now, lastRestart.ms))} ago)`;
  }

  return {
    status: reason,
    ready: `${readyContainers}/${totalContainers}`,
    restarts: restartsStr,
    restartCount: restarts,
    lastRestartAt: lastRestart.raw,
  };
}
