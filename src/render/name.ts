import type { Report } from '../report/types.js';

/**
 * The resource name `kubectl get -o name` prints for each kind kdiag diagnoses: the
 * lower-case kind, with its API group for a kind outside the core group (kubectl's
 * `resource.group/name`, e.g. `replicaset.apps/web-7d9f8c6b5`).
 */
const KIND_NAMES: Record<string, string> = {
  Pod: 'pod',
  ReplicationController: 'replicationcontroller',
  ReplicaSet: 'replicaset.apps',
  StatefulSet: 'statefulset.apps',
  DaemonSet: 'daemonset.apps',
  Deployment: 'deployment.apps',
  Job: 'job.batch',
  CronJob: 'cronjob.batch',
  Service: 'service',
  Ingress: 'ingress.networking.k8s.io',
  PersistentVolumeClaim: 'persistentvolumeclaim',
};

/**
 * `-o name`: one `kind/NAME` line per subject of the report, as `kubectl get -o name`
 * prints it: the pods the table lists (those with findings; every pod with `--all` and for
 * `kdiag pod`) as `pod/NAME`, in the report's order, then the controllers that cannot create
 * their pods (`replicaset.apps/NAME` ...). Like kubectl, the namespace is not printed, even
 * with `-A`. Nothing at all when there is no subject (kubectl prints nothing either).
 * A several-context report (`clusters`) puts each subject's context first: `CONTEXT/pod/NAME`
 * (a context may hold `/`, as an EKS ARN does; a kind and a name never do: the context is
 * what comes before the last two slashes).
 */
export function renderNames(r: Report): string {
  const ctx = (x: { context?: string }) => (r.clusters && x.context !== undefined ? `${x.context}/` : '');
  const lines = [
    ...r.pods.map((p) => `${ctx(p)}pod/${p.name}`),
    ...r.workloads.map((w) => `${ctx(w)}${KIND_NAMES[w.kind] ?? w.kind.toLowerCase()}/${w.name}`),
    ...(r.resources ?? []).map((x) => `${ctx(x)}${KIND_NAMES[x.kind] ?? x.kind.toLowerCase()}/${x.name}`),
  ];
  return lines.map((l) => `${l}\n`).join('');
}
