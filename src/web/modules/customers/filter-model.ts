import type { FieldMeta } from './metadata.api';

/** A condition of the filter language (docs/filters.md). */
export interface Condition {
  field: string;
  op: string;
  value?: unknown;
}

/** A filter as the API takes it: a condition or an AND/OR group. */
export type FilterNode = Condition | { and: FilterNode[] } | { or: FilterNode[] };

/** The builder's editable form of a filter: groups hold conditions and (nested) groups. */
export interface GroupDraft {
  kind: 'group';
  id: string;
  join: 'and' | 'or';
  items: (GroupDraft | ConditionDraft)[];
}

export interface ConditionDraft {
  kind: 'condition';
  id: string;
  field: string;
  op: string;
  value: unknown;
}

let seq = 0;
const nextId = () => `n${++seq}`;

/** Operators that take no value. */
export const NO_VALUE_OPS = new Set(['is_empty', 'is_not_empty']);
/** Operators that take a list of values. */
export const LIST_OPS = new Set(['in', 'not_in', 'has_any', 'has_all', 'has_none']);
/** Operators that take a whole number of days. */
export const DAY_OPS = new Set([
  'within_last_days',
  'within_next_days',
  'more_than_days_ago',
  'more_than_days_ahead',
]);

export function emptyGroup(join: 'and' | 'or' = 'and'): GroupDraft {
  return { kind: 'group', id: nextId(), join, items: [] };
}

/** A new condition on `field` with its first operator. */
export function newCondition(field: FieldMeta): ConditionDraft {
  const op = field.operators.includes('eq') ? 'eq' : (field.operators[0] ?? 'eq');
  return { kind: 'condition', id: nextId(), field: field.key, op, value: defaultValue(field, op) };
}

/** The blank value that fits an operator (a list, a pair, a number of days, or one value). */
export function defaultValue(field: Pick<FieldMeta, 'type'>, op: string): unknown {
  if (NO_VALUE_OPS.has(op)) return undefined;
  if (LIST_OPS.has(op)) return [];
  if (op === 'between') return ['', ''];
  if (DAY_OPS.has(op)) return 7;
  if (field.type === 'boolean') return true;
  return '';
}

function isCondition(node: FilterNode): node is Condition {
  return 'field' in node;
}

/** The builder form of a saved filter (a bare condition becomes a one-item AND group). */
export function toDraft(node: FilterNode | null | undefined): GroupDraft {
  if (!node) return emptyGroup();
  if (isCondition(node)) {
    return { ...emptyGroup(), items: [{ kind: 'condition', id: nextId(), ...node, value: node.value }] };
  }
  const join = 'and' in node ? 'and' : 'or';
  const children = 'and' in node ? node.and : node.or;
  return {
    kind: 'group',
    id: nextId(),
    join,
    items: children.map((child) =>
      isCondition(child)
        ? { kind: 'condition', id: nextId(), field: child.field, op: child.op, value: child.value }
        : toDraft(child),
    ),
  };
}

function complete(c: ConditionDraft): boolean {
  if (NO_VALUE_OPS.has(c.op)) return true;
  const v = c.value;
  if (Array.isArray(v)) return c.op === 'between' ? v.every((x) => x !== '' && x != null) : v.length > 0;
  return v !== '' && v !== null && v !== undefined;
}

/** The filter to send: unfinished conditions and empty groups left out; null when nothing is left. */
export function fromDraft(group: GroupDraft): FilterNode | null {
  const items = group.items
    .map((item): FilterNode | null => {
      if (item.kind === 'group') return fromDraft(item);
      if (!complete(item)) return null;
      return NO_VALUE_OPS.has(item.op)
        ? { field: item.field, op: item.op }
        : { field: item.field, op: item.op, value: item.value };
    })
    .filter((x): x is FilterNode => x !== null);
  if (items.length === 0) return null;
  return group.join === 'and' ? { and: items } : { or: items };
}

/** How many conditions a filter holds. */
export function countConditions(node: FilterNode | null | undefined): number {
  if (!node) return 0;
  if (isCondition(node)) return 1;
  return ('and' in node ? node.and : node.or).reduce((n, child) => n + countConditions(child), 0);
}
