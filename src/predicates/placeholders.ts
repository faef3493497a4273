import { humanDuration } from '../facts/kubectl.js';
import { ts } from '../facts/build.js';
import { containerKindText, type Ctx, type Hit } from './context.js';
import { signalName, signalOfExitCode } from './signals.js';
import { OBJECT_PLACEHOLDERS } from './objects.js';
import type { Placeholder } from './kit.js';
import { portsText, resourceClaimsText } from './registry.js';


/** The terminated state a finding is about: the current one, else the last termination. */
const term = (ctx: Ctx) => (ctx.c?.state?.kind === 'terminated' ? ctx.c.state : ctx.c?.lastState?.kind === 'terminated' ? ctx.c.lastState : null);
const exitCode = (ctx: Ctx) => term(ctx)?.exitCode ?? null;
const signal = (ctx: Ctx) => term(ctx)?.signal ?? signalOfExitCode(exitCode(ctx));
const resource = (hit: Hit) => hit.captures.resource ?? hit.scheduling?.resource ?? '';
/** Every resource of an `Insufficient <resource>` scheduling reason, the matched one first. */
function insufficient(ctx: Ctx, hit: Hit): string[] {
  const all = (ctx.pod?.scheduling?.reasons ?? []).map((r) => r.resource).filter((r): r is string => !!r);
  return [...new Set([resource(hit), ...all].filter(Boolean))];
}

/** A probe's timeoutSeconds, read from the probe as kubectl describe prints it (`timeout=1s`, API defaults filled in). */
function probeTimeout(ctx: Ctx, kind: 'liveness' | 'readiness' | 'startup'): string {
  return /\btimeout=(\d+)s\b/.exec(ctx.c?.probeText[kind] ?? '')?.[1] ?? '';
}

/**
 * The registry of an image reference, as the container runtime resolves it (distribution's
 * reference.ParseNormalizedNamed): the first path component when it has a dot or a port or is
 * `localhost`, else Docker Hub.
 */
export function registryOf(image: string): string {
  const first = image.split('/')[0] ?? '';
  return image.includes('/') && (/[.:]/.test(first) || first === 'localhost') ? first : 'docker.io';
}

/**
 * The placeholders every rule text may use, filled from the subject the rule matched.
 * Named regex groups of the rule's patterns add more, and win over these.
 */
export const PLACEHOLDERS: Record<string, Placeholder> = {
  namespace: { doc: 'namespace of the pod or object', value: (c) => c.pod?.namespace ?? c.obj?.namespace ?? '' },
  pod: { doc: 'pod name', value: (c) => c.pod?.name ?? '' },
  container: { doc: 'container name', value: (c) => c.c?.name ?? '' },
  containerKind: { doc: '"container", "init container" or "sidecar container"', value: (c) => (c.c ? containerKindText(c.c) : '') },
  image: { doc: "the container's image", value: (c) => c.c?.image ?? '' },
  reason: { doc: 'waiting/terminated reason of the container, else the pod status.reason', value: (c) => c.c?.state?.reason ?? term(c)?.reason ?? c.pod?.reason ?? '' },
  message: {
    doc: "the container's state message (a crash-looping container's last termination message), else the pod's status.message; for a controller, why its pod creation failed",
    value: (c) =>
      c.obj
        ? (c.obj.workload?.createFailure?.message ?? '')
        : ((c.c?.state?.reason === 'CrashLoopBackOff' && c.c.lastState?.message) || c.c?.state?.message || c.pod?.message || '').trim(),
  },
  exitCode: { doc: 'exit code of the (last) termination', value: (c) => String(exitCode(c) ?? '') },
  signal: { doc: 'signal number behind an exit code 128+N', value: (c) => String(signal(c) ?? '') },
  signalName: { doc: 'its name, e.g. SIGKILL', value: (c) => (signal(c) !== null ? signalName(signal(c)!) : '') },
  restarts: { doc: 'restartCount', value: (c) => String(c.c?.restartCount ?? 0) },
  node: { doc: 'spec.nodeName', value: (c) => c.pod?.nodeName ?? '' },
  memoryLimit: { doc: 'resources.limits.memory, or "none"', value: (c) => c.c?.limits.memory ?? 'none' },
  memoryRequest: { doc: 'resources.requests.memory, or "none"', value: (c) => c.c?.requests.memory ?? 'none' },
  finalizers: { doc: 'metadata.finalizers, or <none>', value: (c) => c.pod?.finalizers.join(', ') || '<none>' },
  graceSeconds: { doc: 'the grace period in seconds', value: (c) => String(c.pod?.gracePeriodSeconds ?? '') },
  deletedAgo: { doc: 'time since deletionTimestamp', value: (c) => (c.pod?.deletionTimestamp ? humanDuration(c.now - ts(c.pod.deletionTimestamp)) : '') },
  count: { doc: "nodes the matched scheduling reason covers; a controller's failed creations", value: (c, h) => String(h.scheduling?.count ?? c.obj?.workload?.createFailure?.count ?? '') },
  nodes: { doc: 'nodes the scheduler considered; ? when its message does not say (the scheduler before 1.10)', value: (c) => (c.pod?.scheduling ? String(c.pod.scheduling.nodes ?? '?') : '') },
  resource: { doc: 'the resource of a matched "Insufficient <resource>" scheduling reason', value: (_, h) => resource(h) },
  request: { doc: "the pod's request of that resource", value: (c, h) => c.pod?.podRequests[resource(h)] ?? '' },
  resources: { doc: 'every resource the scheduler reports Insufficient, e.g. "cpu, memory"', value: (c, h) => insufficient(c, h).join(', ') },
  requests: { doc: 'the pod\'s requests of those resources, e.g. "cpu 32, memory 64Gi"', value: (c, h) => insufficient(c, h).map((r) => `${r} ${c.pod?.podRequests[r] ?? '?'}`).join(', ') },
  registry: { doc: "the registry host of the container's image (docker.io when the image names none)", value: (c) => registryOf(c.c?.image ?? '') },
  claims: { doc: 'the PersistentVolumeClaims the pod mounts, or <none>', value: (c) => c.pod?.volumes.flatMap((v) => (v.claimName ? [v.claimName] : [])).join(', ') || '<none>' },
  commandLine: {
    doc: "the container's command and args as the spec writes them, or <image default> (ENTRYPOINT/CMD)",
    value: (c) => (c.c?.command || c.c?.args ? JSON.stringify([...(c.c.command ?? []), ...(c.c.args ?? [])]) : '<image default>'),
  },
  livenessTimeout: { doc: "the liveness probe's timeoutSeconds (1 when the spec omits it, the API default)", value: (c) => probeTimeout(c, 'liveness') },
  readinessTimeout: { doc: "the readiness probe's timeoutSeconds", value: (c) => probeTimeout(c, 'readiness') },
  startupTimeout: { doc: "the startup probe's timeoutSeconds", value: (c) => probeTimeout(c, 'startup') },
  pullSecrets: { doc: 'imagePullSecrets, or <none>', value: (c) => c.pod?.imagePullSecrets.join(', ') || '<none>' },
  status: { doc: 'the STATUS column of kubectl get pods', value: (c) => c.pod?.status ?? '' },
  workload: { doc: 'name of the controller (workload scope)', value: (c) => (c.obj?.workload ? c.obj.name : '') },
  workloadKind: { doc: 'its kind: Deployment, ReplicaSet, StatefulSet, Job, DaemonSet, ReplicationController', value: (c) => (c.obj?.workload ? c.obj.kind : '') },
  kind: { doc: 'kind of the object (service, ingress, workload, pvc scope): Service, Ingress, Deployment ...', value: (c) => c.obj?.kind ?? '' },
  name: { doc: 'name of the object (service, ingress, workload, pvc scope)', value: (c) => c.obj?.name ?? '' },
  ...OBJECT_PLACEHOLDERS,
  probe: { doc: 'the probe a probePort predicate matched: liveness, readiness or startup', value: (_, h) => h.probe?.kind ?? '' },
  probePort: { doc: 'its port as the spec writes it: a port name (healthz) or a number', value: (_, h) => (h.probe ? String(h.probe.port) : '') },
  containerPorts: { doc: "the container's declared ports, e.g. `http 8080/TCP, 9090/TCP`, or <none>", value: (c) => (c.c ? portsText(c.c.ports) : '') },
  resourceClaims: {
    doc: "the pod's spec.resourceClaims with the ResourceClaim or ResourceClaimTemplate each names, e.g. `gpu (ResourceClaimTemplate gpu-template)`, or <none>",
    value: (c) => (c.pod ? resourceClaimsText(c.pod) : '') || '<none>',
  },
  resourceClaim: {
    doc: "the ResourceClaim or ResourceClaimTemplate a matched message names (a rule's named group `resourceClaim`), else the first one the pod's spec.resourceClaims names",
    value: (c) => {
      const r = c.pod?.resourceClaims[0];
      return r?.claimName ?? r?.generated ?? r?.templateName ?? '';
    },
  },
};

/**
 * Fills `{name}` placeholders from a lookup; a name without a value (a named group that did
 * not take part in the match) becomes `?`.
 */
export function interpolate(text: string, get: (key: string) => string | undefined): string {
  const parts = template(text);
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) out += (get(parts[i]) ?? '?') + parts[i + 1];
  return out;
}

/** The value lookup of a matched subject: captures first, then {@link PLACEHOLDERS}. */
export function values(ctx: Ctx, hit: Hit): (key: string) => string | undefined {
  return (key) => hit.captures[key] ?? PLACEHOLDERS[key]?.value(ctx, hit);
}

const templates = new Map<string, string[]>();
/** A text split at its placeholders (literal, key, literal, ...), cached: rule texts are few and filled often. */
function template(text: string): string[] {
  let t = templates.get(text);
  if (!t) {
    t = text.split(/\{([A-Za-z_][A-Za-z0-9_]*)\}/);
    if (templates.size < 10_000) templates.set(text, t);
  }
  return t;
}
