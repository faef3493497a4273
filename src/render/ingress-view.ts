import type { ChalkInstance } from 'chalk';
import { stringify } from 'yaml';
import type { ChainLink, IngressChain, LinkState } from '../report/ingress-chain.js';
import { painter, type RenderOptions } from './options.js';
import { ui } from './i18n.js';
import { findingBlock, footer } from './table.js';
import { hang, trimLines, wrapLines } from './layout.js';
import { safeText } from './text.js';
import { plainFinding } from './json.js';

/** The mark of a link state: plain words, readable without color (NO_COLOR, a pipe). */
const MARK: Record<LinkState, string> = { ok: 'ok', broken: 'BROKEN', unknown: '?', pending: 'pending' };

function paint(c: ChalkInstance, s: LinkState): (t: string) => string {
  return s === 'ok' ? c.green : s === 'broken' ? c.red.bold : s === 'pending' ? c.yellow : c.dim;
}

/**
 * `kdiag ingress NAME` as text: a head line (Ingress, class, address, age), the verdict (where
 * the chain breaks and why, or that it holds), each link indented by its depth with its state
 * and detail, then the Ingress's findings (cause, remediation, evidence, docs, as `kdiag pod`
 * prints them), the backend Services' primary findings, and the warnings.
 * Laid out for `opts.width` columns (Infinity: whole lines).
 */
export function renderIngressChain(ch: IngressChain, opts: RenderOptions): string {
  const c = painter(opts);
  const t = ui(opts.lang);
  const w = opts.width;
  const out: string[] = [];
  const i = ch.ingress;
  out.push(c.bold(`Ingress ${i.namespace}/${i.name}`) + `   class: ${i.class ?? '<none>'}   address: ${i.addresses.join(', ') || '<none>'}   age: ${i.age}`);
  out.push(
    ...wrapLines(ch.brokenAt ? `${c.red.bold(t.chain.brokenAt)} ${safeText(ch.brokenAt.link)}: ${safeText(ch.brokenAt.why)}` : c.green(t.chain.holds), w),
  );
  out.push('');
  const markWidth = Math.max(...Object.values(MARK).map((m) => m.length));
  for (const l of ch.links) out.push(...linkLines(l, c, markWidth, w));
  const blocks = [out.join('\n')];
  if (ch.findings.length) blocks.push([c.bold(t.chain.findings), '', ...ch.findings.map((f, n) => findingBlock(f, n, c, w, t))].join('\n'));
  for (const s of ch.services) blocks.push([c.bold(`Service ${i.namespace}/${s.name}`), '', findingBlock(s.findings[0], 0, c, w, t)].join('\n'));
  if (ch.warnings.length) blocks.push(footer(ch, c, t, w));
  return `${trimLines(blocks.join('\n\n'))}\n`;
}

/** One link: `  ok      IngressClass nginx: controller k8s.io/ingress-nginx`, indented 2 per depth, wrapped under its text. */
function linkLines(l: ChainLink, c: ChalkInstance, markWidth: number, width: number): string[] {
  const indent = '  '.repeat(l.depth + 1);
  const head = `${indent}${paint(c, l.state)(MARK[l.state].padEnd(markWidth))}  `;
  const textCol = indent.length + markWidth + 2;
  const text = `${safeText(l.name)}: ${safeText(l.detail)}${l.cause ? ` (${safeText(l.cause.title)})` : ''}`;
  return hang(wrapLines(text, Number.isFinite(width) ? Math.max(20, width - textCol) : width), head, ' '.repeat(textCol), width);
}

/** The chain as plain data, fields picked explicitly (as render/json.ts does for the report), stable in order. */
export function plainChain(ch: IngressChain): IngressChain {
  const finding = plainFinding;
  return {
    apiVersion: ch.apiVersion,
    kind: ch.kind,
    source: ch.source,
    ingress: ch.ingress,
    brokenAt: ch.brokenAt,
    links: ch.links.map((l) => ({ kind: l.kind, depth: l.depth, name: l.name, state: l.state, detail: l.detail, ...(l.cause ? { cause: l.cause } : {}) })),
    findings: ch.findings.map(finding),
    services: ch.services.map((s) => ({ name: s.name, findings: s.findings.map(finding) })),
    warnings: ch.warnings,
  };
}

/** `kdiag ingress -o json`: the chain, pretty-printed, newline-terminated. */
export function renderIngressChainJson(ch: IngressChain): string {
  return `${JSON.stringify(plainChain(ch), null, 2)}\n`;
}

/** `kdiag ingress -o yaml`. */
export function renderIngressChainYaml(ch: IngressChain): string {
  return stringify(plainChain(ch), { lineWidth: 0 });
}
