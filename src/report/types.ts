import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { FindingSchema } from '../engine/finding.js';
import { StringEnum } from '../json-schema.js';

export { EvidenceSchema, FindingSchema, type Evidence, type Finding } from '../engine/finding.js';
export { isFailing } from '../engine/finding.js';
export { SEVERITY_RANK } from '../lang.js';

/** A count of pods or controllers (an integer >= 0). */
const count = (description: string) => Type.Integer({ minimum: 0, description });

/** One pod's row of the report: `#/definitions/pod` of schema/report.schema.json. */
export const PodReportSchema = Type.Object(
  {
    context: Type.Optional(Type.String({ description: 'kubeconfig context of the cluster it was read from: present only when several contexts were scanned (see clusters); absent in single-context runs' })),
    namespace: Type.String({ description: 'namespace of the pod' }),
    name: Type.String({ description: 'name of the pod' }),
    status: Type.String({ description: 'STATUS column of `kubectl get pods`, verbatim, e.g. CrashLoopBackOff or Init:0/1' }),
    ready: Type.String({ description: 'READY column, e.g. 0/1' }),
    restarts: Type.String({ description: 'RESTARTS column, e.g. 5 (2m ago): a display string; see restartCount and lastRestartTime' }),
    restartCount: Type.Integer({ minimum: 0, description: 'the number in the RESTARTS column, summed over the containers as kubectl does' }),
    lastRestartTime: Type.Union([Type.String(), Type.Null()], { description: 'when the newest of those restarts ended (lastState.terminated.finishedAt, RFC 3339), null without restarts' }),
    age: Type.String({ description: 'AGE column, e.g. 10m' }),
    node: Type.Union([Type.String(), Type.Null()], { description: 'the node the pod is bound to (spec.nodeName), null while it is not scheduled' }),
    ip: Type.Union([Type.String(), Type.Null()], {
      description: 'the pod\'s IP: the first of status.podIPs, else status.podIP (the IP column of `kubectl get pods -o wide`), null while none is assigned',
    }),
    owner: Type.Union(
      [
        Type.Null(),
        Type.Object(
          {
            kind: Type.String({ description: 'kind of the owner, e.g. ReplicaSet, StatefulSet, Job, DaemonSet' }),
            name: Type.String({ description: 'name of the owner, in the pod\'s namespace' }),
          },
          { additionalProperties: false },
        ),
      ],
      { description: 'the pod\'s controller (its ownerReferences entry with controller: true, else the first entry), or null for a bare pod' },
    ),
    findings: Type.Array(FindingSchema, { description: 'ranked: findings[0] is the primary cause; empty for a healthy pod (listed with --all)' }),
  },
  { additionalProperties: false, description: 'one pod: its `kubectl get pods` columns and its ranked findings' },
);
/** One pod's row of the report ({@link PodReportSchema}). */
export type PodReport = Static<typeof PodReportSchema>;

/** A pod controller (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job) with findings. */
export const WorkloadReportSchema = Type.Object(
  {
    context: Type.Optional(Type.String({ description: 'kubeconfig context of the cluster it was read from: present only when several contexts were scanned (see clusters); absent in single-context runs' })),
    namespace: Type.String({ description: 'namespace of the controller' }),
    kind: Type.String({ description: 'kind of the controller: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, ReplicationController' }),
    name: Type.String({ description: 'name of the controller' }),
    ready: Type.Optional(Type.String({ description: 'ready pods over desired pods as `kubectl get` prints them, e.g. 8/10; absent when the controller is known only from its events' })),
    pods: Type.Optional(
      Type.Object(
        {
          total: count('pods it owns (a Deployment: through its ReplicaSets) in the data read'),
          failing: count('of those, pods with a finding of warning or worse'),
          byCause: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { description: 'failing pods counted by the rule id of their primary cause' }),
        },
        { additionalProperties: false, description: 'its pods and their primary causes; the pods themselves are in pods[] (their owner names the ReplicaSet, StatefulSet ...)' },
      ),
    ),
    replicaSets: Type.Optional(
      Type.Array(Type.String(), { description: "a Deployment's ReplicaSets, newest revision first: the owners its pods in pods[] name; absent for the other kinds" }),
    ),
    findings: Type.Array(FindingSchema, { description: 'ranked like a pod\'s: findings[0] is the primary cause' }),
  },
  { additionalProperties: false, description: 'a pod controller with findings: it fails to create its pods, does not roll out, or has fewer ready pods than it wants' },
);
/** A pod controller with findings ({@link WorkloadReportSchema}). */
export type WorkloadReport = Static<typeof WorkloadReportSchema>;

/** An object that is not a pod nor a pod controller (Service, Ingress, PersistentVolumeClaim) with findings. */
export const ResourceReportSchema = Type.Object(
  {
    context: Type.Optional(Type.String({ description: 'kubeconfig context of the cluster it was read from: present only when several contexts were scanned (see clusters); absent in single-context runs' })),
    kind: Type.String({ description: 'kind of the object: Service, Ingress, PersistentVolumeClaim' }),
    namespace: Type.String({ description: 'namespace of the object' }),
    name: Type.String({ description: 'name of the object' }),
    findings: Type.Array(FindingSchema, { description: 'ranked like a pod\'s: findings[0] is the primary cause' }),
  },
  { additionalProperties: false, description: 'a Service, Ingress or PersistentVolumeClaim with findings: why the application behind it is unreachable' },
);
/** A Service, Ingress or PVC with findings ({@link ResourceReportSchema}). */
export type ResourceReport = Static<typeof ResourceReportSchema>;

/** The counts of a report (and of each cluster of a several-context scan, `clusters[].summary`). */
export const ReportSummarySchema = Type.Object(
  {
    pods: count('pods examined'),
    healthy: count('pods with no finding of severity warning or critical'),
    failing: count('pods - healthy'),
    bySeverity: Type.Object(
      {
        critical: count('failing pods with a critical finding'),
        warning: count('failing pods whose worst finding is a warning'),
        info: count('pods whose findings are all info (counted as healthy)'),
      },
      {
        additionalProperties: false,
        description:
          'pods with findings, counted by the severity of their worst finding (after config overrides): critical + warning = failing; info pods are healthy',
      },
    ),
    failingWorkloads: count('pod controllers with a finding of warning or worse (entries of workloads)'),
    workloads: Type.Optional(count('pod controllers examined (Deployments, ReplicaSets without a Deployment, StatefulSets, DaemonSets, Jobs, and controllers known only from their FailedCreate events)')),
    resources: Type.Optional(count('Services, Ingresses and PersistentVolumeClaims examined')),
    failingResources: Type.Optional(count('of those, objects with a finding of warning or worse (entries of resources)')),
  },
  { additionalProperties: false, description: 'counts over everything examined, including the healthy pods that pods leaves out without --all' },
);
/** The counts of a report ({@link ReportSummarySchema}). */
export type ReportSummary = Static<typeof ReportSummarySchema>;

/**
 * One cluster of a several-context scan (`--context A --context B`, `--all-contexts`):
 * `clusters[]` of the report. A cluster that could not be read (connection refused, TLS, timeout,
 * 401/403 on the pod list, a broken kubeconfig entry) has `error` and no `summary`.
 */
export const ClusterReportSchema = Type.Object(
  {
    context: Type.String({ description: 'kubeconfig context name' }),
    server: Type.Optional(Type.String({ description: 'API server URL of the context\'s cluster; absent when the kubeconfig entry could not be resolved' })),
    summary: Type.Optional(ReportSummarySchema),
    error: Type.Optional(
      Type.Object(
        {
          id: Type.String({ description: 'kdiag error id, e.g. cluster.unreachable, cluster.unauthorized, cluster.forbidden, cluster.timeout' }),
          message: Type.String({ description: 'the one-line error kdiag prints for this failure when it scans that context alone, in the report\'s language' }),
        },
        { additionalProperties: false, description: 'why the cluster could not be read; its pods are then not in the report' },
      ),
    ),
  },
  { additionalProperties: false, description: 'a scanned cluster: its counts, or the error that kept it from being read' },
);
/** One cluster of a several-context scan ({@link ClusterReportSchema}). */
export type ClusterReport = Static<typeof ClusterReportSchema>;

/**
 * The report object every renderer prints and `-o json|yaml` emits, as JSON Schema:
 * scripts/gen-schemas.ts writes it to schema/report.schema.json, hoisting `definitions`
 * into `$ref`s. Fields are only added within kdiag/v1; a breaking change bumps `apiVersion`.
 */
export const ReportSchema = Type.Object(
  {
    apiVersion: Type.Literal('kdiag/v1', { description: 'version of this format; fields are only added within kdiag/v1' }),
    kind: Type.Literal('Report', { description: 'always Report' }),
    source: Type.Object(
      {
        type: StringEnum(['cluster', 'snapshot'], {
          description: 'cluster: read from an API server through a kubeconfig; snapshot: read from files given with --from',
        }),
        context: Type.Optional(Type.String({ description: 'kubeconfig context (cluster)' })),
        server: Type.Optional(Type.String({ description: 'API server URL (cluster)' })),
        path: Type.Optional(Type.String({ description: 'snapshot file or folder, or <stdin> for --from - (snapshot)' })),
      },
      { additionalProperties: false, description: 'where the pods and events were read from; with several contexts: type cluster alone (each cluster is in clusters)' },
    ),
    summary: ReportSummarySchema,
    clusters: Type.Optional(
      Type.Array(ClusterReportSchema, {
        description:
          'one entry per kubeconfig context scanned, in the order given (--context A --context B) or the kubeconfig\'s order (--all-contexts); present only when several contexts were scanned, absent in single-context runs. pods, workloads and resources then carry their context and are grouped by cluster in this order; summary adds up the clusters that answered',
      }),
    ),
    pods: Type.Array(PodReportSchema, {
      description:
        'pods with findings (every pod with --all, and for `kdiag pod`), most severe first, then by namespace and name; --sort-by namespace|name|restarts|age orders them by namespace, by name, most restarts first, or newest first (ties: most severe first)',
    }),
    workloads: Type.Array(WorkloadReportSchema, {
      description:
        'pod controllers with findings: a controller whose newest pod creation failed (admission: quota, LimitRange, Pod Security, webhooks, ServiceAccount), a rollout that is stuck, fewer ready pods than desired, a failed Job; by severity, then namespace, kind and name; empty for `kdiag pod` and with -l or --field-selector',
    }),
    resources: Type.Optional(
      Type.Array(ResourceReportSchema, {
        description:
          'Services, Ingresses and PersistentVolumeClaims with findings: why the application is unreachable; by severity, then kind, namespace and name; absent for `kdiag pod` and with -l or --field-selector',
      }),
    ),
    warnings: Type.Array(Type.String(), {
      description: 'evidence that could not be collected (RBAC, missing snapshot files), one line each; with several contexts each starts with `context CONTEXT: `',
    }),
  },
  {
    $id: 'https://kdiag.dev/schema/report.schema.json',
    title: 'kdiag report (apiVersion kdiag/v1)',
    description:
      'What `kdiag pod` and `kdiag scan` print with -o json or -o yaml. Fields are only added within kdiag/v1; a breaking change bumps apiVersion.',
    additionalProperties: false,
    definitions: { pod: PodReportSchema, workload: WorkloadReportSchema, resource: ResourceReportSchema, finding: FindingSchema },
  },
);
/**
 * The report object every renderer prints and `-o json|yaml` emits ({@link ReportSchema},
 * schema/report.schema.json).
 */
export type Report = Static<typeof ReportSchema>;
