/**
 * `npm run schemas`: writes schema/report.schema.json, schema/config.schema.json and
 * schema/watch-event.schema.json from their TypeBox definitions (src/report/types.ts,
 * src/commands/config-schema.ts, src/report/watch.ts).
 * test/schemas.test.ts fails when a committed file differs from {@link generateSchemas}.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import { KdiagConfigSchema } from '../src/commands/config-schema.js';
import { ReportSchema } from '../src/report/types.js';
import { WatchEventSchema } from '../src/report/watch.js';
import { ruleJsonSchema } from '../src/rules/load.js';

/** The dialect every generated file declares: ajv 8's default, and what editors load. */
export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/**
 * The draft-07 keywords, in the order a generated schema lists them (identity and docs
 * first, then assertions, then subschemas). A keyword missing here is an error, so a
 * TypeBox extension (`transform`, `$defs`, `errorMessage` ...) cannot slip into a file.
 */
const KEYWORDS = [
  '$schema', '$id', '$ref', '$comment', 'title', 'description', 'default', 'examples', 'readOnly', 'writeOnly',
  'type', 'const', 'enum', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'exclusiveMinimum', 'maximum',
  'exclusiveMaximum', 'multipleOf', 'contentMediaType', 'contentEncoding', 'minItems', 'maxItems', 'uniqueItems',
  'minProperties', 'maxProperties', 'additionalProperties', 'propertyNames', 'patternProperties', 'dependencies',
  'required', 'properties', 'items', 'additionalItems', 'contains', 'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf',
  'not', 'definitions',
] as const;
const RANK = new Map<string, number>(KEYWORDS.map((k, i) => [k, i]));
/** Keywords whose value is a name -> schema map, a schema, or a list of schemas. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
const SCHEMA_VALUES = new Set(['items', 'additionalItems', 'additionalProperties', 'propertyNames', 'contains', 'if', 'then', 'else', 'not']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/**
 * A TypeBox schema as a standalone draft-07 document: `$schema` first, keywords in a
 * fixed order, TypeBox's symbol keys dropped, and each subschema that is one of the
 * root's `definitions` (the same object, as `Type.Array(FindingSchema)` holds it) written
 * as `{ "$ref": "#/definitions/<name>" }`.
 * @param schema a schema with `$id`
 * @returns the document as an object (the file's content is `JSON.stringify(doc, null, 2)`)
 * @throws Error for a schema without `$id` or a keyword that draft-07 does not have
 */
export function toDraft07(schema: TSchema): Json {
  if (typeof schema.$id !== 'string') throw new Error('a generated schema needs an $id');
  const refs = new Map<unknown, string>();
  for (const [name, def] of Object.entries((schema.definitions ?? {}) as Record<string, unknown>)) refs.set(def, `#/definitions/${name}`);

  const data = (v: unknown): Json => JSON.parse(JSON.stringify(v)) as Json;
  const sub = (node: unknown, at: string, definitionRoot = false): Json => {
    if (typeof node === 'boolean') return node;
    if (!node || typeof node !== 'object' || Array.isArray(node)) throw new Error(`${at}: not a schema`);
    const ref = refs.get(node);
    if (ref && !definitionRoot) return { $ref: ref };
    const out: { [k: string]: Json } = {};
    const keys = Object.keys(node).sort((a, b) => rank(a, at) - rank(b, at));
    for (const k of keys) {
      const v = (node as Record<string, unknown>)[k];
      if (v === undefined) continue;
      const here = `${at}/${k}`;
      if (SCHEMA_MAPS.has(k)) {
        const m: { [k: string]: Json } = {};
        for (const [name, s] of Object.entries(v as Record<string, unknown>)) {
          // dependencies may map to a list of property names instead of a schema
          m[name] = k === 'dependencies' && Array.isArray(s) ? data(s) : sub(s, `${here}/${name}`, k === 'definitions');
        }
        out[k] = m;
      } else if (SCHEMA_LISTS.has(k) || (k === 'items' && Array.isArray(v))) {
        out[k] = (v as unknown[]).map((s, i) => sub(s, `${here}/${i}`));
      } else if (SCHEMA_VALUES.has(k)) {
        out[k] = sub(v, here);
      } else {
        out[k] = data(v);
      }
    }
    return out;
  };
  const doc = sub(schema, '#') as { [k: string]: Json };
  return { $schema: DRAFT_07, ...doc };
}

function rank(key: string, at: string): number {
  const r = RANK.get(key);
  if (r === undefined) throw new Error(`${at}: "${key}" is not a draft-07 keyword`);
  return r;
}

/** A schema file's text: 2-space indented JSON with a trailing newline. */
export function schemaFile(schema: TSchema): string {
  return `${JSON.stringify(toDraft07(schema), null, 2)}\n`;
}

/**
 * The generated schema files, by name in schema/.
 * @returns `{ 'report.schema.json': text, 'config.schema.json': text }`
 */
export function generateSchemas(): Record<string, string> {
  return {
    'report.schema.json': schemaFile(ReportSchema),
    'config.schema.json': schemaFile(KdiagConfigSchema),
    'rule.schema.json': ruleSchemaFile(),
    'watch-event.schema.json': schemaFile(WatchEventSchema),
  };
}

/**
 * schema/rule.schema.json: the rule schema (src/rules/schema.ts) with the match block
 * (src/predicates/registry.ts) under `definitions`; its recursive references (`$ref: match`,
 * how TypeBox names a recursive schema) point at `#/definitions/match`.
 */
function ruleSchemaFile(): string {
  const { $schema: _, ...schema } = ruleJsonSchema();
  const doc = toDraft07(schema as TSchema) as { definitions: { match: Record<string, Json> } };
  delete doc.definitions.match.$id;
  return `${JSON.stringify(doc, null, 2).replace(/"\$ref": "match"/g, '"$ref": "#/definitions/match"')}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = join(import.meta.dirname, '..', 'schema');
  for (const [name, text] of Object.entries(generateSchemas())) {
    writeFileSync(join(dir, name), text);
    process.stderr.write(`wrote schema/${name}\n`);
  }
}
