import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DRAFT_07, generateSchemas, toDraft07 } from '../scripts/gen-schemas.js';
import { ReportSchema } from '../src/report/types.js';
import { ROOT } from './support/run-cli.js';

/**
 * schema/report.schema.json and schema/config.schema.json are generated from their TypeBox
 * definitions (scripts/gen-schemas.ts): committed files must match, every property must be
 * described, and the output must be plain draft-07 that ajv accepts in strict mode.
 */
const generated = generateSchemas();
type Node = Record<string, unknown>;

/** Every subschema below `node` with its JSON pointer, the node itself first. */
function* subschemas(node: unknown, at = '#'): Generator<[string, Node]> {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  const n = node as Node;
  yield [at, n];
  for (const key of ['properties', 'patternProperties', 'definitions']) {
    for (const [name, s] of Object.entries((n[key] ?? {}) as Node)) yield* subschemas(s, `${at}/${key}/${name}`);
  }
  for (const key of ['items', 'additionalProperties', 'propertyNames', 'not', 'contains', 'if', 'then', 'else']) {
    if (!Array.isArray(n[key])) yield* subschemas(n[key], `${at}/${key}`);
    else for (const [i, s] of (n[key] as unknown[]).entries()) yield* subschemas(s, `${at}/${key}/${i}`);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const [i, s] of ((n[key] ?? []) as unknown[]).entries()) yield* subschemas(s, `${at}/${key}/${i}`);
  }
}

describe.each(Object.keys(generated))('schema/%s', (name) => {
  const schema = JSON.parse(generated[name]) as Node;

  it('is generated and up to date (run `npm run schemas`)', () => {
    expect(readFileSync(join(ROOT, 'schema', name), 'utf8')).toBe(generated[name]);
  });

  it('is a draft-07 document with an $id, in standard keywords only (ajv strict mode)', () => {
    expect(Object.keys(schema).slice(0, 2)).toEqual(['$schema', '$id']);
    expect(schema.$schema).toBe(DRAFT_07);
    expect(schema.$id).toBe(`https://kdiag.dev/schema/${name}`);
    // strict: unknown or ignored keywords, and applicators without their type, are errors;
    // the schema is also checked against the draft-07 meta-schema
    const ajv = new Ajv({ strict: true, allErrors: true });
    expect(() => ajv.compile(schema)).not.toThrow();
    expect(generated[name]).toMatch(/^\{\n {2}"\$schema"[^]*\n\}\n$/);
  });

  it('describes every property at every depth', () => {
    const undescribed: string[] = [];
    let properties = 0;
    for (const [at, node] of subschemas(schema)) {
      for (const [prop, s] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
        properties++;
        if (typeof s.description !== 'string' || !s.description.trim()) undescribed.push(`${at}/properties/${prop}`);
      }
    }
    expect(properties).toBeGreaterThan(3);
    expect(undescribed).toEqual([]);
  });
});

describe('the generator', () => {
  it('writes a finding once, under definitions, and refers to it elsewhere', () => {
    const report = JSON.parse(generated['report.schema.json']) as Node;
    const refs = generated['report.schema.json'].match(/"\$ref": "#\/definitions\/finding"/g) ?? [];
    expect(refs).toHaveLength(3); // pods[].findings, workloads[].findings and resources[].findings
    expect(Object.keys(report.definitions as Node)).toEqual(['pod', 'workload', 'resource', 'finding']);
    expect(generated['report.schema.json'].match(/"ruleId"/g)).toHaveLength(2); // the property and its required entry
  });

  it('rejects a keyword that is not draft-07', () => {
    const bad = { ...ReportSchema, $defs: {} };
    expect(() => toDraft07(bad)).toThrow(/"\$defs" is not a draft-07 keyword/);
  });
});
