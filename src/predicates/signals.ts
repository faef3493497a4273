/**
 * Linux signal names by number (x86_64/arm64), for exit codes 128+N.
 * Source: signal(7); container runtimes report a process killed by signal N as exit code 128+N.
 */
const SIGNALS: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE',
  9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE', 14: 'SIGALRM', 15: 'SIGTERM',
  24: 'SIGXCPU', 25: 'SIGXFSZ', 31: 'SIGSYS',
};

/** `SIGSEGV` for 11; `signal 42` for numbers without a usual name. */
export function signalName(n: number): string {
  return SIGNALS[n] ?? `signal ${n}`;
}

/** The signal behind an exit code 129..159, else null. */
export function signalOfExitCode(code: number | null): number | null {
  return code !== null && code > 128 && code < 160 ? code - 128 : null;
}
