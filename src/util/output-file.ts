import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KdiagError, outputFileWorded } from '../errors.js';

/**
 * Writes `text` to `path` (`--output-file`) atomically: a new temporary file in the same folder
 * (`.NAME.<random>.tmp`, so the rename stays on one file system), written and fsync'ed, then
 * renamed over `path` (rename(2) replaces it in one step), so a reader, a CI upload or an
 * interrupted run never sees half a report. An existing file keeps its permission bits.
 * (npm's write-file-atomic does the same, but reads CommonJS's `__filename`, which kdiag's ESM
 * bundle has not.) Resolves once written.
 * @throws KdiagError `usage.outputFile` (exit 2) when the file cannot be written: its folder is
 *   missing, permission, a folder in its place, read-only or full file system, or another system error
 */
export async function writeOutputFile(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const existing = await stat(path).catch(() => null);
    if (existing?.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: 'EISDIR' });
    const fh = await open(tmp, 'wx', existing ? existing.mode & 0o7777 : 0o666);
    created = true;
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (e) {
    if (created) await unlink(tmp).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    const code = err.code ?? 'EIO';
    throw new KdiagError('usage.outputFile', { path, code, detail: outputFileWorded(code) ? null : (err.message ?? code) });
  }
}
