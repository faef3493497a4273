import type { Collected } from '../facts/collect.js';
import { age } from '../facts/kubectl.js';
import { ts } from '../facts/build.js';
import type { IngressBackendFacts, ObjectFacts } from '../facts/object-types.js';
import type { PodFacts } from '../facts/types.js';
import { diagnosePod } from '../engine/evaluate.js';
import type { Lang } from '../lang.js';
import type { Rule } from '../rules/schema.js';
import { isFailing, SEVERITY_RANK, type Finding, type Report } from './types.js';

/**
 * `kdiag ingress NAME`: the chain a request follows, Ingress → IngressClass and controller →
 * each backend Service and port → its EndpointSlices → the selected pods (seed 003: "from the
 * outside in"), built as a view over the namespace scan's facts and report: each link with its
 * state and a one-line detail, and the first link where the chain breaks.
 */

/** The state of a link: `ok`, `broken` (traffic stops here), `unknown` (could not be checked: a list not read), `pending` (not there yet, but young). */
export type LinkState = 'ok' | 'broken' | 'unknown' | 'pending';

/** One link of the chain. */
export interface ChainLink {
  /** `class`, `controller`, `controller-pod`, `address`, `backend`, `endpoints`, `pod`, `tls`. */
  kind: string;
  /** 0: the Ingress's own links and its backends; 1: under a backend (endpoints) or the controller (its pods); 2: the pods behind endpoints. */
  depth: number;
  /** What the link is: `IngressClass nginx`, `shop.example.com/ -> web:80`, `pod shop/web-1`. */
  name: string;
  state: LinkState;
  /** Why it is in that state, one line, as kubectl would show the facts. */
  detail: string;
  /** A pod's primary cause (rule id and title), else absent. */
  cause?: { ruleId: string; title: string };
}

/** The chain of one Ingress: `-o json|yaml` prints it as is. */
export interface IngressChain {
  apiVersion: 'kdiag/v1';
  kind: 'IngressChain';
  source: Report['source'];
  ingress: { namespace: string; name: string; class: string | null; addresses: string[]; age: string };
  /** The first broken link (in chain order) and why, or null when nothing is broken. */
  brokenAt: { link: string; why: string } | null;
  links: ChainLink[];
  /** The Ingress's own findings, ranked (findings[0] is the primary cause). */
  findings: Finding[];
  /** The findings of the backend Services, from the same scan. */
  services: { name: string; findings: Finding[] }[];
  warnings: string[];
}

/** Seconds after creation from which an Ingress without an address counts as broken (as ingress-controller-unavailable). */
export const ADDRESS_GRACE_S = 600;

const podReady = (p: PodFacts) => p.conditions.find((c) => c.type === 'Ready')?.status === 'True';

/**
 * The chain of Ingress `ing` (an object of `collected`) from the scan's facts and its report
 * (built with every pod: `all: true`). A pod's cause is its primary finding of severity warning
 * or worse: the report's for the pods of the scope, a diagnosis with `rules` for the
 * controller's pods of other namespaces (the report does not hold them).
 */
export function ingressChain(ing: ObjectFacts, collected: Collected, report: Report, rules: Rule[], lang: Lang): IngressChain {
  const i = ing.ingress!;
  const rows = new Map(report.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
  const causeOf = (p: PodFacts): Finding | null => {
    const row = rows.get(`${p.namespace}/${p.name}`);
    if (row) return isFailing(row) ? row.findings[0] : null;
    const f = diagnosePod(p, rules, lang);
    return f.some((x) => SEVERITY_RANK[x.severity] >= SEVERITY_RANK.warning) ? f[0] : null;
  };
  const links: ChainLink[] = [];
  const cause = (p: PodFacts) => {
    const f = causeOf(p);
    return f ? { ruleId: f.ruleId, title: f.title } : undefined;
  };
  const podLink = (kind: string, depth: number, p: PodFacts): ChainLink => {
    const c = podReady(p) ? undefined : cause(p);
    return { kind, depth, name: `pod ${p.namespace}/${p.name}`, state: podReady(p) ? 'ok' : 'broken', detail: `${p.status}, ready ${p.ready}${podReady(p) ? '' : c ? `: ${c.ruleId}` : ': not ready, no cause found'}`, ...(c ? { cause: c } : {}) };
  };
  const classes = i.classes ? i.classes.map((c) => `${c.name}${c.isDefault ? ' (default)' : ''}`).join(', ') || 'none' : null;

  // 1. the class
  if (i.classProblem === 'not-found') links.push({ kind: 'class', depth: 0, name: `IngressClass ${i.className}`, state: 'broken', detail: `ingressclasses.networking.k8s.io "${i.className}" not found (IngressClasses: ${classes})` });
  else if (i.classProblem === 'no-default') links.push({ kind: 'class', depth: 0, name: 'IngressClass <none>', state: 'broken', detail: `no class given and no default IngressClass (IngressClasses: ${classes})` });
  else if (i.ingressClass) links.push({ kind: 'class', depth: 0, name: `IngressClass ${i.ingressClass.name}`, state: 'ok', detail: `controller ${i.ingressClass.controller ?? '<none>'}${i.ingressClass.isDefault ? ', the default class' : ''}${i.className === null ? ' (no class given: the default)' : ''}` });
  else if (!i.classes) links.push({ kind: 'class', depth: 0, name: `IngressClass ${i.className ?? '<none>'}`, state: 'unknown', detail: `IngressClasses not read (${collected.unlisted?.ingressclasses ?? 'not listed'})` });
  else if (i.className !== null) links.push({ kind: 'class', depth: 0, name: `class ${i.className}`, state: 'ok', detail: `annotation kubernetes.io/ingress.class: ${i.className} (no IngressClass object needed)` });
  else links.push({ kind: 'class', depth: 0, name: 'IngressClass <none>', state: 'ok', detail: i.classes.length ? 'no class given: the controller serves class-less Ingresses' : 'no class given and the cluster has no IngressClass: the controller serves class-less Ingresses' });

  // 2. the controller and its pods
  const ctl = i.controller ?? i.className ?? '<unknown>';
  const pods = i.controllerPods;
  if (pods === null) {
    const why = collected.unlisted?.pods ? `its pods in other namespaces could not be listed (${collected.unlisted.pods})` : i.controller || i.className ? 'its pods are not among the pods read' : 'the controller is not known (no class)';
    links.push({ kind: 'controller', depth: 0, name: `controller ${ctl}`, state: 'unknown', detail: `not checked: ${why}` });
  } else if (!pods.length) {
    links.push({ kind: 'controller', depth: 0, name: `controller ${ctl}`, state: 'unknown', detail: 'no controller pod found (looked for app.kubernetes.io/name of known controllers and --controller-class/--ingress-class arguments)' });
  } else {
    const ready = pods.filter(podReady).length;
    links.push({ kind: 'controller', depth: 0, name: `controller ${ctl}`, state: ready ? 'ok' : 'broken', detail: `${ready}/${pods.length} pod(s) ready` });
    for (const p of pods) links.push(podLink('controller-pod', 1, p));
  }

  // 3. the address the controller publishes
  const ageS = ing.createdAt ? (ing.now - ts(ing.createdAt)) / 1000 : Infinity;
  if (i.loadBalancerIngress.length) links.push({ kind: 'address', depth: 0, name: 'address', state: 'ok', detail: `status.loadBalancer.ingress: ${i.loadBalancerIngress.join(', ')}` });
  else links.push({ kind: 'address', depth: 0, name: 'address', state: ageS >= ADDRESS_GRACE_S ? 'broken' : 'pending', detail: `status.loadBalancer.ingress: <none>, ${age(ing.createdAt, new Date(ing.now))} after creation` });

  // 4. each backend: Service and port, its endpoints, its pods
  const services: IngressChain['services'] = [];
  const expanded = new Set<string>();
  for (const b of i.backends) {
    links.push(backendLink(b, collected));
    const s = b.target;
    // a Service several paths name: its endpoints and pods once, under its first backend
    // an ExternalName Service has no endpoints: the controller proxies to its DNS name
    if (!s || b.portExists === false || expanded.has(s.name) || s.service!.type === 'ExternalName') continue;
    expanded.add(s.name);
    const sf = s.service!;
    const own = (report.resources ?? []).find((r) => r.kind === 'Service' && r.namespace === s.namespace && r.name === s.name);
    if (own && !services.some((x) => x.name === s.name)) services.push({ name: s.name, findings: own.findings });
    const ep = sf.endpoints;
    const epText = ep ? `EndpointSlices: ${ep.slices} slice(s), ${ep.ready.length} ready, ${ep.notReady.length} not ready endpoint(s)` : `EndpointSlices not read: ${b.readyEndpoints ?? 0} of ${sf.pods?.length ?? 0} matched pod(s) Ready`;
    const noPods = sf.selector !== null && sf.pods !== null && !sf.pods.length ? `; selector ${Object.entries(sf.selector).map(([k, v]) => `${k}=${v}`).join(',')} matches no pod` : '';
    links.push({ kind: 'endpoints', depth: 1, name: `endpoints of ${s.name}`, state: b.readyEndpoints === null ? 'unknown' : b.readyEndpoints > 0 ? 'ok' : 'broken', detail: `${epText}${noPods}${own ? `; Service finding: ${own.findings[0].ruleId}` : ''}` });
    for (const p of sf.pods ?? []) links.push(podLink('pod', 2, p));
  }

  // 5. TLS
  for (const t of i.tls) {
    const state: LinkState = t.exists === null ? 'unknown' : t.exists ? 'ok' : 'broken';
    const detail = t.exists === null ? `not checked: Secrets ${collected.unlisted?.secrets ? `not read (${collected.unlisted.secrets})` : `of namespace ${ing.namespace} not in the data`}` : t.exists ? `Secret ${t.secretName} exists` : `secrets "${t.secretName}" not found: the controller serves its default certificate`;
    links.push({ kind: 'tls', depth: 0, name: `TLS Secret ${t.secretName}`, state, detail });
  }

  const own = (report.resources ?? []).find((r) => r.kind === 'Ingress' && r.namespace === ing.namespace && r.name === ing.name);
  const broken = links.find((l) => l.state === 'broken');
  return {
    apiVersion: 'kdiag/v1',
    kind: 'IngressChain',
    source: report.source,
    ingress: { namespace: ing.namespace, name: ing.name, class: i.className, addresses: i.loadBalancerIngress, age: age(ing.createdAt, new Date(ing.now)) },
    brokenAt: broken ? { link: broken.name, why: broken.detail } : null,
    links,
    findings: own?.findings ?? [],
    services,
    warnings: report.warnings,
  };
}

/** The link of one backend: its Service and port. */
function backendLink(b: IngressBackendFacts, collected: Collected): ChainLink {
  const name = `${b.where} -> ${b.service}${b.port !== null ? `:${b.port}` : ''}`;
  if (b.exists === null) return { kind: 'backend', depth: 0, name, state: 'unknown', detail: `Services not read (${collected.unlisted?.services ?? 'not listed'}): not checked` };
  if (!b.exists) return { kind: 'backend', depth: 0, name, state: 'broken', detail: `<error: services "${b.service}" not found>` };
  const ports = b.target!.service!.ports.map((p) => `${p.port}/${p.protocol}${p.name ? ` (${p.name})` : ''}`).join(', ') || '<none>';
  if (b.portExists === false) return { kind: 'backend', depth: 0, name, state: 'broken', detail: `port ${b.port} is not a port of Service ${b.service} (its ports: ${ports})` };
  const sp = b.target!.service!.ports.find((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port));
  return { kind: 'backend', depth: 0, name, state: 'ok', detail: `Service ${b.service} ${b.target!.service!.type}${sp ? `, port ${sp.port}/${sp.protocol} -> targetPort ${sp.targetPort}` : `, ports ${ports}`}` };
}

/** Whether the chain calls for exit code 1: a broken link, or a finding of the Ingress of severity warning or worse. */
export function chainFailing(c: IngressChain): boolean {
  return c.brokenAt !== null || c.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
}
