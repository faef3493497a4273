import { describe, expect, it } from 'vitest';
import type { Report } from '../src/report/types.js';
import { renderPodDetail, renderScanTable } from '../src/render/table.js';
import { safeText } from '../src/render/text.js';
import { onePodReport } from './support/reports.js';

const report: Report = onePodReport(
  { evidence: [{ type: 'log', text: '\u001b]0;pwned\u0007\u001b[2Jpanic: boom\u001b[31m red' }] },
  { summary: { pods: 2, healthy: 1, failing: 1, bySeverity: { critical: 1, warning: 0, info: 0 }, failingWorkloads: 0 }, warnings: ['events not read (forbidden): events is forbidden'] },
);

describe('renderers', () => {
  it('uses CAUSE and REMEDIATION columns on a wide terminal', () => {
    const out = renderScanTable(report, { color: false, width: 200 });
    expect(out).toMatch(/^NAMESPACE\s+POD\s+STATUS\s+READY\s+RESTARTS\s+CAUSE\s+REMEDIATION/);
    expect(out).toMatch(/shop\s+web-7d9f8c6b5-x2kqz\s+CrashLoopBackOff\s+0\/1\s+6 \(99s ago\)\s+Application exits with an error\s+Read the log tail\./);
    expect(out).toMatch(/^warning: events not read \(forbidden\)/m);
  });

  it('colors by severity only when asked to', () => {
    expect(renderScanTable(report, { color: true, width: 100 })).toMatch(/\u001b\[31m/);
    expect(renderScanTable(report, { color: false, width: 100 })).not.toMatch(/\u001b\[/);
  });

  it('strips escape sequences from workload text (window title, clear screen, colors)', () => {
    const out = renderPodDetail(report, { color: false, width: 100 });
    expect(out).toContain('panic: boom red');
    expect(out).not.toMatch(/[\u001b\u0007]/);
    expect(safeText('a\u001b]0;title\u001b\\b\u009b2Jc\u0000d\te')).toBe('abcd  e');
  });

  it('keeps wide (CJK) text whole and aligned in the pod view', () => {
    const zh = structuredClone(report);
    zh.pods[0].findings[0].remediation = '查看日志末尾，通过日志内容排查问题：修复应用启动时报告的错误（配置、启动参数、缺失的依赖），然后重新发布。'.repeat(2);
    const out = renderPodDetail(zh, { color: false, width: 60 });
    const joined = out.replace(/\s+/g, '');
    expect(joined).toContain(zh.pods[0].findings[0].remediation);
  });
});
