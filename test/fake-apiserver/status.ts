/**
 * metav1.Status error bodies with the shapes and messages the real kube-apiserver sends
 * (k8s.io/apimachinery/pkg/api/errors: NewNotFound, NewForbidden, NewBadRequest,
 * NewMethodNotSupported; k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go
 * for the RBAC "forbidden" wording).
 */

/** A v1 Status as JSON, plus the HTTP code to send it with. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: { name?: string; group?: string; kind?: string };
  code: number;
}

function status(code: number, reason: string, message: string, details?: StatusBody['details']): StatusBody {
  // Field order and omitted empty fields as Go's encoding/json writes them (`omitempty`).
  let d: StatusBody['details'];
  if (details) {
    d = {};
    if (details.name) d.name = details.name;
    if (details.group) d.group = details.group;
    if (details.kind) d.kind = details.kind;
  }
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(d ? { details: d } : {}),
    code,
  };
}

/** 401 for a missing or wrong bearer token. */
export function unauthorized(): StatusBody {
  return status(401, 'Unauthorized', 'Unauthorized');
}

/**
 * 404 `pods "x" not found`, details `{name, kind: resource}`; for a resource of an API group
 * the qualified resource, as NewNotFound words it: `ingresses.networking.k8s.io "x" not found`,
 * details `{name, group, kind: resource}`.
 */
export function notFound(resource: string, name: string, group = ''): StatusBody {
  return status(404, 'NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group, kind: resource });
}

/** schema.GroupResource.String(): `ingresses.networking.k8s.io`, or `pods` for the core group. */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** 404 for a path the server does not serve (what kubectl shows as "the server could not find the requested resource"). */
export function pathNotFound(): StatusBody {
  return status(404, 'NotFound', 'the server could not find the requested resource', {});
}

/** 400 BadRequest with a free message (log option errors, kubelet log errors, selector errors). */
export function badRequest(message: string): StatusBody {
  return status(400, 'BadRequest', message);
}

/**
 * 403 with RBAC's wording (NewForbidden with the authorizer's reason, rbac's
 * `cannot VERB resource "R" in API group "G" ...`), e.g.
 * `pods is forbidden: User "system:serviceaccount:ns:sa" cannot list resource "pods" in API group "" in the namespace "x"`,
 * `ingresses.networking.k8s.io "web" is forbidden: User "u" cannot get resource "ingresses" in API group "networking.k8s.io" in the namespace "shop"`.
 * `resource` is the plain resource (`pods`), `subresource` e.g. `log`, `group` the API group
 * (default '' = core). Details `{name, group, kind: resource}`.
 */
export function forbidden(opts: {
  user: string;
  verb: string;
  resource: string;
  subresource?: string;
  group?: string;
  namespace?: string;
  name?: string;
}): StatusBody {
  const group = opts.group ?? '';
  const res = opts.subresource ? `${opts.resource}/${opts.subresource}` : opts.resource;
  const scope = opts.namespace ? `in the namespace "${opts.namespace}"` : 'at the cluster scope';
  const why = `User "${opts.user}" cannot ${opts.verb} resource "${res}" in API group "${group}" ${scope}`;
  const q = qualified(opts.resource, group);
  const head = opts.name ? `${q} "${opts.name}" is forbidden` : `${q} is forbidden`;
  return status(403, 'Forbidden', `${head}: ${why}`, { name: opts.name, group, kind: opts.resource });
}

/** 405 for a verb the fake does not implement, in NewMethodNotSupported's wording (`group`: the resource's API group). */
export function methodNotSupported(verb: string, resource?: string, group = ''): StatusBody {
  if (!resource) return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  return status(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualified(resource, group)}"`, { group, kind: resource });
}

/**
 * 406 NotAcceptable, as k8s.io/apiserver handlers/response.go answers a conversion it cannot
 * make (`as=PartialObjectMetadata` on a list, `as=PartialObjectMetadataList` on one object).
 * No details, as `errNotAcceptable.Status()` sets none.
 */
export function notAcceptable(message: string): StatusBody {
  return status(406, 'NotAcceptable', message);
}

/**
 * 410 Gone for a watch from a compacted resourceVersion: apimachinery `NewResourceExpired`
 * ("too old resource version: 5 (12)", reason Expired), as the watch cache sends it in an
 * ERROR event, or as the HTTP answer.
 */
export function expired(requested: string, oldest: number): StatusBody {
  return status(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}
