import { describe, expect, it } from 'vitest';
import { FilterError } from './errors';
import type { FieldMap } from './operators';
import { formatSortParam, parseSortParam, validateSort } from './sort';

const fields: FieldMap = {
  name: { key: 'name', type: 'text' },
  createdAt: { key: 'createdAt', type: 'datetime' },
  tags: { key: 'tags', type: 'multi_select' },
  note: { key: 'note', type: 'text', sortable: false },
};

describe('sort param', () => {
  it('parses and formats -createdAt,name', () => {
    const spec = parseSortParam(' -createdAt, name ');
    expect(spec).toEqual([
      { field: 'createdAt', dir: 'desc' },
      { field: 'name', dir: 'asc' },
    ]);
    expect(formatSortParam(spec)).toBe('-createdAt,name');
    expect(parseSortParam('')).toEqual([]);
  });

  it('rejects bad syntax, unknown and unsortable fields, duplicates', () => {
    const codes = (input: unknown) => {
      try {
        validateSort(input, fields);
      } catch (e) {
        return (e as FilterError).errors.map((i) => `${i.field} ${i.code}`);
      }
      return [];
    };
    expect(codes('name;drop')).toEqual(['sort.0 invalid_sort']);
    expect(codes('name,-nope')).toEqual(['sort.1 unknown_field']);
    expect(codes('tags,note')).toEqual(['sort.0 not_sortable', 'sort.1 not_sortable']);
    expect(codes('name,-name')).toEqual(['sort.1 invalid_sort']);
    expect(codes([{ field: 'name', dir: 'up' }])).toEqual(['sort.0 invalid_sort']);
    expect(codes('a,b,c,d,e,f').length).toBeGreaterThan(0);
    expect(() => validateSort({}, fields)).toThrow(FilterError);
  });
});
