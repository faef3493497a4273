/**
 * The built CLI on a generated snapshot streamed (KDIAG_STREAM_THRESHOLD below its size; from
 * the file and from standard input) and read whole (the default 64 MiB threshold, above it):
 * the same findings, and the same syntax error.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCluster } from '../scripts/bench/generate.js';
import { writeListFile } from '../scripts/bench/write-list.js';
import { ROOT, runKdiag } from './support/run-cli.js';

let dir: string;
let big: string;
let size: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kdiag-stream-cli-'));
  const { snapshot: s } = await generateCluster(ROOT, { pods: 300 });
  big = join(dir, 'cluster.json');
  await writeListFile(big, [...s.nodes, ...s.pods, ...s.events]);
  size = (await stat(big)).size;
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('kdiag scan --from a JSON file over the streaming threshold', () => {
  it('gives the same findings as the same file read whole', async () => {
    expect(size).toBeGreaterThan(2_000_000);
    const whole = await runKdiag(['scan', '-A', '-o', 'json', '--from', big]);
    const streamed = await runKdiag(['scan', '-A', '-o', 'json', '--from', big], { KDIAG_STREAM_THRESHOLD: String(size - 1) });
    expect(whole.stderr).toBe('');
    expect(streamed.stderr).toBe('');
    expect(whole.code).toBe(1);
    expect(streamed.code).toBe(1);
    const report = JSON.parse(streamed.stdout) as { pods?: unknown[] };
    expect(Array.isArray(report.pods) && report.pods.length).toBeGreaterThan(20);
    expect(streamed.stdout).toBe(whole.stdout);
  });

  it('streams standard input (--from -) over the threshold too, with the same findings', async () => {
    const whole = await runKdiag(['scan', '-A', '-o', 'json', '--from', big]);
    const piped = await runKdiag(['scan', '-A', '-o', 'json', '--from', '-'], { KDIAG_STREAM_THRESHOLD: '100000' }, await readFile(big, 'utf8'));
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(1);
    const strip = (out: string) => ({ ...(JSON.parse(out) as Record<string, unknown>), source: undefined });
    expect((JSON.parse(piped.stdout) as { source: { path: string } }).source.path).toBe('<stdin>');
    expect(strip(piped.stdout)).toEqual(strip(whole.stdout));
  });

  it('names line and column of a syntax error in a streamed file', async () => {
    const bad = join(dir, 'bad.json');
    const lines = Array.from({ length: 60_000 }, (_, i) => `        {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e${i}"}},`);
    lines[50_000] = '        {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "e50000"}}';
    await writeFile(bad, `{\n    "apiVersion": "v1",\n    "items": [\n${lines.join('\n')}\n        {}\n    ],\n    "kind": "List"\n}\n`);
    const r = await runKdiag(['scan', '-A', '--from', bad], { KDIAG_STREAM_THRESHOLD: '1000000' });
    expect(r.code).toBe(2);
    // the missing comma after item 50,000 (line 50,004): the next item's `{` is unexpected
    expect(r.stderr).toContain(`invalid JSON at ${bad}:50005:9: unexpected character '{'`);
    const whole = await runKdiag(['scan', '-A', '--from', bad]);
    expect(r.stderr).toBe(whole.stderr);
    const piped = await runKdiag(['scan', '-A', '--from', '-'], { KDIAG_STREAM_THRESHOLD: '1000000' }, await readFile(bad, 'utf8'));
    expect(piped.code).toBe(2);
    expect(piped.stderr).toBe(whole.stderr.replace(bad, '<stdin>'));
  });
});
