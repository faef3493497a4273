import type { Report } from '../report/types.js';
import type { PodFacts } from './types.js';
import type { WorkloadFacts } from './workloads.js';

/** What to diagnose: one namespace (or all), optionally one pod or a label selection. */
export interface Scope {
  /** Namespace; null = all namespaces (`-A`). */
  namespace: string | null;
  /** `-l` label selector, kubectl syntax. */
  labelSelector?: string;
  /** One pod (`kdiag pod NAME`). */
  podName?: string;
}

/** What a source (live cluster or snapshot) hands to the engine. */
export interface Collected {
  pods: PodFacts[];
  /** Pod controllers failing to create pods (none for one pod or a label selection). */
  workloads?: WorkloadFacts[];
  /** Evidence that could not be collected, one line each. */
  warnings: string[];
  source: Report['source'];
  /** API requests made, by kind (live source only). */
  requests?: Record<string, number>;
}

/** Log tail requested per container: lines (`tailLines`). */
export const LOG_TAIL_LINES = 50;
/** Log tail requested per container: bytes (`limitBytes`), so a huge log line cannot exhaust memory. */
export const LOG_LIMIT_BYTES = 64 * 1024;

/** Splits log text into lines, dropping the trailing newline and keeping the last {@link LOG_TAIL_LINES}. */
export function logLines(text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-LOG_TAIL_LINES);
}
