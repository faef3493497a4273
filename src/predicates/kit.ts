import type { Static, TSchema } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import type { EventFacts, PodFacts } from '../facts/types.js';
import type { ObjectFacts } from '../facts/objects.js';
import type { Ctx, Hit } from './context.js';

/**
 * The parts every predicate of the registry is made of (predicates/registry.ts for pods and
 * containers, predicates/objects.ts for Services, Ingresses, workloads and PVCs): the
 * {@link Predicate} entry type, schema fragments, and the helpers their checks share.
 */
/** Characters of one message or log line that patterns see (evidence keeps the whole text); bounds a slow pattern's cost. */
export const MAX_MATCH_CHARS = 4096;
/** Events shown as evidence per matched event predicate. */
export const MAX_EVENTS = 3;

/**
 * How specific the evidence of a predicate is, for ranking (failure catalog, "Primary cause":
 * a log or event signature beats a bare status): 2 a log, event or message signature,
 * 1 a specific state/pod/condition reason or node state, 0 a generic state.
 */
export type RankClass = 0 | 1 | 2;

/**
 * Adds one index key of a subject: `prefix` alone (`log`), or `prefix:value` (`event:Failed`),
 * given apart so that no string is built for keys no rule uses.
 */
export type AddKey = (prefix: string, value?: string) => void;
/** Prefixes of condition keys by status, made once. */
/** An empty list to loop over when a subject has no pod. */
export const NONE: never[] = [];
export const COND_STATUS: Record<string, string> = { True: 'cond-True', False: 'cond-False', Unknown: 'cond-Unknown' };

/** What the index reads of a subject: a pod (null for an object), the object (null for a pod), and its events. */
export interface Subject {
  pod: PodFacts | null;
  obj?: ObjectFacts | null;
  events: EventFacts[];
}

/** A compiled predicate: true when it holds for the subject; records into `hit` when given. */
export type Check = (ctx: Ctx, hit: Hit | null) => boolean;

/**
 * Where a rule is matched: once per pod, per container (init, sidecar, regular, ephemeral), or
 * per object: pod controller (workload), Service, Ingress, PersistentVolumeClaim (pvc).
 */
export type Scope = 'pod' | 'container' | 'workload' | 'service' | 'ingress' | 'pvc';
/** The scopes whose subject is an object that is not a pod (facts/objects.ts). */
export const OBJECT_SCOPES: Scope[] = ['workload', 'service', 'ingress', 'pvc'];

/** One registry entry; the YAML value's type is `Static<S>`, derived from `schema`. */
export interface Predicate<S extends TSchema = TSchema> {
  schema: S;
  /** Scopes whose rules may use it (a container predicate needs a container). */
  scopes: Scope[];
  /** @param regex compiles a `'/pattern/flags'` string (the loader's, which records problems) */
  compile(v: Static<S>, regex: (src: string) => RegExp): Check;
  /** Index keys the subject must have one of for the predicate to hold (see engine/candidates.ts), or null. */
  keys?(v: Static<S>, regex: (src: string) => RegExp): string[] | null;
  /**
   * The index keys a subject has for this predicate (the counterpart of `keys`): adds each
   * key that a value of this predicate could need. A subject lacking all of a rule's keys is
   * never tested against it, so this must add every key the subject could match with.
   */
  subjectKeys?(s: Subject, add: AddKey): void;
  /** The predicate in words, for docs/rules.md. */
  describe(v: Static<S>): string;
  /** Fields of the value that hold regexes (the loader checks them), '' for the value itself. */
  regexFields?: string[];
}

export const def = <S extends TSchema>(p: Predicate<S>) => p;
export const ALL: Scope[] = ['pod', 'container', ...OBJECT_SCOPES];
export const POD: Scope[] = ['pod', 'container'];
export const CONTAINER: Scope[] = ['container'];

// schema fragments
export const Strings = (description: string) => Type.Array(Type.String(), { minItems: 1, description });
export const Regex = (description: string) => Type.String({ pattern: '^/.+/[dgimsuy]*$', description: `${description} Written '/pattern/flags'; named groups become placeholders.` });
export const Bool = (description: string) => Type.Boolean({ description });
export const NumberMatch = (description: string) =>
  Type.Union(
    [
      Type.Array(Type.Integer(), { minItems: 1, description: 'any of these values' }),
      Type.Object({ min: Type.Optional(Type.Integer({ description: 'at least (inclusive)' })), max: Type.Optional(Type.Integer({ description: 'at most (inclusive)' })) }, { additionalProperties: false, minProperties: 1, description: 'a range' }),
    ],
    { title: 'a list of integers, or {min, max}', description: `${description} A list of values, or {min, max} (inclusive).` },
  );
export type NumberMatch = Static<ReturnType<typeof NumberMatch>>;
export const StateSchema = (description: string) =>
  Type.Object(
    {
      is: Type.Optional(Type.Array(Type.Union([Type.Literal('waiting'), Type.Literal('running'), Type.Literal('terminated')]), { minItems: 1, description: 'which member of the v1 ContainerState is set' })),
      reason: Type.Optional(Strings('waiting.reason or terminated.reason, e.g. CrashLoopBackOff, OOMKilled')),
      message: Type.Optional(Regex('against waiting.message or terminated.message.')),
      exitCode: Type.Optional(NumberMatch('terminated.exitCode.')),
    },
    { additionalProperties: false, description },
  );
export type StateMatch = Static<ReturnType<typeof StateSchema>>;

// helpers shared by the checks
export const inList = (list: readonly string[], v: string | null | undefined) => v != null && list.includes(v);
export const clip = (s: string | null | undefined) => (s ?? '').slice(0, MAX_MATCH_CHARS);
export const numMatch = (m: NumberMatch, v: number | null) =>
  v !== null && (Array.isArray(m) ? m.includes(v) : (m.min === undefined || v >= m.min) && (m.max === undefined || v <= m.max));
export const acceptsZero = (m: NumberMatch) => numMatch(m, 0);
export const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
export const list = (xs: readonly string[]) => xs.map(code).join(' or ');
export const numText = (m: NumberMatch) => (Array.isArray(m) ? m.join(' or ') : [m.min !== undefined ? `>= ${m.min}` : '', m.max !== undefined ? `<= ${m.max}` : ''].filter(Boolean).join(' and '));
export function groups(m: RegExpExecArray | null, into: Record<string, string>): void {
  for (const [k, v] of Object.entries(m?.groups ?? {})) if (v !== undefined) into[k] = v;
}
export const rank = (hit: Hit | null, r: RankClass) => {
  if (hit && r > hit.rank) hit.rank = r;
};

/** A built-in placeholder: what it stands for (docs/rules.md) and its value for a matched subject. */
export interface Placeholder {
  doc: string;
  value(ctx: Ctx, hit: Hit): string;
}
