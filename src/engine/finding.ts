import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { RULE_ID_PATTERN, StringEnum } from '../json-schema.js';
import { SEVERITY_RANK, type Severity } from '../lang.js';
import { EvidenceSchema } from '../predicates/context.js';

export { EvidenceSchema, type Evidence } from '../predicates/context.js';

/**
 * One diagnosed cause of a pod's or a controller's failure: what a rule of the failure
 * catalog (rules/) or a user rule concluded, in the report's language.
 * `#/definitions/finding` of schema/report.schema.json.
 */
export const FindingSchema = Type.Object(
  {
    ruleId: Type.String({ pattern: RULE_ID_PATTERN, description: 'id of the rule that fired: a failure catalog id (public contract) or a user rule id' }),
    severity: StringEnum(Object.keys(SEVERITY_RANK) as Severity[], {
      description: 'critical: the pod cannot run or serve; warning: it runs degraded; info: a hint (after config overrides)',
    }),
    container: Type.Union([Type.String(), Type.Null()], { description: 'the container the finding is about, or null for a pod-level finding' }),
    containerType: Type.Union([StringEnum(['init', 'sidecar', 'regular', 'ephemeral']), Type.Null()], {
      description: 'kind of `container`: init, sidecar (an init container with restartPolicy Always) or regular; null when container is null',
    }),
    title: Type.String({ description: 'one-line name of the cause, e.g. "Image not found"' }),
    cause: Type.String({ description: 'why the pod (or controller) fails, with its own names and values filled in' }),
    remediation: Type.String({ description: 'what to do about it, often with the kubectl command to run' }),
    evidence: Type.Array(EvidenceSchema, { description: 'the lines behind the finding, each once: events, log lines, statuses, conditions' }),
    docs: Type.Array(Type.String(), { description: 'URLs of documentation about the cause (kubernetes.io pages for the built-in rules)' }),
  },
  { additionalProperties: false, description: 'one diagnosed cause of a failure: the rule that fired, its texts in the report language, and the evidence' },
);
/** One diagnosed cause ({@link FindingSchema}); a report ranks them, findings[0] being the primary cause. */
export type Finding = Static<typeof FindingSchema>;

/** True when a subject counts as failing: a finding of severity warning or worse. */
export function isFailing(p: { findings: Finding[] }): boolean {
  return p.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.warning);
}
