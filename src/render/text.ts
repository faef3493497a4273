/**
 * Terminal safety for text that comes from workloads (log lines, event messages):
 * strips ANSI/OSC escape sequences and other C0/C1 control characters, which could
 * otherwise set the window title, clear the screen or hide text. Tabs become spaces.
 * JSON/YAML output keeps the text as is (their encoders escape it).
 */
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[P^_X][^\u001b]*(?:\u001b\\)?|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Makes workload text safe to print on a terminal (see module doc). Newlines are kept. */
export function safeText(s: string): string {
  return s.replace(ESCAPES, '').replace(/\t/g, '  ').replace(CONTROLS, '');
}

/** Cuts a single-line text to `max` characters with an ellipsis. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`;
}
