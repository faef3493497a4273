/**
 * Server-side printing: the `meta.k8s.io/v1 Table` kubectl asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` when it prints human-readable output.
 * Columns and cell rules follow kube-apiserver's printers
 * (kubernetes `pkg/printers/internalversion/printers.go` as of v1.32: printPod, printEvent,
 * printNode, printNamespace, printService, printEndpoints, printEndpointSlice, printIngress,
 * printIngressClass, printDeployment, printReplicaSet, printStatefulSet, printDaemonSet,
 * printJob, printSecret, printPersistentVolumeClaim, printStorageClass), simplified where a
 * snapshot lacks the data. The apiserver always prints the wide (priority 1) cells too; kubectl
 * hides them without `-o wide`. kubectl falls back to NAME/AGE when it gets a plain list
 * (cli-runtime TablePrinter), so tables only make the output look real.
 */
import { humanDuration, podColumns } from '../../src/facts/kubectl.js';
import type { EventRaw, KubeObject, NodeRaw, PodRaw } from '../../src/objects/index.js';

/** A `columnDefinitions` entry of a meta.k8s.io Table (priority 0 = default view, 1 = `-o wide`). */
export interface TableColumn {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

/** Resources the fake prints server-side. */
export type TableResource =
  | 'pods'
  | 'events'
  | 'nodes'
  | 'namespaces'
  | 'services'
  | 'endpoints'
  | 'endpointslices'
  | 'ingresses'
  | 'ingressclasses'
  | 'deployments'
  | 'replicasets'
  | 'statefulsets'
  | 'daemonsets'
  | 'jobs'
  | 'secrets'
  | 'persistentvolumeclaims'
  | 'storageclasses';

const col = (name: string, description: string, priority = 0, type = 'string', format = ''): TableColumn => ({
  name,
  type,
  format,
  description,
  priority,
});

const NAME_DESC =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.';
const AGE_DESC =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations.';

/** Column definitions per resource (wide columns have priority 1). */
export const COLUMNS: Record<TableResource, TableColumn[]> = {
  pods: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    col('Age', AGE_DESC),
    col('IP', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'NodeName is a request to schedule this pod onto a specific node.', 1),
    col('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
    col('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  events: [
    col('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    col('Reason', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'The object that this event is about.'),
    col('Subobject', 'The subobject this event is about (fieldPath).', 1),
    col('Source', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'The number of times this event has occurred.', 1),
    col('Name', NAME_DESC, 1, 'string', 'name'),
  ],
  nodes: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Status', 'The status of the node'),
    col('Roles', 'The roles of the node'),
    col('Age', AGE_DESC),
    col('Version', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
    col('Container-Runtime', 'Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  namespaces: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Status', 'The status of the namespace'),
    col('Age', AGE_DESC),
  ],
  services: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Type', 'type determines how the Service is exposed.'),
    col('Cluster-IP', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'The list of ports that are exposed by this service.'),
    col('Age', AGE_DESC),
    col('Selector', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  endpoints: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Endpoints', 'The set of all endpoints is the union of all subsets.'),
    col('Age', AGE_DESC),
  ],
  endpointslices: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('AddressType', 'addressType specifies the type of address carried by this EndpointSlice.'),
    col('Ports', 'ports specifies the list of network ports exposed by each endpoint in this slice.'),
    col('Endpoints', 'endpoints is a list of unique endpoints in this slice.'),
    col('Age', AGE_DESC),
  ],
  ingresses: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Class', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'Ports of TLS configurations that open'),
    col('Age', AGE_DESC),
  ],
  ingressclasses: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Controller', 'Controller that is responsible for handling this class'),
    col('Parameters', 'A reference to a resource with additional parameters'),
    col('Age', AGE_DESC),
  ],
  deployments: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Ready', 'Number of the pod with ready state'),
    col('Up-to-date', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    col('Age', AGE_DESC),
    col('Containers', 'Names of each container in the template.', 1),
    col('Images', 'Images referenced by each container in the template.', 1),
    col('Selector', 'Label selector for pods.', 1),
  ],
  replicasets: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Desired', 'Replicas is the number of desired replicas.', 0, 'integer'),
    col('Current', 'Replicas is the most recently observed number of replicas.', 0, 'integer'),
    col('Ready', 'The number of ready replicas for this replica set.', 0, 'integer'),
    col('Age', AGE_DESC),
    col('Containers', 'Names of each container in the template.', 1),
    col('Images', 'Images referenced by each container in the template.', 1),
    col('Selector', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  statefulsets: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Ready', 'Number of the pod with ready state'),
    col('Age', AGE_DESC),
    col('Containers', 'Names of each container in the template.', 1),
    col('Images', 'Images referenced by each container in the template.', 1),
  ],
  daemonsets: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Desired', 'The total number of nodes that should be running the daemon pod.', 0, 'integer'),
    col('Current', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.', 0, 'integer'),
    col('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', 0, 'integer'),
    col('Up-to-date', 'The total number of nodes that are running updated daemon pod', 0, 'integer'),
    col('Available', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.', 0, 'integer'),
    col('Node Selector', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    col('Age', AGE_DESC),
    col('Containers', 'Names of each container in the template.', 1),
    col('Images', 'Images referenced by each container in the template.', 1),
    col('Selector', 'A label query over pods that are managed by the daemon set.', 1),
  ],
  jobs: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Status', 'Status of the job.'),
    col('Completions', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'Time required to complete the job.'),
    col('Age', AGE_DESC),
    col('Containers', 'Names of each container in the template.', 1),
    col('Images', 'Images referenced by each container in the template.', 1),
    col('Selector', 'A label query over pods that should match the pod count.', 1),
  ],
  secrets: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Type', 'Used to facilitate programmatic handling of secret data.'),
    col('Data', 'Data contains the secret data.'),
    col('Age', AGE_DESC),
  ],
  persistentvolumeclaims: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Status', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'VolumeAttributesClass of the pvc'),
    col('Age', AGE_DESC),
    col('VolumeMode', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  storageclasses: [
    col('Name', NAME_DESC, 0, 'string', 'name'),
    col('Provisioner', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    col('VolumeBindingMode', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    col('AllowVolumeExpansion', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    col('Age', AGE_DESC),
  ],
};

/** `translateTimestampSince`: `<unknown>` for a missing time. */
function since(ts: string | null | undefined, now: number): string {
  if (!ts) return '<unknown>';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** The pod row of `kubectl get pods -o wide`; STATUS, READY, RESTARTS from kdiag's printPod port. */
function podCells(pod: PodRaw, now: number): unknown[] {
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  const cols = podColumns(pod, new Date(now));
  const gates = (spec.readinessGates as { conditionType?: string }[] | undefined) ?? [];
  const gatesCell =
    gates.length === 0
      ? '<none>'
      : `${gates.filter((g) => st.conditions?.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
  return [
    pod.metadata?.name ?? '',
    cols.ready,
    cols.status,
    cols.restarts,
    since(pod.metadata?.creationTimestamp, now),
    st.podIP || '<none>',
    spec.nodeName || '<none>',
    (st.nominatedNodeName as string | undefined) || '<none>',
    gatesCell,
  ];
}

function eventCells(e: EventRaw, now: number): unknown[] {
  const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
  let last = e.lastTimestamp ? since(e.lastTimestamp, now) : first;
  let count = e.count ?? 0;
  if (e.series) {
    last = since(e.series.lastObservedTime, now);
    count = e.series.count ?? count;
  }
  const io = e.involvedObject ?? {};
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
  const src = e.source?.component ? [e.source.component, e.source.host].filter(Boolean).join(', ') : (e.reportingComponent ?? '');
  return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', src, (e.message ?? '').trim(), first, count, e.metadata?.name ?? ''];
}

function nodeCells(n: NodeRaw, now: number): unknown[] {
  const conds = n.status?.conditions ?? [];
  const readyCond = conds.find((c) => c.type === 'Ready');
  const status = [readyCond?.status === 'True' ? 'Ready' : readyCond ? 'NotReady' : 'Unknown'];
  if (n.spec?.unschedulable) status.push('SchedulingDisabled');
  const labels = n.metadata?.labels ?? {};
  const roles = Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean)
    .sort();
  const status2 = n.status as
    | { addresses?: { type?: string; address?: string }[]; nodeInfo?: Record<string, string | undefined> }
    | undefined;
  const addr = (t: string) => status2?.addresses?.find((a) => a.type === t)?.address ?? '<none>';
  const info = status2?.nodeInfo ?? {};
  return [
    n.metadata?.name ?? '',
    status.join(','),
    roles.length ? roles.join(',') : '<none>',
    since(n.metadata?.creationTimestamp, now),
    info.kubeletVersion ?? '',
    addr('InternalIP'),
    addr('ExternalIP'),
    info.osImage ?? '<unknown>',
    info.kernelVersion ?? '<unknown>',
    info.containerRuntimeVersion ?? '<unknown>',
  ];
}

function namespaceCells(ns: KubeObject, now: number): unknown[] {
  const phase = (ns.status as { phase?: string } | undefined)?.phase ?? 'Active';
  return [ns.metadata?.name ?? '', phase, since(ns.metadata?.creationTimestamp, now)];
}

/** A raw API object of any shape (the snapshot keeps them untyped). */
type J = Record<string, any>;
const spec = (o: KubeObject): J => ((o as J).spec ?? {}) as J;
const status = (o: KubeObject): J => ((o as J).status ?? {}) as J;
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** labels.FormatLabels: `k=v,...` sorted by key, `<none>` when empty. */
function formatLabels(m: Record<string, unknown> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${String(m![k])}`).join(',') : '<none>';
}

/** metav1.LabelSelectorAsSelector(...).String(): requirements sorted by key; '' when empty. */
function selectorString(sel: J | undefined): string {
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries((sel?.matchLabels ?? {}) as Record<string, string>)) reqs.push([k, `${k}=${v}`]);
  for (const e of (sel?.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]) {
    const vals = [...(e.values ?? [])].sort().join(',');
    const r =
      e.operator === 'In' ? `${e.key} in (${vals})` : e.operator === 'NotIn' ? `${e.key} notin (${vals})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push([e.key, r]);
  }
  return reqs
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, r]) => r)
    .join(',');
}

/** metav1.FormatLabelSelector: like {@link selectorString}, `<none>` when empty. */
const formatSelector = (sel: J | undefined) => selectorString(sel) || '<none>';

/** layoutContainerCells: container names and images, comma-joined. */
function containerCells(template: J | undefined): [string, string] {
  const cs = (template?.spec?.containers ?? []) as { name?: string; image?: string }[];
  return [cs.map((c) => c.name ?? '').join(','), cs.map((c) => c.image ?? '').join(',')];
}

/** listWithMoreString: at most 3, then ` + N more...`; `<unset>` when empty. */
function listWithMore(list: string[], max = 3): string {
  if (list.length > max) return `${list.slice(0, max).join(',')} + ${list.length - max} more...`;
  return list.join(',') || '<unset>';
}

/** The load balancer ingress points, sorted and unique (sets.NewString), as the apiserver's wide print. */
function lbStatus(lb: J | undefined): string {
  const out = new Set<string>();
  for (const i of (lb?.ingress ?? []) as { ip?: string; hostname?: string }[]) {
    if (i.ip) out.add(i.ip);
    else if (i.hostname) out.add(i.hostname);
  }
  return [...out].sort().join(',');
}

function serviceCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const type = String(s.type ?? 'ClusterIP');
  const ext = (s.externalIPs ?? []) as string[];
  let external: string;
  if (type === 'ClusterIP' || type === 'NodePort') external = ext.length ? ext.join(',') : '<none>';
  else if (type === 'LoadBalancer') {
    const lb = lbStatus(status(o).loadBalancer);
    external = ext.length ? [...(lb ? lb.split(',') : []), ...ext].join(',') : lb || '<pending>';
  } else if (type === 'ExternalName') external = String(s.externalName ?? '');
  else external = '<unknown>';
  const clusterIPs = (s.clusterIPs ?? (s.clusterIP ? [s.clusterIP] : [])) as string[];
  const ports = ((s.ports ?? []) as { port?: number; nodePort?: number; protocol?: string }[])
    .map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`))
    .join(',');
  return [o.metadata?.name ?? '', type, clusterIPs[0] ?? '<none>', external, ports || '<none>', since(o.metadata?.creationTimestamp, now), formatLabels(s.selector)];
}

/** formatEndpoints(endpoints, nil): `ip:port` per ready address and port, at most 3. */
function endpointsCells(o: KubeObject, now: number): unknown[] {
  const subsets = ((o as J).subsets ?? []) as J[];
  let cell = '<none>';
  if (subsets.length) {
    const all: string[] = [];
    for (const ss of subsets) {
      const addrs = ((ss.addresses ?? []) as { ip: string }[]).map((a) => a.ip);
      const ports = (ss.ports ?? []) as { port: number }[];
      if (ports.length === 0) all.push(...addrs);
      else for (const p of ports) for (const ip of addrs) all.push(ip.includes(':') ? `[${ip}]:${p.port}` : `${ip}:${p.port}`);
    }
    cell = all.length > 3 ? `${all.slice(0, 3).join(',')} + ${all.length - 3} more...` : all.join(',');
  }
  return [o.metadata?.name ?? '', cell, since(o.metadata?.creationTimestamp, now)];
}

function endpointSliceCells(o: KubeObject, now: number): unknown[] {
  const e = o as J;
  const ports = ((e.ports ?? []) as { port?: number; name?: string }[]).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')));
  const addrs = ((e.endpoints ?? []) as { addresses?: string[] }[]).flatMap((x) => x.addresses ?? []);
  return [o.metadata?.name ?? '', String(e.addressType ?? ''), listWithMore(ports), listWithMore(addrs), since(o.metadata?.creationTimestamp, now)];
}

function ingressCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const rules = (s.rules ?? []) as { host?: string }[];
  const hosts = rules.map((r) => r.host).filter((h): h is string => !!h);
  const hostCell = hosts.length === 0 ? '*' : rules.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${rules.length - 3} more...` : hosts.join(',');
  const ports = ((s.tls ?? []) as unknown[]).length ? '80, 443' : '80';
  return [o.metadata?.name ?? '', s.ingressClassName ?? '<none>', hostCell, lbStatus(status(o).loadBalancer), ports, since(o.metadata?.creationTimestamp, now)];
}

function ingressClassCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const p = s.parameters as { kind?: string; apiGroup?: string; name?: string } | undefined;
  const params = p ? `${p.kind ?? ''}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
  return [o.metadata?.name ?? '', s.controller ?? '', params, since(o.metadata?.creationTimestamp, now)];
}

function deploymentCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const st = status(o);
  const [names, images] = containerCells(s.template);
  return [
    o.metadata?.name ?? '',
    `${int(st.readyReplicas)}/${int(s.replicas ?? 1)}`,
    int(st.updatedReplicas),
    int(st.availableReplicas),
    since(o.metadata?.creationTimestamp, now),
    names,
    images,
    selectorString(s.selector),
  ];
}

function replicaSetCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const st = status(o);
  const [names, images] = containerCells(s.template);
  return [o.metadata?.name ?? '', int(s.replicas ?? 1), int(st.replicas), int(st.readyReplicas), since(o.metadata?.creationTimestamp, now), names, images, formatSelector(s.selector)];
}

function statefulSetCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const [names, images] = containerCells(s.template);
  return [o.metadata?.name ?? '', `${int(status(o).readyReplicas)}/${int(s.replicas ?? 1)}`, since(o.metadata?.creationTimestamp, now), names, images];
}

function daemonSetCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const st = status(o);
  const [names, images] = containerCells(s.template);
  return [
    o.metadata?.name ?? '',
    int(st.desiredNumberScheduled),
    int(st.currentNumberScheduled),
    int(st.numberReady),
    int(st.updatedNumberScheduled),
    int(st.numberAvailable),
    formatLabels(s.template?.spec?.nodeSelector),
    since(o.metadata?.creationTimestamp, now),
    names,
    images,
    formatSelector(s.selector),
  ];
}

function jobCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const st = status(o);
  const succeeded = int(st.succeeded);
  const parallelism = int(s.parallelism);
  const completions =
    typeof s.completions === 'number' ? `${succeeded}/${s.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
  const start = st.startTime ? Date.parse(st.startTime) : NaN;
  const end = st.completionTime ? Date.parse(st.completionTime) : now;
  const dur = Number.isNaN(start) ? '' : humanDuration(end - start);
  const has = (t: string) => ((st.conditions ?? []) as { type?: string; status?: string }[]).find((c) => c.type === t)?.status === 'True';
  const state = has('Complete')
    ? 'Complete'
    : has('Failed')
      ? 'Failed'
      : o.metadata?.deletionTimestamp
        ? 'Terminating'
        : has('Suspended')
          ? 'Suspended'
          : has('FailureTarget')
            ? 'FailureTarget'
            : 'Running';
  const [names, images] = containerCells(s.template);
  return [o.metadata?.name ?? '', state, completions, dur, since(o.metadata?.creationTimestamp, now), names, images, formatSelector(s.selector)];
}

function secretCells(o: KubeObject, now: number): unknown[] {
  const x = o as J;
  return [o.metadata?.name ?? '', String(x.type ?? 'Opaque'), Object.keys(x.data ?? {}).length, since(o.metadata?.creationTimestamp, now)];
}

/** helper.GetAccessModesAsString: each mode once, in RWO, ROX, RWX, RWOP order. */
function accessModes(modes: string[] | undefined): string {
  const short: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return short.filter(([m]) => modes?.includes(m)).map(([, s]) => s).join(',');
}

function pvcCells(o: KubeObject, now: number): unknown[] {
  const s = spec(o);
  const st = status(o);
  const phase = o.metadata?.deletionTimestamp ? 'Terminating' : String(st.phase ?? '');
  const bound = !!s.volumeName;
  const cls = s.storageClassName ?? o.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
  return [
    o.metadata?.name ?? '',
    phase,
    s.volumeName ?? '',
    bound ? String(st.capacity?.storage ?? '') : '',
    bound ? accessModes(st.accessModes) : '',
    cls,
    s.volumeAttributesClassName ?? '<unset>',
    since(o.metadata?.creationTimestamp, now),
    s.volumeMode ?? '<unset>',
  ];
}

function storageClassCells(o: KubeObject, now: number): unknown[] {
  const x = o as J;
  const ann = o.metadata?.annotations ?? {};
  const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  return [
    `${o.metadata?.name ?? ''}${isDefault ? ' (default)' : ''}`,
    String(x.provisioner ?? ''),
    String(x.reclaimPolicy ?? 'Delete'),
    String(x.volumeBindingMode ?? 'Immediate'),
    x.allowVolumeExpansion === true,
    since(o.metadata?.creationTimestamp, now),
  ];
}

const CELLS: Record<Exclude<TableResource, 'pods' | 'events' | 'nodes' | 'namespaces'>, (o: KubeObject, now: number) => unknown[]> = {
  services: serviceCells,
  endpoints: endpointsCells,
  endpointslices: endpointSliceCells,
  ingresses: ingressCells,
  ingressclasses: ingressClassCells,
  deployments: deploymentCells,
  replicasets: replicaSetCells,
  statefulsets: statefulSetCells,
  daemonsets: daemonSetCells,
  jobs: jobCells,
  secrets: secretCells,
  persistentvolumeclaims: pvcCells,
  storageclasses: storageClassCells,
};

/**
 * Builds a Table for objects of one resource.
 * @param apiVersion `meta.k8s.io/v1` or `meta.k8s.io/v1beta1`, whichever the client accepted
 * @param includeObject the `includeObject` query parameter: `None`, `Metadata` (default: the
 *   row carries a PartialObjectMetadata, which kubectl decodes to print the NAMESPACE column), `Object`
 * @param fullObject adds kind/apiVersion to an object for `includeObject=Object`
 */
export function toTable(
  resource: TableResource,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  apiVersion: string,
  includeObject: string,
  fullObject: (o: KubeObject) => KubeObject,
  now = Date.now(),
): Record<string, unknown> {
  const cells = (o: KubeObject): unknown[] => {
    switch (resource) {
      case 'pods':
        return podCells(o as PodRaw, now);
      case 'events':
        return eventCells(o as EventRaw, now);
      case 'nodes':
        return nodeCells(o as NodeRaw, now);
      case 'namespaces':
        return namespaceCells(o, now);
      default:
        return CELLS[resource](o, now);
    }
  };
  return {
    kind: 'Table',
    apiVersion,
    metadata: listMeta,
    columnDefinitions: COLUMNS[resource],
    rows: objects.map((o) => {
      const row: Record<string, unknown> = { cells: cells(o) };
      if (includeObject === 'Object') row.object = fullObject(o);
      else if (includeObject !== 'None')
        row.object = { kind: 'PartialObjectMetadata', apiVersion, metadata: o.metadata ?? {} };
      return row;
    }),
  };
}
