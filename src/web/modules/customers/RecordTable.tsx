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
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { lazy, memo, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN = 6;
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

/** What every row needs besides its record; one object that changes only when the columns or the language do. */
interface RowContext {
  columns: FieldMeta[];
  /** `columns` without the name, first two: the second line of a compact card. */
  secondary: FieldMeta[];
  compact: boolean;
  readOnly: boolean;
  plural: 'contacts' | 'companies';
  /** The text of every column of a record, computed once per record object. */
  texts: (record: CustomerRecord) => string[];
  createdAt: (record: CustomerRecord) => string;
  selectLabel: (name: string) => string;
  editLabel: (field: FieldMeta, name: string) => string;
  toggle: (id: string) => void;
  open: (id: string) => void;
  save: (record: CustomerRecord, field: FieldMeta, value: unknown) => Promise<string | null>;
}

/**
 * A list of contacts or companies: only the rows in view are in the DOM, the next page loads as
 * the user scrolls near the end, no total count is needed. Below 768 px each row is a compact card.
 *
 * Scrolling re-renders only this component: rows are memoized on their record, position and
 * selection, so a scroll step mounts the rows that come into view and leaves the others alone.
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
    overscan: OVERSCAN,
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
  const frameStyle = useMemo(() => ({ '--cols': gridColumns }) as React.CSSProperties, [gridColumns]);

  // The latest selection and callbacks, read by the rows' stable handlers.
  const latest = useRef({ selected, onSelectedChange, onInlineSave, navigate });
  latest.current = { selected, onSelectedChange, onInlineSave, navigate };
  const toggle = useCallback((id: string) => {
    const { selected: current, onSelectedChange: change } = latest.current;
    const next = new Set(current);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    change(next);
  }, []);
  const open = useCallback((id: string) => latest.current.navigate(`/${plural}/${id}`), [plural]);
  const save = useCallback(
    (record: CustomerRecord, field: FieldMeta, value: unknown) =>
      latest.current.onInlineSave(record, field, value),
    [],
  );

  const ctx = useMemo<RowContext>(() => {
    // Formatted values are computed the first time a record is shown, then reused while it scrolls
    // in and out of view; a new record object (after an edit or a refetch) gets fresh text.
    const cache = new WeakMap<CustomerRecord, string[]>();
    return {
      columns,
      secondary: columns.filter((c) => c.key !== 'name').slice(0, 2),
      compact,
      readOnly,
      plural,
      texts: (record) => {
        let texts = cache.get(record);
        if (!texts) {
          texts = columns.map((c) => (c.key === 'name' ? '' : display(c, record)));
          cache.set(record, texts);
        }
        return texts;
      },
      createdAt: (record) => fmt.date(record.createdAt),
      selectLabel: (name) => t('bulk.select', { name }),
      editLabel: (field, name) => `${t('common.edit')} ${labels.field(field)}: ${name}`,
      toggle,
      open,
      save,
    };
  }, [columns, compact, readOnly, plural, display, fmt, t, labels.field, toggle, open, save]);

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

  return (
    <div className={classes.frame} data-compact={compact || undefined} style={frameStyle}>
      <div ref={scrollRef} className={classes.scroll} data-testid={`${plural}-scroll`}>
        <table
          className={classes.table}
          aria-label={t(`${plural}.title`)}
          style={compact ? undefined : { minWidth }}
        >
          <Head
            columns={columns}
            compact={compact}
            rows={rows}
            selected={selected}
            onSelectedChange={onSelectedChange}
            sort={sort}
            onSortChange={onSortChange}
          />
          <tbody className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const r = rows[item.index];
              return (
                <Row
                  key={item.key}
                  index={item.index}
                  start={item.start}
                  size={item.size}
                  record={r}
                  selected={selected.has(r.id)}
                  ctx={ctx}
                />
              );
            })}
          </tbody>
        </table>
      </div>
      <Foot
        plural={plural}
        count={rows.length}
        hasNextPage={list.hasNextPage}
        fetching={isFetchingNextPage}
        selectedCount={selected.size}
      />
    </div>
  );
}

/** The column headers: select all, sort buttons. Not re-rendered while scrolling. */
const Head = memo(function Head({
  columns,
  compact,
  rows,
  selected,
  onSelectedChange,
  sort,
  onSortChange,
}: {
  columns: FieldMeta[];
  compact: boolean;
  rows: CustomerRecord[];
  selected: Set<string>;
  onSelectedChange: (next: Set<string>) => void;
  sort: string;
  onSortChange: (sort: string) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const sortField = sort.split(',')[0].replace(/^-/, '');
  const descending = sort.startsWith('-');
  const toggleSort = (field: FieldMeta) => {
    if (sortField !== field.key) onSortChange(field.type === 'datetime' ? `-${field.key}` : field.key);
    else onSortChange(descending ? field.key : `-${field.key}`);
  };
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const toggleAll = () => onSelectedChange(allSelected ? new Set() : new Set(rows.map((r) => r.id)));

  return (
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
  );
});

/** How many rows are loaded, whether more are coming, how many are selected. */
const Foot = memo(function Foot({
  plural,
  count,
  hasNextPage,
  fetching,
  selectedCount,
}: {
  plural: 'contacts' | 'companies';
  count: number;
  hasNextPage: boolean;
  fetching: boolean;
  selectedCount: number;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  return (
    <div className={classes.foot} role="status">
      <Text size="xs" c="dimmed">
        {t(`${plural}.loaded`, { count, formatted: fmt.number(count) })}
        {hasNextPage ? ` · ${t('contacts.scrollForMore')}` : ''}
      </Text>
      {fetching && <Loader size="xs" />}
      {selectedCount > 0 && (
        <Badge size="sm" variant="light" ml="auto">
          {t('bulk.selected', { count: selectedCount })}
        </Badge>
      )}
    </div>
  );
});

function SortIcon({ active, descending }: { active: boolean; descending: boolean }) {
  if (!active) return <IconSelector size={14} opacity={0.5} />;
  return descending ? <IconArrowDown size={14} /> : <IconArrowUp size={14} />;
}

/*
 * The row's controls are plain elements wearing Mantine's own classes (a subtle gray ActionIcon,
 * an xs Checkbox, an Anchor): they look and behave the same, but mounting the ~30 rows a wheel
 * step brings into view costs a fraction of the full components (no theme, props or style
 * resolution per instance). The CSS variables those components would set inline are in
 * RecordTable.module.css.
 */
const NAME_CLASS = `mantine-focus-auto ${Anchor.classes.root} ${Text.classes.root} ${classes.name}`;
const CHECK_CLASS = `${Checkbox.classes.inner} ${classes.check}`;
const CHECK_INPUT_CLASS = `mantine-focus-auto ${Checkbox.classes.input}`;
const EDIT_CLASS = `mantine-focus-auto mantine-active ${ActionIcon.classes.root} ${UnstyledButton.classes.root} ${classes.editButton}`;
const CHECK_ICON = (
  <svg viewBox="0 0 10 7" fill="none" aria-hidden="true" className={Checkbox.classes.icon}>
    <path
      d="M4 4.586L1.707 2.293A1 1 0 1 0 .293 3.707l3 3a.997.997 0 0 0 1.414 0l5-5A1 1 0 1 0 8.293.293L4 4.586z"
      fill="currentColor"
      fillRule="evenodd"
      clipRule="evenodd"
    />
  </svg>
);
/** Tabler's pencil drawn by CSS (a mask), not as an SVG per cell: fewer elements to style per row. */
const PENCIL_CLASS = `${ActionIcon.classes.icon} ${classes.pencil}`;

/** One record; re-rendered only when its record, position, selection or the columns change. */
const Row = memo(function Row({
  index,
  start,
  size,
  record: r,
  selected,
  ctx,
}: {
  index: number;
  start: number;
  size: number;
  record: CustomerRecord;
  selected: boolean;
  ctx: RowContext;
}) {
  const link = (
    <Link to={`/${ctx.plural}/${r.id}`} className={NAME_CLASS} data-underline="hover" data-size="sm">
      {r.name}
    </Link>
  );
  const texts = ctx.texts(r);
  return (
    <tr
      data-index={index}
      data-selected={selected || undefined}
      className={classes.row}
      style={{ transform: `translateY(${start}px)`, height: size }}
      onClick={(e) => {
        // The name is the keyboard-reachable link; a click elsewhere on the row opens it too.
        if (!(e.target as HTMLElement).closest('a, button, input, label, [data-inline-editor]'))
          ctx.open(r.id);
      }}
    >
      <td>
        <div className={CHECK_CLASS}>
          <input
            type="checkbox"
            className={CHECK_INPUT_CLASS}
            checked={selected}
            onChange={() => ctx.toggle(r.id)}
            aria-label={ctx.selectLabel(r.name)}
          />
          {CHECK_ICON}
        </div>
      </td>
      {ctx.compact ? (
        <td className={classes.compactCell}>
          <div className={classes.compactMain}>
            <span className={classes.cell}>{link}</span>
            <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
              {ctx.createdAt(r)}
            </Text>
          </div>
          <Text size="sm" c="dimmed" truncate>
            {ctx.secondary
              .map((c) => texts[ctx.columns.indexOf(c)])
              .filter(Boolean)
              .join(' · ') || '\u00a0'}
          </Text>
        </td>
      ) : (
        ctx.columns.map((col, i) => (
          <td key={col.key} className={classes.cell}>
            {col.key === 'name' ? (
              link
            ) : (
              <Cell
                record={r}
                field={col}
                text={texts[i]}
                editable={!ctx.readOnly && inlineEditable(col)}
                ctx={ctx}
              />
            )}
          </td>
        ))
      )}
    </tr>
  );
});

/** A cell with a pencil that opens a small editor for that one value. */
function Cell({
  record,
  field,
  text,
  editable,
  ctx,
}: {
  record: CustomerRecord;
  field: FieldMeta;
  text: string;
  editable: boolean;
  ctx: RowContext;
}) {
  const [open, setOpen] = useState(false);
  if (!editable) return <>{text}</>;
  const button = (
    <button
      type="button"
      className={EDIT_CLASS}
      data-variant="subtle"
      data-size="sm"
      onClick={() => setOpen((o) => !o)}
      aria-label={ctx.editLabel(field, record.name)}
      data-expanded={open || undefined}
    >
      <span className={PENCIL_CLASS} />
    </button>
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
                  const problem = await ctx.save(record, field, value);
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
