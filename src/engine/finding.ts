import { SEVERITY_RANK, type Severity } from '../lang.js';

/** One piece of evidence behind a finding. */
export interface Evidence {
  /** event: a matching event line; log: a container log line; status: container/pod status; condition: a pod condition. */
  type: 'event' | 'log' | 'status' | 'condition';
  text: string;
}

export interface Finding {
  /** A rule id from the failure catalog (public contract) or a user rule's id. */
  ruleId: string;
  severity: Severity;
  /** The container the finding is about, or null for pod-level findings. */
  container: string | null;
  /** `init`, `sidecar` or `regular` when `container` is set, else null. */
  containerType: 'init' | 'sidecar' | 'regular' | null;
  title: string;
  cause: string;
  remediation: string;
  evidence: Evidence[];
  docs: string[];
}

/** True when a subject counts as failing: a finding of severity warning or worse. */
export function isFailing(p: { findings: Finding[] }): boolean {
  return p.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
}
