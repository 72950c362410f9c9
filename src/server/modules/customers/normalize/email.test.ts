import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.js';

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Zhang.San@QQ.COM ')).toEqual({ ok: true, value: 'zhang.san@qq.com' });
  });

  it('folds full-width characters typed with a Chinese IME', () => {
    expect(normalizeEmail('ｚｓ＠163．com')).toEqual({ ok: true, value: 'zs@163.com' });
  });

  it.each(['', 'zhangsan', 'a@b', '@qq.com', 'a b@qq.com', 'a@@qq.com'])('rejects %j', (input) => {
    const result = normalizeEmail(input);
    expect(!result.ok && result.error.code).toBe('invalid_email');
  });
});
