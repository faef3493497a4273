import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

// the copy lives below the repository, so the config finds @swc/core in its node_modules
mkdirSync(join(ROOT, '.cache'), { recursive: true });
const tmp = mkdtempSync(join(ROOT, '.cache', 'deps-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of src/ with the dependency rules and their baseline, plus `extra` files (path → text). */
function copy(name: string, extra: Record<string, string> = {}): string {
  const dir = join(tmp, name);
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true });
  for (const f of ['.dependency-cruiser.cjs', '.dependency-cruiser-known-violations.json']) cpSync(join(ROOT, f), join(dir, f));
  for (const [path, text] of Object.entries(extra)) writeFileSync(join(dir, path), text);
  return dir;
}

/** `npm run deps` in `dir`: exit code and output. */
async function deps(dir: string): Promise<{ code: number; out: string }> {
  const args = [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs', '--ignore-known', '--output-type', 'err'];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd: dir });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('dependency rules (.dependency-cruiser.cjs)', () => {
  it('pass on src/ as it is, having read every module', async () => {
    const r = await deps(copy('clean'));
    expect(r.out).toMatch(/no dependency violations found \((\d+) modules/);
    expect(Number(/\((\d+) modules/.exec(r.out)![1])).toBeGreaterThanOrEqual(30); // the .ts files were parsed
    expect(r.code).toBe(0);
  });

  it('fail with one line per back edge, type-only imports and cycles included', async () => {
    const dir = copy('back-edge', {
      // facts may not look downstream, not even at a type
      'src/facts/back-edge.ts': "import type { Finding } from '../engine/finding.js';\nexport type Seen = Finding;\n",
      // a source may not import the report
      'src/kube/back-edge.ts': "export { buildReport } from '../report/build.js';\n",
      'src/objects/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
      'src/objects/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
    });
    const r = await deps(dir);
    expect(r.code).not.toBe(0);
    const lines = r.out.split('\n').filter((l) => /^\s*error /.test(l)).map((l) => l.trim());
    expect(lines).toContain('error facts-import-neutral: src/facts/back-edge.ts → src/engine/finding.ts');
    expect(lines).toContain('error source-imports-neutral: src/kube/back-edge.ts → src/report/build.ts');
    // a cycle is one violation; its path follows on indented lines
    expect(lines).toContainEqual(expect.stringMatching(/^error no-circular: src\/objects\/cycle-[ab]\.ts →$/));
    expect(r.out).toMatch(/no-circular: src\/objects\/cycle-([ab])\.ts →\s+src\/objects\/cycle-[ab]\.ts →\s+src\/objects\/cycle-\1\.ts/);
    // nothing else: the known violations of the layout refactor stay ignored
    expect(lines.filter((l) => !/back-edge|cycle-/.test(l))).toEqual([]);
  });
});
