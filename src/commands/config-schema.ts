/**
 * The config file's JSON Schema, written once with TypeBox: `KdiagConfig` is derived from
 * it, scripts/gen-schemas.ts writes it to schema/config.schema.json, and config.ts validates
 * files against that JSON file. Imports nothing from src/rules/, so the generator can load
 * it without the rule loader.
 */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';
import { RULE_ID_PATTERN, StringEnum } from '../json-schema.js';
import { LANGS, SEVERITY_RANK, type Severity } from '../lang.js';

const SeverityEnum = StringEnum(Object.keys(SEVERITY_RANK) as Severity[]);

/**
 * `.kdiag.yaml` in the working directory, else `$XDG_CONFIG_HOME/kdiag/config.yaml`
 * (see config.ts `configPath`). Every key is optional; unknown keys are errors.
 */
export const KdiagConfigSchema = Type.Object(
  {
    rules: Type.Optional(
      Type.Array(Type.String(), {
        description: 'extra rule folders or files, relative to the config file; loaded after the built-in rules',
      }),
    ),
    disable: Type.Optional(
      Type.Array(Type.String({ pattern: RULE_ID_PATTERN }), { uniqueItems: true, description: 'rule ids to turn off' }),
    ),
    // `propertyNames` + `additionalProperties`, as before TypeBox: Type.Record would emit
    // `patternProperties`, which lets keys that miss the pattern through unless
    // additionalProperties is false, and then names no pattern in its error
    severity: Type.Optional(
      Type.Unsafe<Record<string, Static<typeof SeverityEnum>>>({
        type: 'object',
        propertyNames: { pattern: RULE_ID_PATTERN },
        additionalProperties: SeverityEnum,
        description: "rule id -> severity (critical, warning or info), replacing the rule's own",
      }),
    ),
    lang: Type.Optional(StringEnum(LANGS, { description: 'language when --lang and KDIAG_LANG are not set' })),
  },
  {
    $id: 'https://kdiag.dev/schema/config.schema.json',
    title: 'kdiag config file',
    description:
      '`.kdiag.yaml` in the working directory, else `$XDG_CONFIG_HOME/kdiag/config.yaml` (default ~/.config/kdiag/config.yaml).',
    additionalProperties: false,
  },
);

/**
 * The config file's content ({@link KdiagConfigSchema}, schema/config.schema.json). After
 * `loadConfig`, the paths in `rules` are absolute (resolved against the file's folder).
 */
export type KdiagConfig = Static<typeof KdiagConfigSchema>;
