import { fstatSync } from 'node:fs';
import type { Ora } from 'ora';
import type { Lang } from '../lang.js';
import type { Progress } from '../objects/source.js';
import { progressText } from '../render/progress.js';

/** Output formats read by programs: they never get a progress display. */
const MACHINE_FORMATS = new Set(['json', 'yaml', 'name']);

/** Time before the progress line appears, in ms: a scan that ends sooner shows none. */
export const PROGRESS_DELAY_MS = 1000;

/** A stream as the progress display uses it: a terminal (or a test's stand-in for one). */
export type ProgressStream = NodeJS.WritableStream & {
  isTTY?: boolean;
  columns?: number;
  cursorTo(x: number, y?: number): boolean;
  moveCursor(dx: number, dy: number): boolean;
  clearLine(dir: -1 | 0 | 1): boolean;
};

/** True when file descriptor `fd` is a pipe or a socket (`| less`, `| jq`), not a terminal or a file. */
function isPipe(fd: number): boolean {
  try {
    const s = fstatSync(fd);
    return s.isFIFO() || s.isSocket();
  } catch {
    return false;
  }
}

/**
 * Whether a command shows progress on stderr: stderr is a terminal, stdout is not a pipe (a
 * pager such as `| less` would get the line drawn over its screen; `> file` is fine), the
 * output is for people (not -o json/yaml), and no `--quiet`.
 * @param streams stdout and stderr (the process's by default; tests pass stand-ins)
 */
export function wantProgress(
  opts: { quiet?: boolean; output: string },
  streams: { stdout: { isTTY?: boolean; fd?: number }; stderr: { isTTY?: boolean } } = { stdout: process.stdout, stderr: process.stderr },
): boolean {
  if (opts.quiet || MACHINE_FORMATS.has(opts.output) || !streams.stderr.isTTY) return false;
  return !!streams.stdout.isTTY || streams.stdout.fd === undefined || !isPipe(streams.stdout.fd);
}

/** Options of a {@link ProgressDisplay}. */
export interface ProgressDisplayOptions {
  /** Where to draw: stderr, a terminal. */
  stream: ProgressStream;
  lang?: Lang;
  /** Color the spinner (NO_COLOR and --no-color say no). */
  color: boolean;
  /** The snapshot being read (--from), or null for a cluster: what the line says before the first page. */
  snapshot: string | null;
  /** Default {@link PROGRESS_DELAY_MS}. */
  delayMs?: number;
}

/**
 * The progress line of a scan on a terminal: a spinner with what has been read so far
 * (render/progress.ts progressText), redrawn in place by ora and erased when the scan ends,
 * so nothing of it stays on the screen or reaches stdout. It appears only once the scan has
 * taken {@link PROGRESS_DELAY_MS}; ora is loaded then, so a quick scan never loads it. Create it
 * only when {@link wantProgress} says so, feed it {@link update}, and always {@link stop} it.
 */
export class ProgressDisplay {
  private last: Readonly<Progress> | null = null;
  private spinner: Ora | undefined;
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly opts: ProgressDisplayOptions) {
    this.timer = setTimeout(() => void this.show(), opts.delayMs ?? PROGRESS_DELAY_MS);
    this.timer.unref();
  }

  /** The progress sink (objects/source.ts ProgressSink): remembers the state, and redraws once the line is shown. */
  readonly update = (p: Readonly<Progress>): void => {
    this.last = p;
    if (this.spinner) this.spinner.text = this.text();
  };

  /** Erases the line (if shown) and shows the cursor again; nothing appears after this. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.spinner?.stop();
    this.spinner = undefined;
  }

  /** Whether the line has been drawn (for tests). */
  get shown(): boolean {
    return this.spinner !== undefined;
  }

  private text(): string {
    // the spinner and its space take 2 columns; one more keeps the cursor off the last column
    return progressText(this.last, this.opts.snapshot, this.opts.lang, (this.opts.stream.columns || 80) - 3);
  }

  private async show(): Promise<void> {
    const { default: ora } = await import('ora');
    if (this.stopped) return;
    this.spinner = ora({
      stream: this.opts.stream,
      text: this.text(),
      color: this.opts.color ? 'cyan' : false,
      // our own gate (wantProgress) decided: ora's own (is-interactive) would say no under CI=1
      isEnabled: true,
      // stdin stays as it is: in raw mode Ctrl+C would wait for a page being parsed
      discardStdin: false,
    }).start();
  }
}
