import stringWidth from 'string-width';
import type { Lang } from '../lang.js';
import type { Progress } from '../objects/source.js';
import { ui } from './i18n.js';

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The progress line kdiag draws on stderr while it reads (see commands/progress.ts), in the
 * language of the report: `pods 3,500 (7 pages) · events 12,000 (3 pages) · nodes 200 (1 page) · logs 12/40`.
 * A kind shows once its first page has arrived, the logs once one was asked for. Before that:
 * "reading PATH" (a snapshot is one file read) or "waiting for the API server".
 *
 * @param p the progress so far; null or all zero before anything arrived
 * @param snapshot the snapshot path (--from), null for a cluster
 * @param width columns the line may take: the page counts are dropped when it is too narrow
 *   for them, then the line is cut with an ellipsis
 * @returns one line, without a newline
 */
export function progressText(p: Readonly<Progress> | null, snapshot: string | null, lang: Lang | undefined, width: number): string {
  const t = ui(lang).progress;
  const kinds = (['pods', 'events', 'nodes'] as const).filter((k) => p && p[k].pages > 0);
  let text: string;
  if (!p || (!kinds.length && !p.logs.needed)) text = snapshot !== null ? t.reading(snapshot) : t.connecting;
  else {
    const logs = p.logs.needed ? [`${t.logs} ${count(p.logs.read)}/${count(p.logs.needed)}`] : [];
    text = [...kinds.map((k) => `${t[k]} ${count(p[k].items)} (${t.pages(p[k].pages)})`), ...logs].join(' · ');
    if (stringWidth(text) > width) text = [...kinds.map((k) => `${t[k]} ${count(p[k].items)}`), ...logs].join(' · ');
  }
  return fit(text, width);
}

/** Cuts `text` to `width` columns (wide characters count 2), with an ellipsis. */
function fit(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}
