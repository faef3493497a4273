import { Chalk, type ChalkInstance } from 'chalk';
import type { Lang } from '../lang.js';

/** Options every human renderer takes. */
export interface RenderOptions {
  /** Use ANSI colors (false when stdout is not a TTY, NO_COLOR is set, or --no-color). */
  color: boolean;
  /** Terminal width in columns (default 100). */
  width: number;
  /** Language of kdiag's own words (headers, labels); default en. */
  lang?: Lang;
}

/** A chalk instance that colors only when asked to. */
export function painter(opts: RenderOptions): ChalkInstance {
  return new Chalk({ level: opts.color ? 1 : 0 });
}

/**
 * Whether stdout should get colors: a TTY, no NO_COLOR variable (https://no-color.org),
 * and no --no-color flag.
 */
export function wantColor(flag: boolean | undefined, stream: { isTTY?: boolean } = process.stdout): boolean {
  return flag !== false && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '') && !!stream.isTTY;
}
