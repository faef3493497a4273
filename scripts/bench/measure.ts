/**
 * Runs one command as a fresh process and measures it: wall time (from spawn to exit, in
 * this process), CPU time and peak RSS. With GNU time (`/usr/bin/time`) every command is
 * wrapped the same way (`-f '%U %S %M' -o FILE`); without it, Node commands get their own
 * `process.resourceUsage()` through a preloaded hook and other commands report no RSS/CPU.
 * Each command has a timeout after which its process group (started by us) is killed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunResult {
  wallMs: number;
  /** user + system CPU time, ms (null when unknown) */
  cpuMs: number | null;
  /** peak resident set size, KiB (null when unknown) */
  maxRssKb: number | null;
  code: number;
  /** the end of stderr: its last 4 KiB, or {@link RunOptions.stderrBytes} */
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs: number;
  /** where stdout goes: a file path, or /dev/null (default) */
  stdoutFile?: string;
  env?: NodeJS.ProcessEnv;
  /** the command is `node` running a script: allows the resourceUsage fallback */
  node?: boolean;
  /** how much of the end of stderr to keep, in bytes (default 4096) */
  stderrBytes?: number;
}

const GNU_TIME = '/usr/bin/time';

export class Runner {
  readonly gnuTime: boolean;
  private seq = 0;
  private readonly hook: string;

  constructor(private readonly tmp: string) {
    this.gnuTime = existsSync(GNU_TIME) && probeGnuTime();
    this.hook = join(tmp, 'rusage-hook.mjs');
    // fallback: the child reports its own peak RSS (process.resourceUsage().maxRSS, KiB) at exit
    writeFileSync(
      this.hook,
      "import { writeFileSync } from 'node:fs';\n" +
        "process.on('exit', () => { const u = process.resourceUsage(); if (process.env.BENCH_RUSAGE) writeFileSync(process.env.BENCH_RUSAGE, `${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6} ${u.maxRSS}`); });\n",
    );
  }

  /** Where measurements come from, for the report. */
  describe(): string {
    return this.gnuTime ? 'GNU time (`/usr/bin/time -f "%U %S %M"`) around every command' : '`process.resourceUsage()` of the Node commands (no GNU time on this machine)';
  }

  run(cmd: string, args: string[], opts: RunOptions): Promise<RunResult> {
    const id = ++this.seq;
    const usage = join(this.tmp, `usage-${id}.txt`);
    let file = cmd;
    let argv = args;
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
    if (this.gnuTime) {
      file = GNU_TIME;
      argv = ['-f', '%U %S %M', '-o', usage, cmd, ...args];
    } else if (opts.node) {
      argv = ['--import', this.hook, ...args];
      env.BENCH_RUSAGE = usage;
    }
    const out = opts.stdoutFile ? openSync(opts.stdoutFile, 'w') : openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const child = spawn(file, argv, { stdio: ['ignore', out, 'pipe'], env, detached: true });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-(opts.stderrBytes ?? 4096));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, opts.timeoutMs);
    return new Promise((resolve) => {
      child.on('close', (code, signal) => {
        const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
        clearTimeout(timer);
        closeSync(out);
        let cpuMs: number | null = null;
        let maxRssKb: number | null = null;
        if (existsSync(usage)) {
          // GNU time may prefix "Command exited with non-zero status N"
          const line = readFileSync(usage, 'utf8').trim().split('\n').pop() ?? '';
          const [u, s, m] = line.split(/\s+/).map(Number);
          if (Number.isFinite(u) && Number.isFinite(s)) cpuMs = (u! + s!) * 1000;
          if (Number.isFinite(m)) maxRssKb = m!;
          rmSync(usage, { force: true });
        }
        resolve({ wallMs, cpuMs, maxRssKb, code: code ?? (signal ? 128 : -1), stderr, timedOut });
      });
    });
  }
}

function probeGnuTime(): boolean {
  try {
    // busybox's time has neither -f nor -o
    return spawnSync(GNU_TIME, ['-f', '%M', '-o', '/dev/null', 'true']).status === 0;
  } catch {
    return false;
  }
}

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** kubectl on PATH, or undefined. */
export function findKubectl(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
