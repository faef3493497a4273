import type { EventRaw, KubeObject, NodeRaw, PodRaw } from './index.js';

/**
 * The port between a source (live cluster: src/kube; snapshot: src/snapshot) and the facts
 * layer (src/facts/collect.ts). A source only fetches or reads: it streams the raw objects in
 * scope into a {@link RawSink}, as pages arrive, and answers the log requests the facts layer
 * makes through its {@link LogPort}. It builds no facts.
 */

/** What to read: one namespace (or all), optionally one pod or a label selection. */
export interface Scope {
  /** Namespace; null = all namespaces (`-A`). */
  namespace: string | null;
  /** `-l` label selector, kubectl syntax. */
  labelSelector?: string;
  /** One pod (`kdiag pod NAME`). */
  podName?: string;
}

/** Where the data came from, as the report states it. */
export interface SourceInfo {
  type: 'cluster' | 'snapshot';
  /** kubeconfig context and API server URL (cluster). */
  context?: string;
  server?: string;
  /** The snapshot file or folder (snapshot). */
  path?: string;
}

/** Receives the raw objects of the scope. Each call may come as soon as one list page has arrived. */
export interface RawSink {
  /** Pods in scope. */
  pods(items: PodRaw[]): void;
  /** Events in scope (about pods and about other objects, e.g. pod controllers). */
  events(items: EventRaw[]): void;
  /**
   * Nodes. Calling it (even with no item) says the node list was read, so a pod whose node is
   * not in any call is on a node that is gone; never calling it says node readiness is unknown.
   */
  nodes(items: NodeRaw[]): void;
  /** Other objects of the scope (ReplicaSets, StatefulSets ... as a snapshot holds them). */
  others(items: KubeObject[]): void;
  /** A list restarted from the beginning (its continue token expired): drop what it delivered. */
  restart(kind: 'pods' | 'nodes'): void;
  /** Something could not be read (forbidden, failed, absent from a snapshot), one line. */
  warning(text: string): void;
}

/**
 * How far reading a scope has come, for a progress display (the command layer draws it on
 * stderr): list pages and objects received per kind, and the logs the facts layer asked the
 * source for and has an answer to. A list that restarts (its continue token expired) counts
 * its kind from 0 again. A snapshot delivers each kind as one page.
 */
export interface Progress {
  pods: { pages: number; items: number };
  events: { pages: number; items: number };
  nodes: { pages: number; items: number };
  /** `needed`: log requests made so far; `read`: those answered (text, none, or a warning). */
  logs: { needed: number; read: number };
}

/** Receives the {@link Progress} after each change: a page, a log asked for or answered. Called often: keep it cheap. */
export type ProgressSink = (p: Readonly<Progress>) => void;

/** One log request of the facts layer: a container's current or previous instance (`kubectl logs [--previous]`). */
export interface LogRequest {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /**
   * The container is waiting after a termination: its current log, as the kubelet serves it,
   * is the terminated instance's. A snapshot without a separate previous log may answer a
   * `previous` request with it.
   */
  currentIsLastInstance: boolean;
}

/** Reads container logs; the source bounds each (tail lines, bytes) and their concurrency. */
export interface LogPort {
  /**
   * @returns the log text; null when there is none to read (no previous instance, not in the
   *   snapshot); `{warning}` when it could not be read, with a one-line reason (the same text
   *   for the same reason: the facts layer states each once)
   */
  read(req: LogRequest): Promise<string | null | { warning: string }>;
}

/** A source of raw objects: a live cluster or a snapshot. */
export interface RawSource {
  info: SourceInfo;
  /** Milliseconds since epoch that count as "now": the wall clock, or the snapshot's newest timestamp. */
  now(): number;
  /**
   * Streams everything in scope into `sink`, resolving when all lists are read.
   * @throws KdiagError NOT_FOUND for a missing pod, CLUSTER/SNAPSHOT when the pods cannot be read
   */
  read(scope: Scope, sink: RawSink): Promise<void>;
  logs: LogPort;
  /** Requests made, by kind (live source). */
  requests?(): Record<string, number>;
}

/** Log tail requested per container: lines (`tailLines`). */
export const LOG_TAIL_LINES = 50;
/** Log tail requested per container: bytes (`limitBytes`), so a huge log line cannot exhaust memory. */
export const LOG_LIMIT_BYTES = 64 * 1024;
