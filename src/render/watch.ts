import type { Lang } from '../lang.js';
import type { Cause, WatchEvent } from '../report/watch.js';
import { ui } from './i18n.js';

/**
 * One watch event as a line of text (`kdiag scan -w`, -o table or wide): the time (RFC 3339,
 * UTC), namespace/pod, and old -> new primary cause, each as `rule-id (Title)`, `healthy` when
 * there is none, `deleted` for a pod that is gone. In `lang` (the titles come in it already).
 *
 *     2026-12-05T00:12:25Z  shop/api-5f6d8b7c9-kq2lm  healthy → crashloop-oomkilled (Container killed: out of memory)
 */
export function renderWatchLine(e: WatchEvent, lang: Lang): string {
  const t = ui(lang);
  const cause = (c: Cause | undefined, gone = false) => (c ? `${c.ruleId} (${c.title})` : gone ? t.watch.deleted : t.healthy);
  return `${e.time}  ${e.namespace}/${e.pod}  ${cause(e.from)} → ${cause(e.to, e.deleted)}\n`;
}

/** One watch event as a line of NDJSON (`-o json`): schema/watch-event.schema.json. */
export function renderWatchJson(e: WatchEvent): string {
  return `${JSON.stringify(e)}\n`;
}
