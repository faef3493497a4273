import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { LINT_RULE_IDS } from '../facts/manifest-refs.js';
import { StringEnum } from '../json-schema.js';

/**
 * What `kdiag lint -o json|yaml` prints (the table is drawn from the same object). Fields are
 * only added within kdiag/v1; a breaking change bumps `apiVersion`.
 */

const count = (description: string) => Type.Integer({ minimum: 0, description });
const position = {
  file: Type.String({ description: 'the file as given (a folder\'s files with the folder\'s path before them), `<stdin>` for -f -' }),
  line: Type.Integer({ minimum: 1, description: '1-based line' }),
  col: Type.Integer({ minimum: 1, description: '1-based column (UTF-16 code units)' }),
};
const ObjectRefSchema = Type.Object(
  {
    apiVersion: Type.String({ description: 'apiVersion as written' }),
    kind: Type.String({ description: 'kind as written' }),
    namespace: Type.Union([Type.String(), Type.Null()], { description: 'metadata.namespace as written, null when absent' }),
    name: Type.String({ description: 'metadata.name (empty when absent, e.g. generateName)' }),
  },
  { additionalProperties: false, description: 'the object the entry is about' },
);

/** One finding of `kdiag lint`. */
export const LintFindingSchema = Type.Object(
  {
    ...position,
    ruleId: StringEnum(LINT_RULE_IDS, { description: 'the rule: manifest-unknown-field, service-selector-no-match, ingress-backend-service-missing, ingress-backend-port-missing, probe-port-not-exposed, missing-configmap, missing-secret' }),
    severity: StringEnum(['critical', 'warning', 'info'] as const, { description: 'critical: cannot work; warning: likely broken; info: worth a look (e.g. a ConfigMap that may exist in the cluster)' }),
    object: ObjectRefSchema,
    path: Type.String({ description: 'JSON path of the field the finding points at, e.g. spec.template.spec.containers[0].comand' }),
    message: Type.String({ description: 'what is wrong, in the chosen language' }),
    remediation: Type.String({ description: 'what to do, in the chosen language' }),
    details: Type.Record(Type.String(), Type.Unknown(), {
      description: 'the message\'s parameters, by rule (README, "kdiag lint"): e.g. field and suggestion for manifest-unknown-field',
    }),
  },
  { additionalProperties: false, description: 'one finding, at the line and column of the key it is about' },
);
/** One finding of `kdiag lint` ({@link LintFindingSchema}). */
export type LintFinding = Static<typeof LintFindingSchema>;

/** An object whose fields were not checked: its apiVersion or kind is not built in. */
export const LintUncheckedSchema = Type.Object(
  {
    ...position,
    object: ObjectRefSchema,
    reason: StringEnum(['apiVersion', 'kind'] as const, { description: 'apiVersion: not a built-in group/version (a custom resource); kind: not a kind of that group/version' }),
    suggestion: Type.Union([Type.String(), Type.Null()], { description: 'for reason kind: the nearest kind of that apiVersion, e.g. Deployment for Deploymnet' }),
  },
  { additionalProperties: false, description: 'an object kdiag does not know the schema of (its references are still checked)' },
);
/** An object not checked ({@link LintUncheckedSchema}). */
export type LintUnchecked = Static<typeof LintUncheckedSchema>;

/** The whole output of `kdiag lint -o json|yaml`. */
export const LintReportSchema = Type.Object(
  {
    apiVersion: Type.Literal('kdiag/v1', { description: 'version of this format; fields are only added within kdiag/v1' }),
    kind: Type.Literal('LintReport', { description: 'always LintReport' }),
    schema: Type.String({ description: 'where the Kubernetes fields come from, e.g. @kubernetes/client-node 1.4.0 (Kubernetes OpenAPI spec v1.34.0)' }),
    summary: Type.Object(
      {
        files: count('files read'),
        objects: count('objects read (each item of a kind: List counts)'),
        critical: count('findings of severity critical'),
        warning: count('findings of severity warning'),
        info: count('findings of severity info'),
        unchecked: count('objects whose fields were not checked'),
      },
      { additionalProperties: false, description: 'counts' },
    ),
    findings: Type.Array(LintFindingSchema, { description: 'by file, then line and column' }),
    unchecked: Type.Array(LintUncheckedSchema, { description: 'objects of kinds kdiag does not know (custom resources): never reported as errors' }),
  },
  { additionalProperties: false, title: 'kdiag lint report (apiVersion kdiag/v1)', description: 'What `kdiag lint` prints with -o json or -o yaml.' },
);
/** The output of `kdiag lint -o json` ({@link LintReportSchema}). */
export type LintReport = Static<typeof LintReportSchema>;

/** Exit code of a lint report: 1 with a finding of severity warning or worse, else 0. */
export function lintExitCode(r: LintReport): number {
  return r.summary.critical + r.summary.warning ? 1 : 0;
}
