import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import type { Lang, Severity } from '../lang.js';
import { MatchSchema, type Check, type Match } from '../predicates/registry.js';

const Severity = (description: string) => Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')], { description });
const Id = (description: string) => Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description });
const Messages = (lang: string) =>
  Type.Object(
    {
      title: Type.String({ minLength: 1, description: 'a few words naming the cause; placeholders allowed' }),
      cause: Type.String({ minLength: 1, description: 'what is wrong and why, one or two sentences; placeholders such as {container} are filled from the subject' }),
      remediation: Type.String({ minLength: 1, description: 'what to do about it, with the commands to run' }),
    },
    { additionalProperties: false, description: `The texts in ${lang}.` },
  );

/**
 * The JSON Schema of a rule file (`rules/<category>/<id>.yaml`); schema/rule.schema.json is
 * generated from it (`npm run schemas`), and the rule types derive from it, so they cannot drift.
 */
export const RuleSchema = Type.Object(
  {
    id: Id('kebab-case noun naming the cause (image-not-found, oom-killed); equals the file name; a public contract'),
    category: Id('the group the rule is listed under: image, runtime, config, scheduling, admission, node, logs for the built-in rules; any kebab-case word for your own'),
    severity: Severity('critical: cannot run or serve; warning: runs degraded; info: a hint'),
    severityWhen: Type.Optional(
      Type.Array(
        Type.Object(
          {
            severity: Severity('the finding severity when `match` holds'),
            match: Type.Ref(MatchSchema, { description: 'predicates on the same subject, tested only once the rule matched (same scope rules as the rule\'s match)' }),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          description:
            'a different severity for some matches of the same cause (one id, one contract): the first entry whose match holds gives the finding its severity, else `severity` applies. E.g. a named targetPort is critical, a numeric one a warning',
        },
      ),
    ),
    scope: Type.Union([Type.Literal('pod'), Type.Literal('container'), Type.Literal('workload'), Type.Literal('service'), Type.Literal('ingress'), Type.Literal('pvc')], {
      description:
        'what the rule is matched against: pod (once per pod), container (once per container: init, sidecar, regular, ephemeral), workload (a pod controller: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job), service (a Service), ingress (an Ingress), pvc (a PersistentVolumeClaim)',
    }),
    refines: Type.Optional(Type.Array(Id('a rule id'), { uniqueItems: true, description: 'rules this one explains more precisely: when both fire on the same pod or container, this one ranks first and they stay as further findings' })),
    overrides: Type.Optional(Type.Array(Id('a rule id'), { uniqueItems: true, description: 'rules this one makes redundant: their findings on the same pod or container are dropped' })),
    logTail: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: "also show the last N lines of the container's log as evidence" })),
    match: Type.Ref(MatchSchema, { description: 'the failure signature' }),
    messages: Type.Object(
      { en: Messages('English (required)'), zh: Type.Optional(Messages('Chinese (required for built-in rules)')), ja: Type.Optional(Messages('Japanese (required for built-in rules)')) },
      { additionalProperties: false, description: 'title, cause and remediation per language; a missing language falls back to en' },
    ),
    docs: Type.Optional(Type.Array(Type.String({ pattern: '^https://', description: 'a https link' }), { description: 'links to the Kubernetes docs that explain the cause' })),
  },
  { additionalProperties: false, $id: 'https://kdiag.dev/schema/rule.schema.json', title: 'kdiag rule', description: 'One kdiag rule: a failure signature (match) mapped to a cause and a remediation in en (and zh, ja).' },
);

/** A rule file, as written. */
export type RuleSource = Omit<Static<typeof RuleSchema>, 'match' | 'messages' | 'severityWhen'> & {
  match: Match;
  severityWhen?: { severity: Severity; match: Match }[];
  messages: { en: RuleMessages } & Partial<Record<Lang, RuleMessages>>;
};
/** The texts of a rule in one language. */
export type RuleMessages = Static<ReturnType<typeof Messages>>;

/** A loaded rule: its source, where it came from, and its compiled match. */
export interface Rule extends RuleSource {
  /** File it was loaded from and the line of its `id:` key. */
  file: string;
  line: number;
  /** The compiled match block (see predicates/match.ts compileMatch). */
  check: Check;
  /** The compiled `severityWhen` entries, in order (empty without them). */
  severityChecks: { severity: Severity; check: Check }[];
  /** Index keys: a subject must have one of them for the rule to match; null = try it on every subject. */
  keys: string[] | null;
}
