import { Chalk, type ChalkInstance } from 'chalk';
import type { Lang } from '../lang.js';

/** Options every human renderer takes. */
export interface RenderOptions {
  /** Use ANSI colors (false when stdout is not a TTY, NO_COLOR is set, or --no-color). */
  color: boolean;
  /**
   * Columns to lay the text out in (see {@link outputWidth}); `Infinity`: no limit, so no line
   * is wrapped or cut (stdout is a pipe or a file).
   */
  width: number;
  /** Language of kdiag's own words (headers, labels); default en. */
  lang?: Lang;
}

/** A chalk instance that colors only when asked to. */
export function painter(opts: RenderOptions): ChalkInstance {
  return new Chalk({ level: opts.color ? 1 : 0 });
}

/**
 * Whether `stream` (stdout, or stderr for the progress line) should get colors: a TTY, no
 * NO_COLOR variable (https://no-color.org), and no --no-color flag.
 */
export function wantColor(flag: boolean | undefined, stream: { isTTY?: boolean } = process.stdout): boolean {
  return flag !== false && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && !!stream.isTTY;
}

/**
 * The width the table and the pod view are laid out for, in columns: `KDIAG_COLUMNS` when it
 * is a whole number (0: no limit), else the terminal's width when stdout is a terminal (80
 * when it does not tell), else no limit (`Infinity`): pipes and files get whole lines, never
 * wrapped or cut, as `kubectl get` prints them.
 */
export function outputWidth(env: NodeJS.ProcessEnv = process.env, stdout: { isTTY?: boolean; columns?: number } = process.stdout): number {
  const forced = env.KDIAG_COLUMNS?.trim();
  if (forced && /^\d+$/.test(forced)) return Number(forced) || Infinity;
  if (stdout.isTTY) return stdout.columns || 80;
  return Infinity;
}
