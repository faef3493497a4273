/**
 * The one error type kdiag throws on purpose. Deep code throws it; only `cli.ts`
 * turns it into a one-line message on stderr and an exit code.
 *
 * Exit codes (documented in the README):
 * - 0: no finding of severity `warning` or worse
 * - 1: findings of severity `warning` or `critical`
 * - 2: usage, snapshot or rule-file error (`USAGE`, `SNAPSHOT`, `RULES`, `NOT_FOUND`)
 * - 3: cannot reach or authenticate to the cluster (`CLUSTER`)
 */
export type ErrorCode = 'USAGE' | 'SNAPSHOT' | 'RULES' | 'NOT_FOUND' | 'CLUSTER';

/** Exit code per error code. */
export const EXIT_CODES: Record<ErrorCode, number> = {
  USAGE: 2,
  SNAPSHOT: 2,
  RULES: 2,
  NOT_FOUND: 2,
  CLUSTER: 3,
};

export class KdiagError extends Error {
  /**
   * @param code the error class; decides the exit code (see {@link EXIT_CODES})
   * @param message one line, no trailing period needed; never contains secrets
   * @param suggestion optional one-line hint shown after the message ("try -A")
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly suggestion?: string,
  ) {
    super(message);
    this.name = 'KdiagError';
  }

  /** The process exit code for this error. */
  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}
