import { randomBytes } from 'node:crypto';
import { access, constants, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KdiagError, outputFileWorded } from '../errors.js';

/**
 * Checks, before any work, that `--output-file PATH` can be written: its folder exists and is
 * writable, and PATH is not a folder; so a long scan of a cluster does not end in this error.
 * (The write itself can still fail, e.g. a full disk: {@link writeOutputFile} says so then.)
 * @throws KdiagError `usage.outputFile` (exit 2), as {@link writeOutputFile}
 */
export async function checkOutputFile(path: string): Promise<void> {
  try {
    if ((await stat(path).catch(() => null))?.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path} is a directory`), { code: 'EISDIR' });
    const dir = dirname(path);
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error(`ENOTDIR: ${dir} is not a directory`), { code: 'ENOTDIR' });
    await access(dir, constants.W_OK);
  } catch (e) {
    throw outputFileError(path, e);
  }
}

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
    throw outputFileError(path, e);
  }
}

/** A failed check or write of `--output-file` as `usage.outputFile`: its system code, and the system's message for a code without words. */
function outputFileError(path: string, e: unknown): KdiagError {
  const err = e as NodeJS.ErrnoException;
  const code = err.code ?? 'EIO';
  return new KdiagError('usage.outputFile', { path, code, detail: outputFileWorded(code) ? null : (err.message ?? code) });
}
