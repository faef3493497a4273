/** Languages kdiag speaks, and finding severities: shared by every stage. */

/** A language of kdiag's texts: rule messages, UI words and error messages. */
export type Lang = 'en' | 'zh' | 'ja';
/** Every supported language; en first (the fallback of a missing translation). */
export const LANGS: Lang[] = ['en', 'zh', 'ja'];

/**
 * How bad a finding is (failure catalog, "Severity"): critical, the pod cannot run or serve;
 * warning, it runs degraded; info, a hint.
 */
export type Severity = 'critical' | 'warning' | 'info';
/** Severities by rank, higher is worse. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };
