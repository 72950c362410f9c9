import { describe, expect, it } from 'vitest';
import { FilterError, type FilterIssue } from './errors';
import type { FieldMap } from './operators';
import { parseFilterParam } from './param';
import { planFilter, validateFilter } from './validate';

const fields: FieldMap = {
  name: { key: 'name', type: 'text' },
  age: { key: 'age', type: 'number' },
  amount: { key: 'amount', type: 'currency' },
  birthday: { key: 'birthday', type: 'date' },
  seenAt: { key: 'seenAt', type: 'datetime' },
  stage: { key: 'stage', type: 'select', options: ['lead', 'customer', '流失'] },
  tags: { key: 'tags', type: 'multi_select', options: ['vip', '重点'] },
  active: { key: 'active', type: 'boolean' },
  email: { key: 'email', type: 'email' },
  ownerId: { key: 'ownerId', type: 'user' },
  companyId: { key: 'companyId', type: 'lookup' },
  secret: { key: 'secret', type: 'text', filterable: false },
};

function issues(input: unknown, options = {}): FilterIssue[] {
  try {
    planFilter(input, fields, options);
  } catch (e) {
    expect(e).toBeInstanceOf(FilterError);
    return (e as FilterError).errors;
  }
  throw new Error('expected a FilterError');
}

describe('planFilter errors', () => {
  it('names an unknown field by its path', () => {
    expect(
      issues({
        and: [
          { field: 'name', op: 'eq', value: 'x' },
          { field: 'nope', op: 'eq', value: 1 },
        ],
      }),
    ).toEqual([{ field: 'filter.and.1.field', code: 'unknown_field', message: 'Unknown field "nope"' }]);
  });

  it('does not find fields on Object.prototype', () => {
    expect(issues({ field: 'constructor', op: 'eq', value: 'x' })[0].code).toBe('unknown_field');
    expect(issues({ field: '__proto__', op: 'eq', value: 'x' })[0].code).toBe('unknown_field');
  });

  it('rejects an operator that does not fit the type and lists the ones that do', () => {
    const [issue] = issues({ or: [{ field: 'age', op: 'contains', value: '1' }] });
    expect(issue.field).toBe('filter.or.0.op');
    expect(issue.code).toBe('invalid_operator');
    expect(issue.message).toContain('eq, neq, in, not_in, lt');
    expect(issues({ field: 'name', op: 'like', value: 'x' })[0].code).toBe('invalid_operator');
  });

  it('rejects values of the wrong shape', () => {
    const cases: [unknown, string][] = [
      [{ field: 'age', op: 'gt', value: 'ten' }, 'filter.value'],
      [{ field: 'amount', op: 'eq', value: '1,000' }, 'filter.value'],
      [{ field: 'birthday', op: 'eq', value: '2024-02-30' }, 'filter.value'],
      [{ field: 'seenAt', op: 'gt', value: '2024-01-01 10:00' }, 'filter.value'],
      [{ field: 'active', op: 'eq', value: 'true' }, 'filter.value'],
      [{ field: 'name', op: 'in', value: [] }, 'filter.value'],
      [{ field: 'name', op: 'in', value: ['a', 2] }, 'filter.value.1'],
      [{ field: 'age', op: 'between', value: [5, 1] }, 'filter.value'],
      [{ field: 'age', op: 'between', value: [1] }, 'filter.value'],
      [{ field: 'name', op: 'contains', value: '' }, 'filter.value'],
      [{ field: 'name', op: 'is_empty', value: 'x' }, 'filter.value'],
      [{ field: 'birthday', op: 'within_last_days', value: -1 }, 'filter.value'],
      [{ field: 'birthday', op: 'within_last_days', value: 1.5 }, 'filter.value'],
      [{ field: 'ownerId', op: 'eq', value: 'bob' }, 'filter.value'],
      [{ field: 'companyId', op: 'eq', value: '@me' }, 'filter.value'],
    ];
    for (const [input, path] of cases) {
      const found = issues(input);
      expect(found, JSON.stringify(input)).toHaveLength(1);
      expect(found[0]).toMatchObject({ field: path, code: 'invalid_value' });
    }
  });

  it('rejects values that are not options', () => {
    expect(issues({ field: 'stage', op: 'in', value: ['lead', 'won'] })[0]).toMatchObject({
      field: 'filter.value.1',
      code: 'invalid_option',
    });
    expect(issues({ field: 'tags', op: 'has_any', value: ['gold'] })[0].code).toBe('invalid_option');
  });

  it('rejects malformed trees', () => {
    expect(issues([])[0]).toMatchObject({ field: 'filter', code: 'invalid_syntax' });
    expect(issues({ and: {} })[0]).toMatchObject({ field: 'filter.and', code: 'invalid_syntax' });
    expect(issues({ and: [], or: [] })[0].code).toBe('invalid_syntax');
    expect(issues({ field: 'name', op: 'eq', values: ['x'] })[0]).toMatchObject({
      field: 'filter.values',
      code: 'invalid_syntax',
    });
    expect(issues({ and: ['x'] })[0].field).toBe('filter.and.0');
  });

  it('limits depth and number of conditions', () => {
    let deep: unknown = { field: 'name', op: 'eq', value: 'x' };
    for (let i = 0; i < 5; i++) deep = { and: [deep] };
    expect(() => planFilter(deep, fields)).not.toThrow();
    expect(issues({ or: [deep] })[0].code).toBe('too_deep');
    const many = { and: Array.from({ length: 101 }, () => ({ field: 'age', op: 'eq', value: 1 })) };
    expect(issues(many)[0]).toMatchObject({ field: 'filter', code: 'too_many_conditions' });
  });

  it('reports every problem at once and respects a path prefix', () => {
    const found = issues(
      {
        and: [
          { field: 'x', op: 'eq', value: 1 },
          { field: 'secret', op: 'eq', value: 'y' },
        ],
      },
      { path: 'body.filter' },
    );
    expect(found.map((i) => `${i.field} ${i.code}`)).toEqual([
      'body.filter.and.0.field unknown_field',
      'body.filter.and.1.field not_filterable',
    ]);
  });

  it('needs a user for @me unless only validating', () => {
    const f = { field: 'ownerId', op: 'eq', value: '@me' };
    expect(issues(f)[0].code).toBe('missing_context');
    expect(() => validateFilter(f, fields)).not.toThrow();
    const uid = '0190A1B2-0000-7000-8000-000000000001';
    expect(planFilter(f, fields, { ctx: { userId: uid } }).children[0]).toMatchObject({
      value: uid.toLowerCase(),
    });
  });

  it('FilterError is an Error with a readable message', () => {
    const e = new FilterError([{ field: 'filter.op', code: 'invalid_operator', message: 'bad' }]);
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe('filter.op: bad');
    expect(e.code).toBe('invalid_filter');
  });
});

describe('planFilter normalization', () => {
  it('drops empty groups; no filter means every record', () => {
    expect(planFilter(undefined, fields)).toEqual({ kind: 'and', children: [] });
    expect(planFilter({ or: [] }, fields)).toEqual({ kind: 'and', children: [] });
    const plan = planFilter({ or: [{ and: [] }, { field: 'age', op: 'gt', value: 1 }] }, fields);
    expect(plan.children).toHaveLength(1);
    expect(plan.children[0]).toMatchObject({ kind: 'condition', op: 'gt', value: '1' });
  });

  it('lower-cases e-mails and de-duplicates lists', () => {
    const plan = planFilter({ field: 'email', op: 'in', value: ['A@X.cn', 'a@x.cn'] }, fields);
    expect(plan.children[0]).toMatchObject({ value: ['a@x.cn'] });
  });

  it('resolves relative dates to calendar days in the time zone', () => {
    const ctx = { now: new Date('2024-06-15T20:00:00Z'), timeZone: 'Asia/Shanghai' }; // 16 June 04:00 there
    const date = planFilter({ field: 'birthday', op: 'within_last_days', value: 7 }, fields, { ctx });
    expect(date.children[0]).toMatchObject({ value: { from: '2024-06-09', to: '2024-06-17' } });
    const dt = planFilter({ field: 'seenAt', op: 'more_than_days_ago', value: 0 }, fields, { ctx });
    expect(dt.children[0]).toMatchObject({ value: { to: Date.parse('2024-06-15T16:00:00Z') } });
    const ny = planFilter({ field: 'seenAt', op: 'within_next_days', value: 0 }, fields, {
      ctx: { now: new Date('2024-03-10T12:00:00Z'), timeZone: 'America/New_York' },
    });
    // DST starts that day: it lasts 23 hours.
    expect(ny.children[0]).toMatchObject({
      value: { from: Date.parse('2024-03-10T05:00:00Z'), to: Date.parse('2024-03-11T04:00:00Z') },
    });
  });
});

describe('parseFilterParam', () => {
  it('parses JSON and reports bad JSON as a FilterError', () => {
    expect(parseFilterParam('{"field":"name","op":"eq","value":"张三"}')).toEqual({
      field: 'name',
      op: 'eq',
      value: '张三',
    });
    expect(parseFilterParam('')).toBeUndefined();
    expect(() => parseFilterParam('{nope')).toThrow(FilterError);
  });
});
