// docs/html-report.png, the README's picture of `-o html`: the demo's report (fixtures/demo, run
// from the repository root so the page names the snapshot as the README's command does) at
// 1280x800 in Debian's chromium through playwright-core (scripts/ci-install-chromium.sh).
//
//   node scripts/build.mjs && node scripts/screenshot-html.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(import.meta.dirname, '..');
const run = spawnSync(process.execPath, ['bin/kdiag.js', 'scan', '-A', '--from', 'fixtures/demo', '-o', 'html', '--lang', process.argv[2] ?? 'en'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, KDIAG_LANG: undefined },
});
if (run.status !== 1) throw new Error(`kdiag exited ${run.status}: ${run.stderr}`);
const dir = mkdtempSync(join(tmpdir(), 'kdiag-shot-'));
try {
  const file = join(dir, 'report.html');
  writeFileSync(file, run.stdout);
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: process.env.KDIAG_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    offline: true,
  });
  const page = await context.newPage();
  await page.goto(pathToFileURL(file).href);
  const out = join(root, 'docs', 'html-report.png');
  await page.screenshot({ path: out });
  await context.close();
  console.log(`wrote ${out}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
