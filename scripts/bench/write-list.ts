/**
 * Writes Kubernetes objects as `kubectl get ... -o json` prints them: one v1 `List` with its
 * keys in alphabetical order (`apiVersion`, `items`, `kind`, `metadata`: `kind` comes after
 * the items) and 4-space indentation, item by item, so a file of any size (over V8's ~512 MB
 * string limit too) can be written.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * @param path the file to (over)write
 * @param objects the items, each with its `kind` and `apiVersion` (kubectl writes both per item)
 * @param compact each item on one line without indentation (a smaller file for the same
 *   objects: kubectl's indentation makes a generated pod with managedFields ~3.5x its compact size)
 * @returns bytes written
 */
export async function writeListFile(path: string, objects: Iterable<unknown>, compact = false): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{\n    "apiVersion": "v1",\n    "items": [');
  let first = true;
  for (const o of objects) {
    await write(`${first ? '\n' : ',\n'}        ${compact ? JSON.stringify(o) : JSON.stringify(o, null, 4).replace(/\n/g, '\n        ')}`);
    first = false;
  }
  await write(`${first ? '' : '\n    '}],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n`);
  out.end();
  await once(out, 'finish');
  return bytes;
}
