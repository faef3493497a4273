/**
 * Pod and container rules that match no message text, only states, exit codes or the absence
 * of a record, so they have no message variant in fixtures/corpus/ (test/corpus.test.ts checks
 * that every other pod/container rule has one). Rule id -> why.
 */
export const NO_MESSAGE_RULES: Record<string, string> = {
  // exit codes 129-159 of a terminated state (128 + signal number); no message is written
  'container-killed-by-signal': 'matches exit codes 129-159 only (128 + signal), no message',
  // any non-zero exit code; the evidence is the app's own log, which the log-* rules read
  'crash-app-error': 'matches a non-zero exit code only; log wording is covered by the log-* rules',
  // the node's Ready condition (NodeStatusUnknown) or pod reason NodeLost, no pod message
  'node-lost': "matches the node's readiness and pod reason NodeLost, no message text",
  // metadata.deletionTimestamp against now and the grace period
  'stuck-terminating': 'matches deletionTimestamp + grace period against now, no message',
  // the absence of a PodScheduled condition and of FailedScheduling events
  'not-scheduled': 'matches the absence of any scheduler record (no condition, no event)',
};
