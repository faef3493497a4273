import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { RULE_ID_PATTERN, StringEnum } from '../json-schema.js';
import { SEVERITY_RANK, type Severity } from '../lang.js';
import { FindingSchema, isFailing, type Finding } from '../engine/finding.js';

/**
 * Watch mode's events (`kdiag scan -w`, `kdiag pod NAME -w`): a pod's primary cause appeared,
 * changed or cleared. `-o json` prints each as one line of JSON (NDJSON), shaped as
 * {@link WatchEventSchema} (schema/watch-event.schema.json).
 */

/** A primary cause, as a watch event names it: the rule, its severity and its title. */
export const CauseSchema = Type.Object(
  {
    ruleId: Type.String({ pattern: RULE_ID_PATTERN, description: 'id of the rule of the primary cause (findings[0].ruleId of the report)' }),
    severity: StringEnum(Object.keys(SEVERITY_RANK) as Severity[], { description: 'its severity: critical or warning (a pod whose findings are info only counts as healthy)' }),
    title: Type.String({ description: 'its one-line title, in the output language' }),
  },
  { additionalProperties: false, description: "a pod's primary cause" },
);
/** A primary cause ({@link CauseSchema}). */
export type Cause = Static<typeof CauseSchema>;

/** One line of `kdiag scan -w -o json`. */
export const WatchEventSchema = Type.Object(
  {
    time: Type.String({ description: 'when kdiag saw the change (RFC 3339, UTC, the local clock)' }),
    type: StringEnum(['appeared', 'changed', 'cleared'], {
      description: 'appeared: a pod became failing (also every failing pod once at the start); changed: its primary cause is another rule; cleared: it is healthy again, or was deleted',
    }),
    namespace: Type.String({ description: 'namespace of the pod' }),
    pod: Type.String({ description: 'name of the pod' }),
    // from: the primary cause before (changed, cleared); to: the one now (appeared, changed);
    // finding: the new primary cause in full, as findings[0] of the report (appeared, changed)
    from: Type.Optional(CauseSchema),
    to: Type.Optional(CauseSchema),
    finding: Type.Optional(FindingSchema),
    deleted: Type.Optional(Type.Literal(true, { description: 'cleared because the pod was deleted' })),
  },
  {
    $id: 'https://kdiag.dev/schema/watch-event.schema.json',
    title: 'kdiag watch event (kdiag scan -w -o json, one per line)',
    description: "One line of `kdiag scan -w -o json` or `kdiag pod NAME -w -o json`: a pod's primary cause appeared, changed or cleared.",
    additionalProperties: false,
  },
);
/** One watch event ({@link WatchEventSchema}). */
export type WatchEvent = Static<typeof WatchEventSchema>;

/** The primary cause of a pod's ranked findings: findings[0] when the pod is failing (warning or worse), else null. */
export function primaryCause(findings: Finding[]): Cause | null {
  if (!isFailing({ findings })) return null;
  const f = findings[0]!;
  return { ruleId: f.ruleId, severity: f.severity, title: f.title };
}

/**
 * The event for a pod whose primary cause went from `from` to `to`, or null when nothing a
 * user would see changed (same rule: a new title alone, in the same language, is the same cause).
 * @param finding the new primary finding (`to`'s), attached to appeared and changed
 */
export function transition(time: string, namespace: string, pod: string, from: Cause | null, to: Cause | null, finding?: Finding, deleted = false): WatchEvent | null {
  if (from?.ruleId === to?.ruleId && from?.severity === to?.severity) return null;
  const type = !from ? 'appeared' : !to ? 'cleared' : 'changed';
  return {
    time,
    type,
    namespace,
    pod,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(to && finding ? { finding } : {}),
    ...(deleted && !to ? { deleted: true as const } : {}),
  };
}
