import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Kbd,
  Popover,
  ScrollArea,
  Stack,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconColumns, IconDownload, IconFilter, IconPlus, IconSearch } from '@tabler/icons-react';
import { lazy, type ReactNode, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../api/session';
import { PageLoader } from '../../app/PageLoader';
import { queryClient } from '../../app/query-client';
import { BulkBar } from './BulkBar';
import { countConditions, type FilterNode } from './filter-model';
import { type FieldMeta, type ObjectType, useLabels, useObjectMeta } from './metadata.api';
import { RecordTable } from './RecordTable';
import { exportUrl, patchFor, prefetchPlainList, useRecordList } from './records.api';
import { useRecordSaver } from './use-record-saver';
import { ViewsMenu } from './ViewsMenu';
import { type SavedView, useViews } from './views.api';

const FilterBuilder = lazy(() => import('./FilterBuilder').then((m) => ({ default: m.FilterBuilder })));
const RecordFormModal = lazy(() => import('./RecordForm').then((m) => ({ default: m.RecordFormModal })));

/** Columns shown before the user or a view chooses. */
/** The sort used until the metadata names the object's default (the server's default too). */
const FALLBACK_SORT = '-createdAt';

// Loaded with this module, which the router starts fetching at once when the app opens on a list.
prefetchPlainList(queryClient, 'contact', FALLBACK_SORT);
prefetchPlainList(queryClient, 'company', FALLBACK_SORT);

const DEFAULT_COLUMNS: Record<ObjectType, string[]> = {
  contact: ['name', 'phone', 'email', 'companyName', 'ownerId', 'tags', 'createdAt'],
  company: ['name', 'industry', 'cityCode', 'ownerId', 'tags', 'createdAt'],
};

/** Contacts or companies: search, filter builder, saved views, columns, sort, bulk actions, inline edit. */
export function RecordListPage({ objectType, actions }: { objectType: ObjectType; actions?: ReactNode }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const session = useSession();
  const readOnly = session.role === 'read_only';
  const canExport = session.role === 'admin' || session.role === 'manager';
  const meta = useObjectMeta(objectType);
  const plural = objectType === 'contact' ? 'contacts' : 'companies';
  const defaultSort = meta?.defaultSort ?? FALLBACK_SORT;
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort') ?? defaultSort;
  const viewId = params.get('view');
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const creating = params.get('new') === '1';
  const views = useViews(objectType);
  const view = useMemo(() => views.data?.find((v) => v.id === viewId) ?? null, [views.data, viewId]);
  const [filter, setFilter] = useState<FilterNode | null>(null);
  const [columnKeys, setColumnKeys] = useState<string[]>(DEFAULT_COLUMNS[objectType]);
  const [filterOpen, setFilterOpen] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const searchRef = useRef<HTMLInputElement>(null);

  // "/" jumps to the list's search, unless the user is typing somewhere or a dialog is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable], [role="dialog"]')) return;
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const update = (changes: Record<string, string | null>, push = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      // Opening the form is a history step (Back closes it); everything else replaces.
      { replace: !push },
    );

  useEffect(() => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (debouncedQ) next.set('q', debouncedQ);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debouncedQ, setParams]);

  // Opening a view (from the menu or the address) takes its filter, sort and columns.
  const [appliedViewId, setAppliedViewId] = useState<string | null>(null);
  useEffect(() => {
    if (!view || appliedViewId === view.id) return;
    setAppliedViewId(view.id);
    setFilter(view.filter ?? null);
    setColumnKeys(view.columns?.length ? view.columns : DEFAULT_COLUMNS[objectType]);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (view.sort) next.set('sort', view.sort);
        return next;
      },
      { replace: true },
    );
  }, [view, appliedViewId, objectType, setParams]);

  const pickView = (next: SavedView | null) => {
    setAppliedViewId(null);
    setSelected(new Set());
    if (!next) {
      setFilter(null);
      setColumnKeys(DEFAULT_COLUMNS[objectType]);
      update({ view: null, sort: null });
    } else {
      update({ view: next.id });
    }
  };

  const fieldsByKey = useMemo(() => new Map(meta?.fields.map((f) => [f.key, f]) ?? []), [meta]);
  // Stable while the columns stay, so the list's memoized rows don't re-render when a page arrives.
  const columns = useMemo(
    () => columnKeys.map((k) => fieldsByKey.get(k)).filter((f): f is FieldMeta => Boolean(f)),
    [columnKeys, fieldsByKey],
  );
  const listParams = { sort, q: debouncedQ, filter };
  const query = useRecordList(objectType, listParams, defaultSort);
  const rows = useMemo(() => query.data?.pages.flatMap((p) => p.data) ?? [], [query.data]);
  const saver = useRecordSaver(objectType, meta?.fields ?? []);

  const dirty = view
    ? JSON.stringify(view.filter ?? null) !== JSON.stringify(filter) ||
      (view.sort ?? defaultSort) !== sort ||
      JSON.stringify(view.columns ?? DEFAULT_COLUMNS[objectType]) !== JSON.stringify(columnKeys)
    : false;
  const conditions = countConditions(filter);

  if (!meta) return <PageLoader />;

  const toggleColumn = (key: string) =>
    setColumnKeys((keys) =>
      keys.includes(key)
        ? keys.filter((k) => k !== key)
        : meta.fields.map((f) => f.key).filter((k) => k === key || keys.includes(k)),
    );

  return (
    <Stack
      gap="sm"
      h="calc(100dvh - var(--app-shell-header-offset, 56px) - 2 * var(--app-shell-padding, 16px))"
      mih={420}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Title order={2} size="h3">
          {t(`${plural}.title`)}
        </Title>
        <Group gap="xs" wrap="nowrap">
          {actions}
          {!readOnly && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => update({ new: '1' }, true)}>
              {t(`${plural}.new`)}
            </Button>
          )}
        </Group>
      </Group>
      <Group gap="xs" wrap="wrap">
        <TextInput
          ref={searchRef}
          placeholder={t(`${plural}.filterPlaceholder`)}
          aria-label={t(`${plural}.filterPlaceholder`)}
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          onKeyDown={(e) => {
            // Escape leaves the search for the list's active row.
            if (e.key === 'Escape') document.querySelector<HTMLElement>('tbody tr[tabindex="0"]')?.focus();
          }}
          rightSection={
            <Kbd size="xs" visibleFrom="sm">
              /
            </Kbd>
          }
          rightSectionPointerEvents="none"
          w={{ base: '100%', sm: 280 }}
        />
        <ViewsMenu
          objectType={objectType}
          current={view}
          dirty={dirty}
          state={{ filter, sort, columns: columnKeys }}
          onPick={pickView}
        />
        <Button
          variant={filterOpen || conditions ? 'light' : 'default'}
          leftSection={<IconFilter size={16} />}
          rightSection={
            conditions ? (
              <Badge size="xs" circle>
                {conditions}
              </Badge>
            ) : undefined
          }
          onClick={() => setFilterOpen((o) => !o)}
          aria-expanded={filterOpen}
          data-testid="filter-toggle"
        >
          {t('filters.button')}
        </Button>
        <Popover position="bottom-end" shadow="md" width={260}>
          <Popover.Target>
            <Tooltip label={t('records.columns')}>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('records.columns')}
                data-testid="columns-menu"
              >
                <IconColumns size={18} />
              </ActionIcon>
            </Tooltip>
          </Popover.Target>
          <Popover.Dropdown>
            <ScrollArea.Autosize mah={360}>
              <Stack gap={6}>
                {meta.fields
                  .filter((f) => f.key !== 'name')
                  .map((f) => (
                    <Checkbox
                      key={f.key}
                      label={labels.field(f)}
                      checked={columnKeys.includes(f.key)}
                      onChange={() => toggleColumn(f.key)}
                    />
                  ))}
              </Stack>
            </ScrollArea.Autosize>
          </Popover.Dropdown>
        </Popover>
        <Tooltip label={t('records.export')}>
          <ActionIcon
            component="a"
            href={exportUrl(objectType, listParams, columnKeys, i18n.language)}
            download
            variant="default"
            size="lg"
            aria-label={t('records.export')}
          >
            <IconDownload size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>
      {filterOpen && (
        <Suspense fallback={<PageLoader />}>
          <FilterBuilder
            meta={meta}
            value={filter}
            onApply={(next) => {
              setFilter(next);
              setSelected(new Set());
            }}
            onClose={() => setFilterOpen(false)}
          />
        </Suspense>
      )}
      {selected.size > 0 && !readOnly && (
        <BulkBar
          objectType={objectType}
          selected={rows.filter((r) => selected.has(r.id))}
          onDone={() => setSelected(new Set())}
          exportAs={canExport ? { sort, columns: columnKeys } : undefined}
        />
      )}
      <RecordTable
        objectType={objectType}
        columns={columns}
        list={{
          rows,
          isPending: query.isPending,
          error: query.error,
          hasNextPage: query.hasNextPage,
          isFetchingNextPage: query.isFetchingNextPage,
          fetchNextPage: query.fetchNextPage,
          refetch: query.refetch,
        }}
        sort={sort}
        onSortChange={(s) => update({ sort: s === defaultSort ? null : s })}
        onResetSort={sort !== defaultSort ? () => update({ sort: null }) : undefined}
        filtered={Boolean(debouncedQ || conditions)}
        onCreate={() => update({ new: '1' }, true)}
        selected={selected}
        onSelectedChange={setSelected}
        readOnly={readOnly}
        onInlineSave={(record, field, value) =>
          saver.save(record, `W/"${record.version}"`, patchFor(field, value), [field])
        }
      />
      {saver.dialog}
      {creating && (
        <Suspense fallback={null}>
          <RecordFormModal objectType={objectType} opened onClose={() => update({ new: null })} />
        </Suspense>
      )}
    </Stack>
  );
}
