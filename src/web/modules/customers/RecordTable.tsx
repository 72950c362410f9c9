import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  Popover,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconPencil, IconSelector } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import { rawValue, useDisplay } from './display';
import { type FieldMeta, type ObjectType, useLabels } from './metadata.api';
import classes from './RecordTable.module.css';
import type { CustomerRecord } from './records.api';

const InlineEditor = lazy(() => import('./InlineEditor').then((m) => ({ default: m.InlineEditor })));

/** Row heights in px (border included); they must match RecordTable.module.css. */
const ROW_HEIGHT = 45;
const COMPACT_ROW_HEIGHT = 65;
/** Load the next page when the user is this many rows from the end of what is loaded. */
const PREFETCH_ROWS = 30;
/** Types edited in place in the list; the rest (addresses, links) on the record's page. */
const INLINE_TYPES = new Set([
  'text',
  'number',
  'currency',
  'date',
  'select',
  'multi_select',
  'boolean',
  'phone',
  'email',
  'url',
  'user',
]);
const REGION_KEYS = new Set(['provinceCode', 'cityCode', 'districtCode']);

export function inlineEditable(field: FieldMeta): boolean {
  return (
    !field.readOnly &&
    INLINE_TYPES.has(field.type) &&
    !(field.source === 'standard' && REGION_KEYS.has(field.key))
  );
}

interface Props {
  objectType: ObjectType;
  columns: FieldMeta[];
  list: {
    rows: CustomerRecord[];
    isPending: boolean;
    error: unknown;
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage: () => unknown;
    refetch: () => unknown;
  };
  sort: string;
  onSortChange: (sort: string) => void;
  filtered: boolean;
  onCreate: () => void;
  onResetSort?: () => void;
  selected: Set<string>;
  onSelectedChange: (next: Set<string>) => void;
  readOnly: boolean;
  /** Saves one field of one row; resolves to an error message, or null when saved (or handed to the conflict dialog). */
  onInlineSave: (record: CustomerRecord, field: FieldMeta, value: unknown) => Promise<string | null>;
}

/**
 * A list of contacts or companies: only the rows in view are in the DOM, the next page loads as
 * the user scrolls near the end, no total count is needed. Below 768 px each row is a compact card.
 */
export function RecordTable({
  objectType,
  columns,
  list,
  sort,
  onSortChange,
  filtered,
  onCreate,
  onResetSort,
  selected,
  onSelectedChange,
  readOnly,
  onInlineSave,
}: Props) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const labels = useLabels();
  const display = useDisplay();
  const navigate = useNavigate();
  const compact = useMediaQuery('(max-width: 48em)') ?? false;
  const { rows } = list;
  const scrollRef = useRef<HTMLDivElement>(null);
  const plural = objectType === 'contact' ? 'contacts' : 'companies';

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    // Rows have a fixed height, so nothing is measured while scrolling.
    estimateSize: () => (compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT),
    getItemKey: (index) => rows[index].id,
    overscan: 12,
  });

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - PREFETCH_ROWS) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastIndex, rows.length]);

  const gridColumns = useMemo(
    () =>
      [
        '28px',
        ...columns.map((c) => (c.key === 'name' ? 'minmax(160px, 2fr)' : 'minmax(130px, 1.3fr)')),
      ].join(' '),
    [columns],
  );
  const minWidth = 60 + columns.length * 145;

  const sortField = sort.split(',')[0].replace(/^-/, '');
  const descending = sort.startsWith('-');
  const toggleSort = (field: FieldMeta) => {
    if (sortField !== field.key) onSortChange(field.type === 'datetime' ? `-${field.key}` : field.key);
    else onSortChange(descending ? field.key : `-${field.key}`);
  };

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggleAll = () => onSelectedChange(allSelected ? new Set() : new Set(rows.map((r) => r.id)));
  const toggleOne = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  if (list.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (list.error) {
    return (
      <Alert color="red" title={t(`${plural}.loadFailed`)}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{describeError(t, list.error)}</Text>
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => void list.refetch()}>
              {t('common.retry')}
            </Button>
            {onResetSort && (
              <Button size="xs" variant="default" onClick={onResetSort}>
                {t('contacts.resetSort')}
              </Button>
            )}
          </Group>
        </Stack>
      </Alert>
    );
  }
  if (rows.length === 0) {
    return (
      <Center py={48}>
        <Stack align="center" gap="sm">
          <Text c="dimmed">{filtered ? t(`${plural}.noMatches`) : t(`${plural}.empty`)}</Text>
          {!filtered && !readOnly && <Button onClick={onCreate}>{t(`${plural}.new`)}</Button>}
        </Stack>
      </Center>
    );
  }

  const link = (r: CustomerRecord) => (
    <Anchor component={Link} to={`/${plural}/${r.id}`} size="sm" fw={500} c="var(--mantine-color-text)">
      {r.name}
    </Anchor>
  );
  const secondary = columns.filter((c) => c.key !== 'name').slice(0, 2);

  return (
    <div
      className={classes.frame}
      data-compact={compact || undefined}
      style={{ '--cols': gridColumns } as React.CSSProperties}
    >
      <div ref={scrollRef} className={classes.scroll} data-testid={`${plural}-scroll`}>
        <table
          className={classes.table}
          aria-label={t(`${plural}.title`)}
          style={compact ? undefined : { minWidth }}
        >
          <thead className={compact ? classes.hiddenHead : classes.head}>
            <tr className={classes.row}>
              <th scope="col">
                <Checkbox
                  size="xs"
                  checked={allSelected}
                  indeterminate={!allSelected && selected.size > 0}
                  onChange={toggleAll}
                  aria-label={t('bulk.selectAll')}
                />
              </th>
              {(compact ? columns.slice(0, 1) : columns).map((col) => {
                const active = sortField === col.key;
                const ariaSort = active ? (descending ? 'descending' : 'ascending') : 'none';
                return (
                  <th key={col.key} scope="col" aria-sort={col.sortable ? ariaSort : undefined}>
                    {col.sortable ? (
                      <UnstyledButton className={classes.sortButton} onClick={() => toggleSort(col)}>
                        {labels.field(col)}
                        <SortIcon active={active} descending={descending} />
                      </UnstyledButton>
                    ) : (
                      labels.field(col)
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const r = rows[item.index];
              const isSelected = selected.has(r.id);
              return (
                <tr
                  key={item.key}
                  data-index={item.index}
                  data-selected={isSelected || undefined}
                  className={classes.row}
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                  onClick={(e) => {
                    // The name is the keyboard-reachable link; a click elsewhere on the row opens it too.
                    if (!(e.target as HTMLElement).closest('a, button, input, label, [data-inline-editor]'))
                      navigate(`/${plural}/${r.id}`);
                  }}
                >
                  <td>
                    <Checkbox
                      size="xs"
                      checked={isSelected}
                      onChange={() => toggleOne(r.id)}
                      aria-label={t('bulk.select', { name: r.name })}
                    />
                  </td>
                  {compact ? (
                    <td className={classes.compactCell}>
                      <div className={classes.compactMain}>
                        <span className={classes.cell}>{link(r)}</span>
                        <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                          {fmt.date(r.createdAt)}
                        </Text>
                      </div>
                      <Text size="sm" c="dimmed" truncate>
                        {secondary
                          .map((c) => display(c, r))
                          .filter(Boolean)
                          .join(' · ') || '\u00a0'}
                      </Text>
                    </td>
                  ) : (
                    columns.map((col) => (
                      <td key={col.key} className={classes.cell}>
                        {col.key === 'name' ? (
                          link(r)
                        ) : (
                          <Cell
                            record={r}
                            field={col}
                            text={display(col, r)}
                            editable={!readOnly && inlineEditable(col)}
                            onSave={(value) => onInlineSave(r, col, value)}
                          />
                        )}
                      </td>
                    ))
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className={classes.foot} role="status">
        <Text size="xs" c="dimmed">
          {t(`${plural}.loaded`, { count: rows.length, formatted: fmt.number(rows.length) })}
          {list.hasNextPage ? ` · ${t('contacts.scrollForMore')}` : ''}
        </Text>
        {isFetchingNextPage && <Loader size="xs" />}
        {selected.size > 0 && (
          <Badge size="sm" variant="light" ml="auto">
            {t('bulk.selected', { count: selected.size })}
          </Badge>
        )}
      </div>
    </div>
  );
}

function SortIcon({ active, descending }: { active: boolean; descending: boolean }) {
  if (!active) return <IconSelector size={14} opacity={0.5} />;
  return descending ? <IconArrowDown size={14} /> : <IconArrowUp size={14} />;
}

/** A cell with a pencil that opens a small editor for that one value. */
function Cell({
  record,
  field,
  text,
  editable,
  onSave,
}: {
  record: CustomerRecord;
  field: FieldMeta;
  text: string;
  editable: boolean;
  onSave: (value: unknown) => Promise<string | null>;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [open, setOpen] = useState(false);
  if (!editable) return <>{text}</>;
  const button = (
    <ActionIcon
      className={classes.editButton}
      variant="subtle"
      color="gray"
      size="sm"
      onClick={() => setOpen((o) => !o)}
      aria-label={`${t('common.edit')} ${labels.field(field)}: ${record.name}`}
      data-expanded={open || undefined}
    >
      <IconPencil size={14} />
    </ActionIcon>
  );
  return (
    <div className={classes.editable}>
      <span className={classes.cell} style={{ flex: 1 }}>
        {text}
      </span>
      {/* The popover exists only while open: hundreds of idle popovers would slow scrolling. */}
      {!open ? (
        button
      ) : (
        <Popover opened onChange={setOpen} trapFocus withinPortal position="bottom-start" shadow="md">
          <Popover.Target>{button}</Popover.Target>
          <Popover.Dropdown data-inline-editor>
            <Suspense fallback={<Loader size="xs" />}>
              <InlineEditor
                field={field}
                initial={rawValue(field, record)}
                onCancel={() => setOpen(false)}
                onSave={async (value) => {
                  const problem = await onSave(value);
                  if (!problem) setOpen(false);
                  return problem;
                }}
              />
            </Suspense>
          </Popover.Dropdown>
        </Popover>
      )}
    </div>
  );
}
