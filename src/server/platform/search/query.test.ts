import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSearchDocument } from './document.js';
import { buildSearchQuery, searchPredicate, searchRank } from './query.js';

const columns = { textColumn: sql.raw('search_text'), tokensColumn: sql.raw('search_tokens') };
const dialect = new PgDialect();

describe('buildSearchDocument', () => {
  it('indexes a Chinese name by characters, bigrams, pinyin and initials', () => {
    const doc = buildSearchDocument({ names: ['张三丰'], emails: [], phones: [], companies: [] });
    expect(doc.text).toBe('|张三丰|zhangsanfeng|zhang san feng|zsf|');
    expect(doc.tokens).toEqual(
      expect.arrayContaining(['张', '三', '丰', '张三', '三丰', 'zhangsanfeng', 'zhang', 'zs', 'zsf', 'zh']),
    );
  });

  it('reads 多音字 surnames as surnames, keeping the everyday reading too', () => {
    const doc = buildSearchDocument({
      names: ['曾小贤', '单雄信', '解缙'],
      emails: [],
      phones: [],
      companies: [],
    });
    expect(doc.text).toContain('|zengxiaoxian|');
    expect(doc.text).toContain('|shanxiongxin|');
    expect(doc.text).toContain('|xiejin|');
    expect(doc.text).toContain('|dan xiong xin|');
  });

  it('indexes phones in international and national digits, e-mails lower-cased', () => {
    const doc = buildSearchDocument({
      names: [],
      emails: ['Zhang.San@QQ.com'],
      phones: ['+861012345678'],
      companies: [],
    });
    expect(doc.text).toBe('|zhang.san@qq.com|861012345678|1012345678|01012345678|');
    expect(doc.tokens).toEqual(expect.arrayContaining(['zhang.san@qq.com', 'zhang', 'san', 'qq', 'com']));
  });

  it('is empty for an empty record', () => {
    expect(buildSearchDocument({ names: [' '], emails: [], phones: [], companies: [] })).toEqual({
      text: '',
      tokens: [],
    });
  });
});

describe('buildSearchQuery', () => {
  it.each([
    ['zs', [{ kind: 'short', value: 'zs', tokens: ['zs'] }]],
    ['张', [{ kind: 'han', value: '张', tokens: ['张'] }]],
    ['张三丰', [{ kind: 'han', value: '张三丰', tokens: ['张三', '三丰'] }]],
    ['ZhangSan', [{ kind: 'fragment', value: 'zhangsan' }]],
    ['+86 138-0013-8000', [{ kind: 'digits', value: '8613800138000' }]],
    ['0086 138', [{ kind: 'digits', value: '86138' }]],
    ['123', []],
    ['% _', []],
  ])('reads %j', (q, terms) => {
    expect(buildSearchQuery(q).terms).toEqual(terms);
  });
});

describe('search SQL', () => {
  it('is always parameterised: no query text reaches the SQL string', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (q) => {
        const built = buildSearchQuery(q);
        for (const part of [searchPredicate(built, columns), searchRank(built, columns)]) {
          const { sql: text, params } = dialect.sqlToQuery(part);
          expect(text).toMatch(/^[\sA-Za-z0-9_()$@>%|:'[\],.=]*$/);
          for (const p of params) expect(typeof p).toBe('string');
        }
      }),
    );
  });

  it('escapes LIKE wildcards typed by the user', () => {
    const { params } = dialect.sqlToQuery(searchPredicate('100%_ok', columns));
    expect(params).toEqual(['%100\\%\\_ok%']);
  });

  it('matches nothing for an empty query', () => {
    expect(dialect.sqlToQuery(searchPredicate('  ', columns)).sql).toBe('FALSE');
  });
});
