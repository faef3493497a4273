/**
 * Watch-mode test helpers: pods in the states a watch test moves them through, a small
 * cluster to serve, and a running `kdiag ... -w` child whose output can be awaited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { EventRaw, NodeRaw, PodRaw } from '../../src/objects/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { KDIAG } from './run-cli.js';

/** The fake server's clock for these tests: every object is dated relative to it. */
export const NOW = Date.parse('2026-03-01T12:00:00Z');
const at = (secondsAgo: number) => new Date(NOW - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A pod's state: healthy, image not found (ErrImagePull with the registry's answer), OOMKilled crash loop, or unschedulable (Pending). */
export type PodState = 'running' | 'image' | 'oom' | 'pending';

/** A Deployment-like pod `name` in `namespace` in `state`, on node worker-1 (unscheduled when pending). */
export function pod(name: string, state: PodState, namespace = 'shop', restarts = 4): PodRaw {
  const running = state === 'running';
  const waiting =
    state === 'image'
      ? { reason: 'ErrImagePull', message: 'rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/acme/web:9.9.9": ghcr.io/acme/web:9.9.9: not found' }
      : state === 'oom'
        ? { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=web pod=' + name }
        : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, creationTimestamp: at(3600), labels: { app: name.replace(/-\d+$/, '') } },
    spec: {
      ...(state === 'pending' ? {} : { nodeName: 'worker-1' }),
      restartPolicy: 'Always',
      containers: [{ name: 'web', image: state === 'image' ? 'ghcr.io/acme/web:9.9.9' : 'ghcr.io/acme/web:1.0.0', resources: { limits: { memory: '64Mi' } } }],
    },
    status: {
      phase: running || state === 'oom' ? 'Running' : 'Pending',
      startTime: at(3600),
      conditions:
        state === 'pending'
          ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.', lastTransitionTime: at(3500) }]
          : [
              { type: 'PodScheduled', status: 'True', lastTransitionTime: at(3600) },
              { type: 'Ready', status: running ? 'True' : 'False', lastTransitionTime: at(600) },
            ],
      ...(state === 'pending'
        ? {}
        : {
            containerStatuses: [
              {
                name: 'web',
                image: 'ghcr.io/acme/web',
                imageID: '',
                ready: running,
                started: running,
                restartCount: state === 'oom' ? restarts : 0,
                state: waiting ? { waiting } : { running: { startedAt: at(600) } },
                lastState: state === 'oom' ? { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: at(200), finishedAt: at(180) } } : {},
              },
            ],
          }),
    },
  } as PodRaw;
}

/** A Warning event about pod `name`. */
export function podEvent(name: string, reason: string, message: string, namespace = 'shop', id = `${name}.${reason}`): EventRaw {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: id, namespace, uid: `ev-${id}` },
    involvedObject: { kind: 'Pod', namespace, name, uid: `uid-${namespace}-${name}` },
    reason,
    message,
    type: 'Warning',
    count: 1,
    firstTimestamp: at(30),
    lastTimestamp: at(30),
    source: { component: 'kubelet', host: 'worker-1' },
  } as EventRaw;
}

export const NODE: NodeRaw = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name: 'worker-1', uid: 'node-worker-1', creationTimestamp: at(86400) },
  status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: at(10), lastTransitionTime: at(86400) }], allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
} as NodeRaw;

/** A cluster of the given pods on one Ready node. */
export function cluster(pods: PodRaw[], events: EventRaw[] = []): Snapshot {
  return { pods, events, nodes: [NODE], others: [], logs: new Map(), warnings: [] };
}

/** A running `kdiag ... -w` child. */
export interface WatchChild {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once `pred` holds of the output so far; rejects after `ms` with what came. */
  until(pred: (stdout: string, stderr: string) => boolean, ms?: number): Promise<void>;
  /** Sends SIGINT and resolves with the exit. */
  interrupt(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves with the exit (without a signal: the child ended by itself). */
  exited(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts the built kdiag with `args` (node flags first in `nodeArgs`). */
export function startWatch(args: string[], env: Record<string, string | undefined> = {}, nodeArgs: string[] = []): WatchChild {
  const child = spawn(process.execPath, [...nodeArgs, KDIAG, ...args], {
    env: { ...process.env, HTTPS_PROXY: undefined, https_proxy: undefined, HTTP_PROXY: undefined, http_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined, NO_COLOR: '1', KDIAG_LANG: undefined, LANG: 'C.UTF-8', LC_ALL: undefined, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d) => ((out += d), poke()));
  child.stderr!.on('data', (d) => ((err += d), poke()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => (resolve({ code, signal }), poke())));
  let ended = false;
  void exit.then(() => (ended = true));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    until: (pred, ms = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pred(out, err)) {
            waiters.delete(check);
            clearTimeout(t);
            clearInterval(poll);
            resolve();
          } else if (ended) {
            waiters.delete(check);
            clearTimeout(t);
            clearInterval(poll);
            reject(new Error(`kdiag exited before the expected output\n--- stdout\n${out}\n--- stderr\n${err}`));
          }
        };
        // the predicate may read the fake server's state too: checked every 50 ms as well
        const poll = setInterval(check, 50);
        const t = setTimeout(() => {
          waiters.delete(check);
          clearInterval(poll);
          reject(new Error(`timed out waiting for kdiag's output\n--- stdout\n${out}\n--- stderr\n${err}`));
        }, ms);
        waiters.add(check);
        check();
      }),
    interrupt: async () => {
      child.kill('SIGINT');
      const e = await exit;
      return { ...e, stdout: out, stderr: err };
    },
    exited: async () => ({ ...(await exit), stdout: out, stderr: err }),
  };
}

/** The NDJSON lines of a watch's stdout, parsed. */
export function ndjson(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
