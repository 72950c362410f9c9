import { FilterError, type FilterIssue } from './errors';
import { FILTER_LIMITS, type FieldDef, type FieldMap, getField, SORTABLE_TYPES } from './operators';
import type { SortSpec } from './schema';

const SORT_FIELD_RE = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Parses the `sort` query parameter: comma-separated field keys, `-` in front for descending
 * (`-createdAt,name`). Only the syntax is checked here; see {@link validateSort} for the fields.
 */
export function parseSortParam(param: string, path = 'sort'): SortSpec {
  const trimmed = param.trim();
  if (trimmed === '') return [];
  return trimmed.split(',').map((part, i) => {
    const item = part.trim();
    const desc = item.startsWith('-');
    const field = desc || item.startsWith('+') ? item.slice(1) : item;
    if (!SORT_FIELD_RE.test(field)) {
      throw FilterError.single(
        `${path}.${i}`,
        'invalid_sort',
        `"${item}" is not a sort key; write e.g. -createdAt,name`,
      );
    }
    return { field, dir: desc ? ('desc' as const) : ('asc' as const) };
  });
}

/** The inverse of {@link parseSortParam}. */
export function formatSortParam(spec: SortSpec): string {
  return spec.map((k) => (k.dir === 'desc' ? `-${k.field}` : k.field)).join(',');
}

/**
 * Checks a sort spec (a parsed array or the query-parameter string) against the fields of an object:
 * known, sortable, no field twice, at most {@link FILTER_LIMITS.maxSortKeys} keys.
 */
export function validateSort(input: unknown, fields: FieldMap, path = 'sort'): SortSpec {
  const spec = typeof input === 'string' ? parseSortParam(input, path) : input;
  if (!Array.isArray(spec)) throw FilterError.single(path, 'invalid_sort', 'Expected a list of {field, dir}');
  const issues: FilterIssue[] = [];
  if (spec.length > FILTER_LIMITS.maxSortKeys) {
    issues.push({
      field: path,
      code: 'invalid_sort',
      message: `Sort by at most ${FILTER_LIMITS.maxSortKeys} fields`,
    });
  }
  const seen = new Set<string>();
  const out: SortSpec = [];
  spec.forEach((key: unknown, i) => {
    const at = `${path}.${i}`;
    const k = key as { field?: unknown; dir?: unknown } | null;
    if (!k || typeof k !== 'object' || typeof k.field !== 'string' || (k.dir !== 'asc' && k.dir !== 'desc')) {
      issues.push({
        field: at,
        code: 'invalid_sort',
        message: 'Expected {"field": "...", "dir": "asc" | "desc"}',
      });
      return;
    }
    const field: FieldDef | undefined = getField(fields, k.field);
    if (!field) {
      issues.push({ field: at, code: 'unknown_field', message: `Unknown field "${k.field}"` });
    } else if (field.sortable === false || !SORTABLE_TYPES.has(field.type)) {
      issues.push({ field: at, code: 'not_sortable', message: `Field "${k.field}" cannot be sorted on` });
    } else if (seen.has(k.field)) {
      issues.push({ field: at, code: 'invalid_sort', message: `Field "${k.field}" appears twice` });
    } else {
      seen.add(k.field);
      out.push({ field: k.field, dir: k.dir });
    }
  });
  if (issues.length > 0) throw new FilterError(issues);
  return out;
}
