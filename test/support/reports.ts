import type { Finding, Report } from '../../src/report/types.js';

/**
 * A report of one crash-looping pod (shop/web-7d9f8c6b5-x2kqz, crash-app-error), for renderer
 * tests: `finding` replaces fields of its one finding, `report` fields of the report.
 */
export function onePodReport(finding: Partial<Finding> = {}, report: Partial<Report> = {}): Report {
  return {
    apiVersion: 'kdiag/v1',
    kind: 'Report',
    source: { type: 'snapshot', path: 'x' },
    summary: { pods: 1, healthy: 0, failing: 1, bySeverity: { critical: 1, warning: 0, info: 0 }, failingWorkloads: 0 },
    pods: [
      {
        namespace: 'shop',
        name: 'web-7d9f8c6b5-x2kqz',
        status: 'CrashLoopBackOff',
        ready: '0/1',
        restarts: '6 (99s ago)',
        restartCount: 6,
        lastRestartTime: '2026-11-20T02:58:21Z',
        age: '20m',
        node: 'node-1',
        ip: '10.244.1.17',
        owner: { kind: 'ReplicaSet', name: 'web-7d9f8c6b5' },
        findings: [
          {
            ruleId: 'crash-app-error',
            severity: 'critical',
            container: 'web',
            containerType: 'regular',
            title: 'Application exits with an error',
            cause: 'The process exited with code 1.',
            remediation: 'Read the log tail.',
            evidence: [],
            docs: [],
            ...finding,
          },
        ],
      },
    ],
    workloads: [],
    warnings: [],
    ...report,
  };
}
