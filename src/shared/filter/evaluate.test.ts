import { describe, expect, it } from 'vitest';
import { FilterError } from './errors';
import { compileEvaluator, evaluateFilter } from './evaluate';
import type { FieldMap } from './operators';
import { compareDecimal } from './values';

const fields: FieldMap = {
  name: { key: 'name', type: 'text' },
  amount: { key: 'amount', type: 'currency' },
  stage: { key: 'stage', type: 'select' },
  tags: { key: 'tags', type: 'multi_select' },
  active: { key: 'active', type: 'boolean' },
  due: { key: 'due', type: 'date' },
  ownerId: { key: 'ownerId', type: 'user' },
};

const match = (filter: unknown, record: Record<string, unknown>) => evaluateFilter(filter, record, fields);

describe('evaluateFilter', () => {
  it('matches Chinese text case-insensitively, treating % and _ literally', () => {
    expect(match({ field: 'name', op: 'contains', value: '三' }, { name: '张三' })).toBe(true);
    expect(match({ field: 'name', op: 'starts_with', value: 'ALI' }, { name: 'alice' })).toBe(true);
    expect(match({ field: 'name', op: 'ends_with', value: 'É' }, { name: 'josé' })).toBe(true);
    expect(match({ field: 'name', op: 'contains', value: '%' }, { name: 'abc' })).toBe(false);
    expect(match({ field: 'name', op: 'contains', value: '_' }, { name: 'a_b' })).toBe(true);
  });

  it('counts empty values as matching negative operators only', () => {
    for (const empty of [{}, { stage: null }, { stage: '' }]) {
      expect(match({ field: 'stage', op: 'neq', value: 'lost' }, empty)).toBe(true);
      expect(match({ field: 'stage', op: 'not_in', value: ['lost'] }, empty)).toBe(true);
      expect(match({ field: 'stage', op: 'eq', value: 'lost' }, empty)).toBe(false);
      expect(match({ field: 'stage', op: 'is_empty' }, empty)).toBe(true);
    }
    expect(match({ field: 'name', op: 'not_contains', value: 'x' }, { name: null })).toBe(true);
    expect(match({ field: 'tags', op: 'has_none', value: ['vip'] }, { tags: [] })).toBe(true);
    expect(match({ field: 'tags', op: 'is_empty' }, { tags: [] })).toBe(true);
    expect(match({ field: 'active', op: 'neq', value: true }, { active: null })).toBe(true);
    expect(match({ field: 'amount', op: 'lt', value: '10' }, { amount: null })).toBe(false);
  });

  it('compares money exactly', () => {
    expect(match({ field: 'amount', op: 'eq', value: '0.30' }, { amount: '0.3' })).toBe(true);
    expect(
      match({ field: 'amount', op: 'gt', value: '99999999999999999.98' }, { amount: '99999999999999999.99' }),
    ).toBe(true);
    expect(compareDecimal('-1.5', '-1.25')).toBe(-1);
    expect(compareDecimal('1e3', '999.999')).toBe(1);
    expect(compareDecimal('-0', '0')).toBe(0);
  });

  it('handles multi-select sets', () => {
    const r = { tags: ['vip', '重点'] };
    expect(match({ field: 'tags', op: 'has_any', value: ['x', 'vip'] }, r)).toBe(true);
    expect(match({ field: 'tags', op: 'has_all', value: ['vip', '重点'] }, r)).toBe(true);
    expect(match({ field: 'tags', op: 'has_all', value: ['vip', 'x'] }, r)).toBe(false);
    expect(match({ field: 'tags', op: 'has_none', value: ['vip'] }, r)).toBe(false);
  });

  it('evaluates relative dates against the context', () => {
    const test = compileEvaluator({ field: 'due', op: 'within_next_days', value: 7 }, fields, {
      ctx: { now: new Date('2024-06-15T12:00:00Z') },
    });
    expect(test({ due: '2024-06-15' })).toBe(true);
    expect(test({ due: '2024-06-22' })).toBe(true);
    expect(test({ due: '2024-06-23' })).toBe(false);
    expect(test({ due: new Date('2024-06-20T00:00:00Z') })).toBe(true);
  });

  it('groups: and / or / nothing', () => {
    const r = { name: '李四', stage: 'lead' };
    expect(match({ and: [] }, r)).toBe(true);
    expect(
      match(
        {
          or: [
            { field: 'stage', op: 'eq', value: 'won' },
            { field: 'name', op: 'eq', value: '李四' },
          ],
        },
        r,
      ),
    ).toBe(true);
    expect(
      match(
        {
          and: [
            { field: 'stage', op: 'eq', value: 'won' },
            { field: 'name', op: 'eq', value: '李四' },
          ],
        },
        r,
      ),
    ).toBe(false);
  });

  it('resolves @me, and refuses it without a user', () => {
    const uid = '0190a1b2-0000-7000-8000-000000000001';
    const f = { field: 'ownerId', op: 'eq', value: '@me' };
    expect(evaluateFilter(f, { ownerId: uid }, fields, { ctx: { userId: uid } })).toBe(true);
    expect(() => match(f, { ownerId: uid })).toThrow(FilterError);
  });
});
