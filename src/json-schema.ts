/**
 * TypeBox helpers shared by the modules that define kdiag's public JSON Schemas
 * (engine/finding.ts, report/types.ts, commands/config-schema.ts). Each schema is written
 * once in TypeScript; its type is `Static<typeof Schema>` and scripts/gen-schemas.ts writes
 * it to schema/*.schema.json, so the TS type, the JSON file and the validator cannot drift.
 *
 * They import TypeBox as `import * as Type`, not `import { Type }`: the calls read the same
 * (`Type.Object(...)`), but esbuild then bundles only the builders used (~6 KB) instead of
 * the whole `Type` builder object (~90 KB, ~4 ms to load), since runtime code that imports
 * `isFailing` from engine/finding.ts also evaluates the schemas beside it.
 */
import type { SchemaOptions, TUnsafe } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox';

/** A rule id, kebab-case (`image-not-found`): the pattern of schema/rule.schema.json's `id`. */
export const RULE_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/**
 * `{ "enum": [...] }` for a list of strings, typed as their union.
 *
 * TypeBox's own `Type.Union([Type.Literal(...)])` emits `anyOf` of `const`s; a plain `enum`
 * is what editors complete, and ajv reports it as one error that lists the allowed values
 * (which rules/load.ts prints). No `type` beside it, so a wrong type is one error too.
 * @param values the allowed strings, in the order editors should offer them
 */
export function StringEnum<const T extends readonly string[]>(values: T, options?: SchemaOptions): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, enum: [...values] });
}
