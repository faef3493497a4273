/**
 * The rule ids of the failure catalog (shared/failure-catalog.md): a public contract,
 * scripts match on them. Copied here so the tests do not depend on a file outside the repo.
 */
export const CATALOG_IDS = [
  // image pull
  'image-not-found', 'image-pull-unauthorized', 'image-pull-rate-limited', 'image-registry-unreachable', 'image-pull-tls-error',
  'image-platform-mismatch', 'image-pull-slow', 'invalid-image-name', 'image-never-pull', 'image-inspect-error',
  // container start and runtime
  'crash-app-error', 'oom-killed', 'liveness-probe-failed', 'startup-probe-failed', 'readiness-probe-failed', 'clb-readiness-failed',
  'command-not-found', 'command-not-executable', 'exec-format-error', 'container-exits-immediately', 'container-killed-by-signal',
  'run-container-error', 'poststart-hook-failed', 'prestop-hook-failed', 'container-status-unknown',
  // configuration and volumes
  'missing-configmap', 'missing-secret', 'missing-config-key', 'run-as-non-root-violation', 'create-container-config-error',
  'pvc-not-found', 'volume-mount-failed', 'multi-attach-error', 'sandbox-creation-failed',
  // scheduling
  'insufficient-resources', 'node-selector-mismatch', 'taint-not-tolerated', 'pod-affinity-unsatisfied', 'hostport-conflict',
  'unbound-pvc', 'volume-node-affinity-conflict', 'nodes-unschedulable', 'too-many-pods', 'no-nodes-available', 'scheduling-gated',
  'unschedulable', 'not-scheduled',
  // admission
  'quota-exceeded', 'limitrange-violation', 'pod-security-violation', 'admission-webhook-denied', 'service-account-missing',
  // node and lifecycle
  'evicted', 'kubelet-admission-rejected', 'preempted', 'node-shutdown', 'node-lost', 'stuck-terminating', 'deadline-exceeded',
  // log signatures
  'log-out-of-memory', 'log-missing-module', 'log-dependency-unreachable', 'log-address-in-use', 'log-permission-denied',
  'log-read-only-filesystem', 'log-no-space-left', 'log-tls-error', 'log-config-error', 'log-panic', 'log-rbac-forbidden', 'readiness-gate-not-ready',
  // more pod causes
  'resource-claim-missing', 'probe-port-not-exposed',
  // Services, Ingresses and workloads
  'service-selector-no-match', 'service-no-ready-endpoints', 'service-target-port-mismatch', 'service-without-endpoints', 'service-load-balancer-failed',
  'ingress-backend-service-missing', 'ingress-backend-port-missing', 'ingress-backend-no-ready-endpoints', 'ingress-class-missing', 'ingress-controller-unavailable',
  'ingress-tls-secret-missing', 'rollout-stuck', 'workload-unavailable', 'job-failed', 'statefulset-service-missing', 'pvc-provisioning-failed', 'manifest-unknown-field',
] as const;

/** Ids kdiag adds beyond the catalog (allowed: "new ids may be added"). */
export const EXTRA_IDS = [
  'image-pull-backoff',
  // a webhook that cannot be called (not a policy decision), and the fallback for any other failed pod creation
  'admission-webhook-unreachable',
  'pod-creation-failed',
] as const;

/**
 * The ids the foundation issue must cover: every status the seeds describe
 * (shared/seeds/: CrashLoopBackOff, Error, probes, CLB, PostStartHookError, ContainerCreating,
 * CreateContainerConfigError, image pull errors, RunContainerError, Pending, sandbox/CNI,
 * Terminating, Unknown/NodeLost, Evicted).
 */
export const SEED_IDS = [
  'crash-app-error', 'log-config-error', 'readiness-probe-failed', 'liveness-probe-failed', 'clb-readiness-failed',
  'poststart-hook-failed', 'volume-mount-failed', 'missing-configmap', 'missing-secret', 'create-container-config-error',
  'image-not-found', 'image-pull-unauthorized', 'image-inspect-error', 'image-never-pull', 'image-registry-unreachable',
  'invalid-image-name', 'run-container-error', 'insufficient-resources', 'unbound-pvc', 'hostport-conflict', 'pvc-not-found',
  'sandbox-creation-failed', 'stuck-terminating', 'node-lost', 'evicted', 'image-pull-backoff',
] as const;
