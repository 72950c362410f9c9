import {
  Alert,
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
import { defaultRangeExtractor, type Range, useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { lazy, memo, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
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
const OVERSCAN = 3;
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
  /** Which columns get a pencil (inline editor) on the active row. */
  editable: boolean[];
  compact: boolean;
  plural: 'contacts' | 'companies';
  /** The text of every column of a record, computed once per record object. */
  texts: (record: CustomerRecord) => string[];
  createdAt: (record: CustomerRecord) => string;
  selectLabel: (name: string) => string;
  editLabel: (field: FieldMeta, name: string) => string;
  toggle: (id: string) => void;
  open: (id: string) => void;
  edit: (target: EditTarget | null) => void;
  save: (record: CustomerRecord, field: FieldMeta, value: unknown) => Promise<string | null>;
}

/** The cell whose inline editor is open. */
interface EditTarget {
  id: string;
  key: string;
}

/** Keys that move the row focus, per direction. */
const MOVE_KEYS: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 };

/**
 * A list of contacts or companies: only the rows in view are in the DOM, the next page loads as
 * the user scrolls near the end, no total count is needed. Below 768 px each row is a compact card.
 *
 * Scrolling re-renders only this component: rows are memoized on their record, position and
 * selection, so a scroll step mounts the rows that come into view and leaves the others alone.
 * A row is a handful of plain elements (a wheel step replaces a whole screen of them, and style
 * recalculation of new elements is what scrolling costs); the pencils of inline editing exist only
 * on the row under the pointer or with the keyboard focus.
 *
 * Keyboard: the list is one Tab stop (the active row); ↑/↓ or j/k move between rows, Enter opens
 * the record, Space selects it, Tab goes on to the active row's own controls.
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
  // Without a pointer that hovers, every row shows its pencils.
  const noHover = useMediaQuery('(hover: none)') ?? false;
  const { rows } = list;
  const scrollRef = useRef<HTMLDivElement>(null);
  const plural = objectType === 'contact' ? 'contacts' : 'companies';
  /** The keyboard's row (the list's Tab stop), and the row under the pointer. */
  const [active, setActive] = useState(0);
  const [hovered, setHovered] = useState<string | null>(null);
  const [editing, setEditing] = useState<EditTarget | null>(null);
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    // Rows have a fixed height, so nothing is measured while scrolling.
    estimateSize: () => (compact ? COMPACT_ROW_HEIGHT : ROW_HEIGHT),
    getItemKey: (index) => rows[index].id,
    overscan: OVERSCAN,
    // Keeps the keyboard's row mounted while it is scrolled away, so its focus survives the wheel.
    rangeExtractor: useCallback(
      (range: Range) => {
        const indexes = defaultRangeExtractor(range);
        if (activeIndex < indexes[0]) indexes.unshift(activeIndex);
        else if (activeIndex > indexes[indexes.length - 1]) indexes.push(activeIndex);
        return indexes;
      },
      [activeIndex],
    ),
  });

  const items = virtualizer.getVirtualItems();
  const slotted = useRowSlots(items);
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
      editable: columns.map((c) => !readOnly && c.key !== 'name' && inlineEditable(c)),
      compact,
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
      edit: setEditing,
      save,
    };
  }, [columns, compact, readOnly, plural, display, fmt, t, labels.field, toggle, open, save]);

  /** Moves the keyboard's row, scrolls it into view and focuses it. */
  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rows.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    // The row may mount only after this render; focus it once it is there.
    requestAnimationFrame(() =>
      scrollRef.current
        ?.querySelector<HTMLElement>(`tr[data-index="${next}"]`)
        ?.focus({ preventScroll: true }),
    );
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTableSectionElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('tr[data-index]');
    // Keys typed into an inline editor (rendered in a portal, bubbling here through React) are its own.
    if (!row || !e.currentTarget.contains(row) || target.closest('[data-inline-editor]')) return;
    const index = Number(row.dataset.index);
    const step = MOVE_KEYS[e.key];
    if (step) {
      e.preventDefault();
      moveTo(index + step);
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      moveTo(e.key === 'Home' ? 0 : rows.length - 1);
    } else if (target === row && e.key === 'Enter') {
      e.preventDefault();
      open(rows[index].id);
    } else if (target === row && e.key === ' ') {
      e.preventDefault();
      toggle(rows[index].id);
    }
  };

  // Hover only follows the pointer when it really moves: the rows passing under a still pointer
  // while the wheel scrolls would otherwise each mount and unmount their pencils.
  const onPointerMove = (e: React.PointerEvent<HTMLTableSectionElement>) => {
    if (e.pointerType !== 'mouse' || virtualizer.isScrolling) return;
    const id = (e.target as HTMLElement).closest<HTMLElement>('tr[data-id]')?.dataset.id ?? null;
    if (id !== hovered) setHovered(id);
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

  return (
    <div className={classes.frame} data-compact={compact || undefined} style={frameStyle}>
      <div ref={scrollRef} className={classes.scroll} data-testid={`${plural}-scroll`}>
        <table
          className={classes.table}
          aria-label={t(`${plural}.title`)}
          aria-rowcount={list.hasNextPage ? -1 : rows.length + 1}
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
          <tbody
            className={classes.body}
            data-scrolling={virtualizer.isScrolling || undefined}
            style={{ height: virtualizer.getTotalSize() }}
            onKeyDown={onKeyDown}
            onFocus={(e) => {
              const row = (e.target as HTMLElement).closest<HTMLElement>('tr[data-index]');
              if (row) setActive(Number(row.dataset.index));
            }}
            onPointerMove={onPointerMove}
            onPointerLeave={() => setHovered(null)}
          >
            {slotted.map(({ item, slot }) => {
              const r = rows[item.index];
              const isActive = item.index === activeIndex;
              return (
                <Row
                  key={slot}
                  index={item.index}
                  start={item.start}
                  size={item.size}
                  record={r}
                  selected={selected.has(r.id)}
                  active={isActive}
                  pencils={noHover || isActive || hovered === r.id || editing?.id === r.id}
                  editingKey={editing?.id === r.id ? editing.key : null}
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

/**
 * Gives each rendered row a slot that it keeps while it stays rendered; a row leaving the view hands
 * its slot, and so its elements, to a row coming in. React then changes a few texts and attributes
 * instead of building a screenful of new elements, whose style recalculation is what a wheel step
 * costs. Rows are rendered in slot order, which does not change as the list scrolls, so no element is
 * moved in the DOM either (the visual order comes from each row's transform and `aria-rowindex`).
 */
function useRowSlots(items: VirtualItem[]): { item: VirtualItem; slot: number }[] {
  const slots = useRef(new Map<VirtualItem['key'], number>());
  const previous = slots.current;
  const next = new Map<VirtualItem['key'], number>();
  const taken = new Set<number>();
  for (const item of items) {
    const slot = previous.get(item.key);
    if (slot !== undefined) {
      next.set(item.key, slot);
      taken.add(slot);
    }
  }
  let free = 0;
  for (const item of items) {
    if (next.has(item.key)) continue;
    while (taken.has(free)) free++;
    next.set(item.key, free);
    taken.add(free);
  }
  // Rendering the same items again gives the same slots, so a discarded render changes nothing.
  slots.current = next;
  return items.map((item) => ({ item, slot: next.get(item.key) as number })).sort((a, b) => a.slot - b.slot);
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

/** One record; re-rendered only when its record, position, selection, focus or pencils change. */
const Row = memo(function Row({
  index,
  start,
  size,
  record: r,
  selected,
  active,
  pencils,
  editingKey,
  ctx,
}: {
  index: number;
  start: number;
  size: number;
  record: CustomerRecord;
  selected: boolean;
  /** The keyboard's row: the list's Tab stop; the controls of other rows are left out of Tab. */
  active: boolean;
  /** Shows the pencils of the editable cells. */
  pencils: boolean;
  /** The column whose inline editor is open on this row. */
  editingKey: string | null;
  ctx: RowContext;
}) {
  const tabIndex = active ? 0 : -1;
  const href = `/${ctx.plural}/${r.id}`;
  const link = (
    <a
      href={href}
      className={classes.name}
      tabIndex={tabIndex}
      onClick={(e) => {
        // A plain click stays in the app; with a modifier the browser opens a tab or window.
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        ctx.open(r.id);
      }}
    >
      {r.name}
    </a>
  );
  const texts = ctx.texts(r);
  return (
    <tr
      data-index={index}
      data-id={r.id}
      aria-rowindex={index + 2}
      data-selected={selected || undefined}
      tabIndex={tabIndex}
      className={classes.row}
      style={{ transform: `translateY(${start}px)`, height: size }}
      onClick={(e) => {
        // The name is the link; a click elsewhere on the row opens the record too.
        if (!(e.target as HTMLElement).closest('a, button, input, label, [data-inline-editor]'))
          ctx.open(r.id);
      }}
    >
      <td>
        <input
          type="checkbox"
          className={classes.check}
          tabIndex={tabIndex}
          checked={selected}
          onChange={() => ctx.toggle(r.id)}
          aria-label={ctx.selectLabel(r.name)}
        />
      </td>
      {ctx.compact ? (
        <td className={classes.compactCell}>
          <span className={classes.compactMain}>
            <span className={classes.cell}>{link}</span>
            <span className={classes.dimmedXs}>{ctx.createdAt(r)}</span>
          </span>
          <span className={classes.compactSecond}>
            {ctx.secondary
              .map((c) => texts[ctx.columns.indexOf(c)])
              .filter(Boolean)
              .join(' · ') || '\u00a0'}
          </span>
        </td>
      ) : (
        ctx.columns.map((col, i) =>
          col.key === 'name' ? (
            <td key={col.key} className={classes.cell}>
              {link}
            </td>
          ) : pencils && ctx.editable[i] ? (
            <td key={col.key}>
              <EditableCell
                record={r}
                field={col}
                text={texts[i]}
                open={editingKey === col.key}
                tabIndex={tabIndex}
                ctx={ctx}
              />
            </td>
          ) : (
            <td key={col.key} className={classes.cell}>
              {texts[i]}
            </td>
          ),
        )
      )}
    </tr>
  );
});

/** A cell with a pencil that opens a small editor for that one value. */
function EditableCell({
  record,
  field,
  text,
  open,
  tabIndex,
  ctx,
}: {
  record: CustomerRecord;
  field: FieldMeta;
  text: string;
  open: boolean;
  tabIndex: number;
  ctx: RowContext;
}) {
  const close = () => ctx.edit(null);
  const button = (
    <button
      type="button"
      className={classes.editButton}
      tabIndex={tabIndex}
      onClick={() => ctx.edit(open ? null : { id: record.id, key: field.key })}
      aria-label={ctx.editLabel(field, record.name)}
      aria-expanded={open}
      data-expanded={open || undefined}
    >
      <span className={classes.pencil} />
    </button>
  );
  return (
    <div className={classes.editable}>
      <span className={classes.cell}>{text}</span>
      {/* Only the active row has pencils, so its few popovers cost nothing while scrolling; the
          button stays the same element when the editor opens, so closing it returns the focus there. */}
      <Popover
        opened={open}
        onChange={(opened) => !opened && close()}
        trapFocus
        returnFocus
        withinPortal
        position="bottom-start"
        shadow="md"
      >
        <Popover.Target>{button}</Popover.Target>
        <Popover.Dropdown data-inline-editor>
          {open && (
            <Suspense fallback={<Loader size="xs" />}>
              <InlineEditor
                field={field}
                initial={rawValue(field, record)}
                onCancel={close}
                onSave={async (value) => {
                  const problem = await ctx.save(record, field, value);
                  if (!problem) close();
                  return problem;
                }}
              />
            </Suspense>
          )}
        </Popover.Dropdown>
      </Popover>
    </div>
  );
}
