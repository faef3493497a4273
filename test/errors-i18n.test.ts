import { describe, expect, it } from 'vitest';
import { ENTRY_COUNT, SAMPLES, translateError } from '../src/render/errors-i18n.js';
import { ROOT, runKdiag } from './support/run-cli.js';
import { join } from 'node:path';

describe('error messages in zh and ja', () => {
  it('has one real sample per entry, and each is translated by its own entry', () => {
    expect(SAMPLES).toHaveLength(ENTRY_COUNT);
    for (const s of SAMPLES) {
      for (const lang of ['zh', 'ja'] as const) {
        const t = translateError(s, lang);
        expect(t, `${lang}: ${s}`).not.toBe(s);
        // the frame is translated: no English sentence start is left
        expect(t).not.toMatch(/^(cannot|context|no current|forbidden:|pod "|snapshot|invalid|unknown|it exists|raise|check|log in|known|list the)/);
      }
    }
  });
  it('keeps English, and anything without an entry, as it is', () => {
    expect(translateError('cannot reach x: y', 'en')).toBe('cannot reach x: y');
    expect(translateError('something new', 'zh')).toBe('something new');
  });
  it('prints translated errors and hints from the CLI', async () => {
    const r = await runKdiag(['pod', 'backoff', '-n', 'shop', '--from', join(ROOT, 'fixtures', 'demo'), '--lang', 'ja']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('kdiag: エラー: スナップショット fixtures/demo のネームスペース "shop" に Pod "backoff" がありません\n  ヒント: ネームスペース default にあります: -n default を付けてください\n'.replace('fixtures/demo', join(ROOT, 'fixtures', 'demo')));
    const zh = await runKdiag(['scan', '--from', '/nonexistent'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.stderr).toBe('kdiag: 错误: 快照路径不存在：/nonexistent\n');
  });
});
