/**
 * Server-side printing: the `meta.k8s.io/v1 Table` kubectl asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` when it prints human-readable output.
 * Columns and cell rules follow kube-apiserver's printers
 * (kubernetes `pkg/printers/internalversion/printers.go`: printPod, printEvent, printNode,
 * printNamespace), simplified where a snapshot lacks the data. kubectl falls back to NAME/AGE
 * when it gets a plain list (cli-runtime TablePrinter), so tables only make the output look real.
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
export type TableResource = 'pods' | 'events' | 'nodes' | 'namespaces';

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
