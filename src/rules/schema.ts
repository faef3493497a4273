import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import type { Lang } from '../lang.js';
import { MatchSchema, type Check, type Match } from '../predicates/registry.js';

const Id = (description: string) => Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description });
const Severity = Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')], { description: 'critical: cannot run or serve; warning: runs degraded; info: a hint' });
const PartialMessages = (lang: string) =>
  Type.Object(
    {
      title: Type.Optional(Type.String({ minLength: 1, description: "replaces the rule's title" })),
      cause: Type.Optional(Type.String({ minLength: 1, description: "replaces the rule's cause" })),
      remediation: Type.Optional(Type.String({ minLength: 1, description: "replaces the rule's remediation" })),
    },
    { additionalProperties: false, minProperties: 1, description: `Texts in ${lang} that replace the rule's; a field not given stays the rule's.` },
  );
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
    severity: Severity,
    scope: Type.Union([Type.Literal('pod'), Type.Literal('container'), Type.Literal('workload'), Type.Literal('service'), Type.Literal('ingress'), Type.Literal('pvc')], {
      description:
        'what the rule is matched against: pod (once per pod), container (once per container: init, sidecar, regular, ephemeral), workload (a pod controller: Deployment, ReplicaSet, StatefulSet, DaemonSet, Job), service (a Service), ingress (an Ingress), pvc (a PersistentVolumeClaim)',
    }),
    refines: Type.Optional(Type.Array(Id('a rule id'), { uniqueItems: true, description: 'rules this one explains more precisely: when both fire on the same pod or container, this one ranks first and they stay as further findings' })),
    overrides: Type.Optional(Type.Array(Id('a rule id'), { uniqueItems: true, description: 'rules this one makes redundant: their findings on the same pod or container are dropped' })),
    variants: Type.Optional(
      Type.Array(
        Type.Object(
          {
            when: Type.Ref(MatchSchema, { description: 'more predicates on the same subject; the first variant whose block holds applies, and adds its evidence' }),
            severity: Type.Optional(Type.Union([Type.Literal('critical'), Type.Literal('warning'), Type.Literal('info')], { description: "the variant's severity, instead of the rule's" })),
            messages: Type.Optional(
              Type.Object(
                { en: Type.Optional(PartialMessages('English')), zh: Type.Optional(PartialMessages('Chinese')), ja: Type.Optional(PartialMessages('Japanese')) },
                { additionalProperties: false, minProperties: 1, description: "the variant's texts per language, each field replacing the rule's" },
              ),
            ),
          },
          { additionalProperties: false, description: 'one variant of the cause' },
        ),
        {
          minItems: 1,
          description:
            "Variants of the same cause (one id, a public contract) that differ in severity or wording: e.g. a named targetPort no pod declares is critical, a number only a warning; a probe failure that is a timeout says so. The first variant whose `when` holds sets the finding's severity and texts; without one, the rule's own apply.",
        },
      ),
    ),
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
export type RuleSource = Omit<Static<typeof RuleSchema>, 'match' | 'messages' | 'variants'> & {
  match: Match;
  messages: { en: RuleMessages } & Partial<Record<Lang, RuleMessages>>;
  variants?: RuleVariant[];
};
/** One of a rule's `variants`, as written. */
export interface RuleVariant {
  when: Match;
  severity?: Static<typeof Severity>;
  messages?: Partial<Record<Lang, Partial<RuleMessages>>>;
}
/** The texts of a rule in one language. */
export type RuleMessages = Static<ReturnType<typeof Messages>>;

/** A loaded rule: its source, where it came from, and its compiled match. */
export interface Rule extends RuleSource {
  /** File it was loaded from and the line of its `id:` key. */
  file: string;
  line: number;
  /** The compiled match block (see predicates/match.ts compileMatch). */
  check: Check;
  /** Index keys: a subject must have one of them for the rule to match; null = try it on every subject. */
  keys: string[] | null;
  /** The compiled `when` of each of `variants`, in order. */
  variantChecks: Check[];
}
