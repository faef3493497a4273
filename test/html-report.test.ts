/**
 * `-o html` (render/html.ts): the page as text (escaping, languages, the verdict, which
 * commands have it), then the page in a real headless Chromium (Debian's `chromium`, driven by
 * playwright-core; scripts/ci-install-chromium.sh installs it): no console error, no network
 * request, the summary equal to `-o json`'s, the filters, print and a phone's width.
 * Screenshots go to .ci/artifacts/. Without /usr/bin/chromium the browser tests skip with a
 * note, unless KDIAG_REQUIRE_CHROMIUM=1 (.ci/run sets it): then they fail.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, failingByCause, renderHtml } from '../src/render/html.js';
import type { Report } from '../src/report/types.js';
import { ROOT, runKdiag } from './support/run-cli.js';

const DEMO = join(ROOT, 'fixtures', 'demo');
const ARTIFACTS = join(ROOT, '.ci', 'artifacts');
const CHROMIUM = process.env.KDIAG_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const required = process.env.KDIAG_REQUIRE_CHROMIUM === '1';
if (!haveChromium && !required) {
  console.warn(`html-report.test.ts: ${CHROMIUM} not found; skipping the browser tests (scripts/ci-install-chromium.sh installs it; KDIAG_REQUIRE_CHROMIUM=1 fails instead)`);
}

/** The attacker's log line: the demo's crashing pod `default/error` prints it. */
const EVIL = `sleep: invalid time interval '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">&amp;'`;

let tmp: string;
let demoJson: Report;
let demoHtml: string;
let jaHtml: string;
let evilHtml: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'kdiag-html-'));
  const [json, html, ja] = await Promise.all([
    runKdiag(['scan', '-A', '--from', DEMO, '-o', 'json']),
    runKdiag(['scan', '-A', '--from', DEMO, '-o', 'html']),
    runKdiag(['scan', '-A', '--from', DEMO, '-o', 'html', '--lang', 'ja']),
  ]);
  for (const r of [json, html, ja]) expect(r.code, r.stderr).toBe(1);
  demoJson = JSON.parse(json.stdout) as Report;
  demoHtml = html.stdout;
  jaHtml = ja.stdout;
  // the demo with a log line that is HTML
  const evilDemo = join(tmp, 'demo');
  cpSync(DEMO, evilDemo, { recursive: true });
  // the crashed instance's log, the one kdiag quotes
  const log = join(evilDemo, 'default', 'error', 'previous-logs.txt');
  writeFileSync(log, readFileSync(log, 'utf8').replace("sleep: invalid time interval 'a'", EVIL));
  const evil = await runKdiag(['scan', '-A', '--from', evilDemo, '-o', 'html']);
  expect(evil.code, evil.stderr).toBe(1);
  evilHtml = evil.stdout;
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A page of the report written to a file of the temp folder. */
function writePage(name: string, html: string): string {
  const file = join(tmp, name);
  writeFileSync(file, html);
  return pathToFileURL(file).href;
}

describe('-o html as text', () => {
  it('is one self-contained page: no external URL it would load, a CSP that forbids the network', () => {
    expect(demoHtml.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(demoHtml)?.[1];
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(demoHtml).not.toMatch(/<(link|img|iframe|object|embed)\b|<script [^>]*src=|@import|url\(/i);
    // the only links are the rules' docs, which open on a click
    const hrefs = [...demoHtml.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toMatch(/^https:\/\//);
  });

  it('counts as -o json does: the summary cards, the bars of the causes, a row per subject', () => {
    const s = demoJson.summary;
    const cards = Object.fromEntries([...demoHtml.matchAll(/<span[^>]* data-count="(\w+)">(\d+)</g)].map((m) => [m[1], Number(m[2])]));
    expect(cards).toEqual({
      pods: s.pods,
      healthy: s.healthy,
      failing: s.failing,
      critical: s.bySeverity.critical,
      warning: s.bySeverity.warning,
      workloads: s.workloads,
      failingWorkloads: s.failingWorkloads,
      resources: s.resources,
      failingResources: s.failingResources,
    });
    const bars = [...demoHtml.matchAll(/<li data-cause="([^"]+)" data-count="(\d+)">/g)].map((m) => Number(m[2]));
    expect(bars.reduce((a, b) => a + b, 0)).toBe(s.failing);
    expect(demoHtml.match(/<tr data-severity=/g)).toHaveLength(demoJson.pods.length + demoJson.workloads.length + demoJson.resources!.length);
  });

  it('escapes a log line that is HTML: it stays text, no element of it reaches the page', () => {
    expect(evilHtml.match(/<script\b/g)).toHaveLength(1); // kdiag's own
    expect(evilHtml).not.toContain('<img');
    expect(evilHtml).toContain("sleep: invalid time interval &#39;&lt;script&gt;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;&amp;amp;&#39;");
    expect(escapeHtml('a\u001b[31m<b>"x"</b>')).toBe('a&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
  });

  it('speaks the report language: ja and zh words, rule texts and the html lang', async () => {
    expect(jaHtml).toContain('<html lang="ja">');
    expect(jaHtml).toContain('<h1>kdiag 診断レポート</h1>');
    expect(jaHtml).toContain('未検査');
    expect(jaHtml).not.toContain('Pods scanned');
    const zh = await runKdiag(['pod', 'backoff', '-n', 'default', '--from', DEMO, '-o', 'html', '--lang', 'zh']);
    expect(zh.code, zh.stderr).toBe(1);
    expect(zh.stdout).toContain('<html lang="zh">');
    expect(zh.stdout).toContain('<h1>kdiag 诊断报告</h1>');
    expect(zh.stdout).toContain('镜像不存在'); // the rule's zh title (rules/*.yaml)
  });

  it('kdiag pod NAME -o html: the one pod, its findings and the summary of one pod', async () => {
    const r = await runKdiag(['pod', 'error', '-n', 'default', '--from', DEMO, '-o', 'html']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('<span class="n" data-count="pods">1</span>');
    expect(r.stdout).toContain('data-cause="log-config-error"');
    expect(r.stdout.match(/<tr data-severity=/g)).toHaveLength(1);
    expect(r.stdout).not.toContain('id="filters"'); // nothing to filter in one row
    // no workload nor Service was examined: no count of them (as the table's summary)
    expect(r.stdout).not.toContain('data-count="workloads"');
    expect(r.stdout).not.toContain('workloads checked');
  });

  it('kdiag service and kdiag deployment take -o html; kdiag ingress says it has no page (exit 2)', async () => {
    const [svc, deploy, ing] = await Promise.all([
      runKdiag(['service', 'orders-api', '-n', 'shop', '--from', DEMO, '-o', 'html']),
      runKdiag(['deployment', 'api', '-n', 'shop', '--from', DEMO, '-o', 'html']),
      runKdiag(['ingress', 'shop', '-n', 'shop', '--from', DEMO, '-o', 'html']),
    ]);
    expect(svc.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(svc.stdout).toContain('Service/orders-api');
    expect(deploy.stdout).toContain('Deployment/api');
    expect(ing).toMatchObject({ code: 2, stdout: '' });
    expect(ing.stderr).toBe('kdiag: error: -o html is not available for kdiag ingress: use table, wide, name, json, yaml, or kdiag scan -n NAMESPACE -o html\n');
  });

  it('never an all-clear when checks could not run; an all-clear when nothing fails and all was checked', () => {
    const clean: Report = {
      ...demoJson,
      summary: { ...demoJson.summary, healthy: demoJson.summary.pods, failing: 0, bySeverity: { critical: 0, warning: 0, info: 0 }, failingWorkloads: 0, failingResources: 0 },
      pods: [],
      workloads: [],
      resources: [],
    };
    const partial = renderHtml(clean, { lang: 'en' });
    expect(demoJson.warnings.length).toBeGreaterThan(0);
    expect(partial).toContain('<p class="verdict partial">Nothing failing in what kdiag could check, but 1 check could not run: see &quot;Not checked&quot;.</p>');
    expect(partial).toContain('<section class="alert" role="alert" id="warnings">');
    expect(partial).not.toContain('No problem found');
    const ok = renderHtml({ ...clean, warnings: [] }, { lang: 'en' });
    expect(ok).toContain('<p class="verdict ok">No problem found. 41 pods scanned: 41 healthy, 0 failing</p>');
    expect(ok).not.toContain('id="warnings"');
  });
});

describe.skipIf(!haveChromium && !required)('-o html in headless Chromium', () => {
  let profile: string;
  let context: BrowserContext;
  /** Requests that were not file: or data: URLs, console errors and page errors, by page. */
  const problems: string[] = [];

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`KDIAG_REQUIRE_CHROMIUM=1 but ${CHROMIUM} does not exist (run scripts/ci-install-chromium.sh)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'kdiag-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 800 },
      offline: true,
    });
    // anything but the file itself is a failure, and is never let out
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (/^(file|data):/.test(url)) return route.continue();
      problems.push(`request ${url}`);
      return route.abort();
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Opens a page of the report, recording what must not happen on it. */
  async function open(url: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    page.on('request', (r) => {
      if (!/^(file|data):/.test(r.url())) problems.push(`request ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    await page.goto(url, { waitUntil: 'load' });
    return page;
  }

  it('opens with no console error and no request; the summary counts and the rows equal -o json', async () => {
    const page = await open(writePage('demo.html', demoHtml));
    const s = demoJson.summary;
    const expected: Record<string, number> = {
      pods: s.pods,
      healthy: s.healthy,
      failing: s.failing,
      critical: s.bySeverity.critical,
      warning: s.bySeverity.warning,
      info: s.bySeverity.info,
      workloads: s.workloads!,
      failingWorkloads: s.failingWorkloads,
      resources: s.resources!,
      failingResources: s.failingResources!,
    };
    const shown = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-count]')].filter((x) => !x.closest('#causes')).map((x) => [x.getAttribute('data-count'), Number(x.textContent)])));
    // info is shown only when there are such pods
    expect({ info: 0, ...shown }).toEqual(expected);
    // the chart: failing pods by primary cause, as counted from pods[] of the JSON
    const byCause: Record<string, number> = {};
    for (const p of demoJson.pods) if (p.findings.some((f) => f.severity !== 'info')) byCause[p.findings[0].ruleId] = (byCause[p.findings[0].ruleId] ?? 0) + 1;
    const bars = await page.$$eval('#causes li', (lis) => lis.map((li) => [li.getAttribute('data-cause'), Number(li.getAttribute('data-count'))]));
    expect(Object.fromEntries(bars)).toEqual(byCause);
    expect(bars.reduce((a, [, n]) => a + Number(n), 0)).toBe(s.failing);
    expect(failingByCause(demoJson).map((c) => c.ruleId)).toEqual(bars.map(([id]) => id));
    // one row per pod, workload and Service/Ingress/PVC of the JSON, in its order
    for (const [section, list] of [['pods', demoJson.pods], ['workloads', demoJson.workloads], ['resources', demoJson.resources!]] as const) {
      const causes = await page.$$eval(`#${section} tbody tr`, (trs) => trs.map((tr) => tr.getAttribute('data-cause')));
      expect(causes).toEqual(list.map((x) => x.findings[0].ruleId));
    }
    // the warnings: visible, above the summary
    const warn = page.locator('#warnings');
    await expect.poll(() => warn.isVisible()).toBe(true);
    expect(await warn.textContent()).toContain(demoJson.warnings[0]);
    const [wy, sy] = await Promise.all([warn.boundingBox(), page.locator('#summary').boundingBox()]);
    expect(wy!.y).toBeLessThan(sy!.y);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-1280x800.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-1280-full.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('filtering by a cause shows only its rows (select or chart bar); a finding opens to its evidence and remediation', async () => {
    const page = await open(writePage('filter.html', demoHtml));
    const visibleCauses = () => page.$$eval('tbody[data-rows] tr', (trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).map((tr) => tr.getAttribute('data-cause')));
    const all = await visibleCauses();
    const total = demoJson.pods.length + demoJson.workloads.length + demoJson.resources!.length;
    expect(all).toHaveLength(total);
    const subjects = [...demoJson.pods, ...demoJson.workloads, ...demoJson.resources!];
    const count = (id: string) => subjects.filter((x) => x.findings[0]?.ruleId === id).length;
    await page.selectOption('#filters select[name=cause]', 'image-not-found');
    expect(await visibleCauses()).toEqual(Array(count('image-not-found')).fill('image-not-found'));
    expect(count('image-not-found')).toBe(2);
    expect(await page.locator('#pods .shown').textContent()).toBe(`2 of ${demoJson.pods.length} shown`);
    // no workload has it as its primary cause: that table says so
    expect(await page.locator('#workloads .nomatch').isVisible()).toBe(true);
    // a bar of the chart selects its cause
    await page.click('#causes button[data-cause="node-lost"]');
    expect(await page.inputValue('#filters select[name=cause]')).toBe('node-lost');
    expect(await visibleCauses()).toEqual(Array(count('node-lost')).fill('node-lost'));
    // severity and namespace narrow further; reset shows everything again
    await page.selectOption('#filters select[name=cause]', '');
    await page.selectOption('#filters select[name=namespace]', 'default');
    await page.selectOption('#filters select[name=severity]', 'warning');
    const rows = await page.$$eval('tbody[data-rows] tr:not([hidden])', (trs) => trs.map((tr) => `${tr.getAttribute('data-namespace')} ${tr.getAttribute('data-severity')}`));
    expect(rows).toEqual(subjects.filter((x) => x.namespace === 'default' && x.findings[0].severity === 'warning').map(() => 'default warning'));
    await page.click('#filters button[type=reset]');
    await expect.poll(visibleCauses).toHaveLength(total);
    // a finding is closed until clicked: then its cause, remediation and evidence show
    const f = page.locator('#pods tr[data-cause="log-config-error"] details').first();
    const pre = f.locator('pre').first();
    expect(await pre.isVisible()).toBe(false);
    await f.locator('summary').click();
    expect(await pre.isVisible()).toBe(true);
    const text = await f.textContent();
    const finding = demoJson.pods.find((p) => p.findings[0]?.ruleId === 'log-config-error')!.findings[0];
    for (const part of [finding.cause, finding.remediation, ...finding.evidence.map((x) => x.text)]) expect(text).toContain(part);
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('a log line that is HTML shows as text and runs nothing', async () => {
    const page = await open(writePage('evil.html', evilHtml));
    const pre = await page.$$eval('#pods tr pre', (ps) => ps.map((p) => p.textContent));
    expect(pre).toContain(EVIL);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('on a phone (390x844): no horizontal scroll, also with every finding open', async () => {
    const page = await open(writePage('phone.html', demoHtml), { width: 390, height: 844 });
    const scrollWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-390x844.png') });
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    expect(await scrollWidth()).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-390-full.png'), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('printed: no filter, every finding open, every row shown', async () => {
    const page = await open(writePage('print.html', demoHtml));
    await page.selectOption('#filters select[name=cause]', 'image-not-found');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#filters').isVisible()).toBe(false);
    // CSS alone opens the findings in print (details::details-content) ...
    expect(await page.locator('#resources tr details pre').first().isVisible()).toBe(true);
    const shownRows = await page.$$eval('tbody[data-rows] tr', (trs) => trs.filter((tr) => (tr as HTMLElement).offsetParent !== null).length);
    expect(shownRows).toBe(demoJson.pods.length + demoJson.workloads.length + demoJson.resources!.length);
    // ... and the print events open them for real (and close them after)
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    expect(await page.$$eval('details', (ds) => ds.every((d) => d.open))).toBe(true);
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    expect(await page.$$eval('details', (ds) => ds.some((d) => d.open))).toBe(false);
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);

  it('in Japanese: the words of the page and the count of shown rows', async () => {
    const page = await open(writePage('ja.html', jaHtml));
    expect(await page.locator('h1').textContent()).toBe('kdiag 診断レポート');
    await page.selectOption('#filters select[name=cause]', 'image-not-found');
    expect(await page.locator('#pods .shown').textContent()).toBe(`${demoJson.pods.length} 件中 2 件を表示`);
    await page.close();
    expect(problems).toEqual([]);
  }, 60_000);
});
