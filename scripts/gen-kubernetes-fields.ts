/**
 * `npm run schemas:kubernetes`: writes schema/kubernetes-fields.json, the fields of every
 * built-in Kubernetes kind, for `kdiag lint` (src/facts/manifest-fields.ts).
 *
 * The source is the model layer of @kubernetes/client-node, the official JavaScript client,
 * generated from the Kubernetes OpenAPI spec (its models say which: "OpenAPI spec version").
 * Each model class lists its JSON fields with their types (`attributeTypeMap`); each API class
 * names its group/version in its paths and the kinds it creates in its `create*` bodies. The
 * file keeps what an unknown-field check needs, the field names and the model each one holds,
 * for the types reachable from a kind: ~0.2 MB instead of client-node's ~14 MB of classes, read
 * only by `kdiag lint` (the bundle does not grow).
 *
 * test/manifest-fields.test.ts fails when the committed file differs from
 * {@link generateKubernetesFields}.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubernetesFields } from '../src/facts/manifest-fields.js';

const require = createRequire(import.meta.url);
const CLIENT = dirname(require.resolve('@kubernetes/client-node/package.json'));

/** One field of a model as client-node generates it: `baseName` is the JSON name. */
interface Attribute {
  baseName: string;
  type: string;
}


/** The model names a type refers to (`Array<V1Container>` -> V1Container). */
function referenced(type: string, models: Set<string>): string[] {
  return (type.match(/[A-Za-z0-9]+/g) ?? []).filter((w) => models.has(w));
}

/** The kind a model stands for: `V1Deployment` -> Deployment, `CoreV1Event` -> Event. */
function kindOf(model: string): string {
  return model.replace(/^(?:[A-Z][a-z]+)*V\d+(?:alpha\d+|beta\d+)?/, '');
}

/** Builds the file's content from the installed @kubernetes/client-node. */
export async function generateKubernetesFields(): Promise<KubernetesFields> {
  const models = (await import(join(CLIENT, 'dist/gen/models/all.js'))) as Record<string, { attributeTypeMap?: Attribute[] }>;
  const names = new Set(Object.keys(models).filter((n) => Array.isArray(models[n]?.attributeTypeMap)));
  const kinds: Record<string, Record<string, string>> = {};
  const apis = join(CLIENT, 'dist/gen/apis');
  for (const file of readdirSync(apis).filter((f) => /V\d+(?:alpha\d+|beta\d+)?Api\.js$/.test(f)).sort()) {
    const js = readFileSync(join(apis, file), 'utf8');
    const path = /localVarPath = '\/(?:api\/(v1)|apis\/([^/]+)\/([^/']+))\//.exec(js);
    if (!path) continue;
    const apiVersion = path[1] ?? `${path[2]}/${path[3]}`;
    // the body of each create* request is an object of a kind served at this group/version
    for (const m of js.matchAll(/ObjectSerializer\.serialize\(body, "([A-Za-z0-9]+)", ""\)/g)) {
      const model = m[1];
      const obj = models[model]?.attributeTypeMap?.map((a) => a.baseName) ?? [];
      if (!obj.includes('apiVersion') || !obj.includes('kind')) continue;
      (kinds[apiVersion] ??= {})[kindOf(model)] = model;
      // the list of that kind (`kind: DeploymentList`), as `kubectl get -o yaml` writes it
      if (names.has(`${model}List`)) kinds[apiVersion][`${kindOf(model)}List`] = `${model}List`;
    }
  }
  // only the models reachable from a kind
  const types: Record<string, Record<string, string>> = {};
  const todo = Object.values(kinds).flatMap((k) => Object.values(k));
  while (todo.length) {
    const model = todo.pop()!;
    if (types[model]) continue;
    types[model] = {};
    for (const a of models[model].attributeTypeMap!) {
      types[model][a.baseName] = a.type;
      todo.push(...referenced(a.type, names));
    }
  }
  const sortKeys = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  const version = (JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8')) as { version: string }).version;
  const spec = /OpenAPI spec version: (\S+)/.exec(readFileSync(join(CLIENT, 'dist/gen/models/V1Pod.js'), 'utf8'))?.[1] ?? 'unknown';
  return {
    source: `@kubernetes/client-node ${version} (Kubernetes OpenAPI spec ${spec})`,
    kinds: Object.fromEntries(Object.keys(kinds).sort().map((v) => [v, sortKeys(kinds[v])])),
    types: sortKeys(types),
  };
}

/** The file's text: one type a line, so a diff after a client-node update reads well. */
export function kubernetesFieldsText(f: KubernetesFields): string {
  const block = (o: Record<string, unknown>) =>
    `{\n${Object.entries(o)
      .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n')}\n  }`;
  return `{\n  "source": ${JSON.stringify(f.source)},\n  "kinds": ${block(f.kinds)},\n  "types": ${block(f.types)}\n}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'kubernetes-fields.json');
  writeFileSync(out, kubernetesFieldsText(await generateKubernetesFields()));
  console.log(`wrote ${out}`);
}
