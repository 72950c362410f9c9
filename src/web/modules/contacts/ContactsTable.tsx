import { Alert, Anchor, Button, Center, Group, Loader, Stack, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Contact } from '../../api/types';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import { formatPhone } from '../../lib/phone';
import classes from './ContactsTable.module.css';
import { DEFAULT_SORT, useContactList } from './contacts.api';

/** List columns; sortable ones send `sort=<key>` (ascending) or `sort=-<key>` (descending). */
const COLUMNS = [
  { key: 'name', labelKey: 'fields.name', sortable: true },
  { key: 'email', labelKey: 'fields.email', sortable: true },
  { key: 'phone', labelKey: 'fields.phone', sortable: false },
  { key: 'createdAt', labelKey: 'fields.createdAt', sortable: true },
] as const;

/** Row heights in px (border included); they must match ContactsTable.module.css. */
const ROW_HEIGHT = 45;
const COMPACT_ROW_HEIGHT = 65;

/** Load the next page when the user is this many rows from the end of what is loaded. */
const PREFETCH_ROWS = 30;

interface Props {
  sort: string;
  q: string;
  onSortChange: (sort: string) => void;
  onCreate: () => void;
}

/**
 * The contact list: only the rows in view are in the DOM, the next page loads as the user
 * scrolls near the end, and no total count is needed. Below 768 px each row is a compact card.
 */
export function ContactsTable({ sort, q, onSortChange, onCreate }: Props) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const navigate = useNavigate();
  const compact = useMediaQuery('(max-width: 48em)') ?? false;
  const list = useContactList(sort, q);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);
  const scrollRef = useRef<HTMLDivElement>(null);

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

  const sortField = sort.replace(/^-/, '');
  const descending = sort.startsWith('-');
  const toggleSort = (key: string) => {
    if (sortField !== key) onSortChange(key === 'createdAt' ? '-createdAt' : key);
    else onSortChange(descending ? key : `-${key}`);
  };

  if (list.isPending) {
    return (
      <Center py="xl">
        <Loader />
      </Center>
    );
  }
  if (list.isError) {
    return (
      <Alert color="red" title={t('contacts.loadFailed')}>
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{describeError(t, list.error)}</Text>
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => void list.refetch()}>
              {t('common.retry')}
            </Button>
            {sort !== DEFAULT_SORT && (
              <Button size="xs" variant="default" onClick={() => onSortChange(DEFAULT_SORT)}>
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
          <Text c="dimmed">{q ? t('contacts.noMatches') : t('contacts.empty')}</Text>
          {!q && <Button onClick={onCreate}>{t('contacts.new')}</Button>}
        </Stack>
      </Center>
    );
  }

  return (
    <div className={classes.frame} data-compact={compact || undefined}>
      <div ref={scrollRef} className={classes.scroll} data-testid="contacts-scroll">
        <table className={classes.table} aria-label={t('contacts.title')}>
          <thead className={compact ? classes.hiddenHead : classes.head}>
            <tr className={classes.row}>
              {(compact ? COLUMNS.slice(0, 1) : COLUMNS).map((col) => {
                const active = sortField === col.key;
                const ariaSort = active ? (descending ? 'descending' : 'ascending') : 'none';
                return (
                  <th key={col.key} scope="col" aria-sort={col.sortable ? ariaSort : undefined}>
                    {col.sortable ? (
                      <UnstyledButton className={classes.sortButton} onClick={() => toggleSort(col.key)}>
                        {t(col.labelKey)}
                        <SortIcon active={active} descending={descending} />
                      </UnstyledButton>
                    ) : (
                      t(col.labelKey)
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const c = rows[item.index];
              return (
                <tr
                  key={item.key}
                  data-index={item.index}
                  className={classes.row}
                  style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                  onClick={(e) => {
                    // The name is the keyboard-reachable link; a click anywhere else on the row opens it too.
                    if (!(e.target as HTMLElement).closest('a')) navigate(`/contacts/${c.id}`);
                  }}
                >
                  {compact ? (
                    <CompactCells contact={c} date={fmt.date(c.createdAt)} />
                  ) : (
                    <Cells contact={c} />
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className={classes.foot} role="status">
        <Text size="xs" c="dimmed">
          {t('contacts.loaded', { count: rows.length, formatted: fmt.number(rows.length) })}
          {list.hasNextPage ? ` · ${t('contacts.scrollForMore')}` : ''}
        </Text>
        {isFetchingNextPage && <Loader size="xs" />}
      </div>
    </div>
  );
}

function SortIcon({ active, descending }: { active: boolean; descending: boolean }) {
  if (!active) return <IconSelector size={14} opacity={0.5} />;
  return descending ? <IconArrowDown size={14} /> : <IconArrowUp size={14} />;
}

function NameLink({ contact }: { contact: Contact }) {
  return (
    <Anchor component={Link} to={`/contacts/${contact.id}`} size="sm" fw={500} c="var(--mantine-color-text)">
      {contact.name}
    </Anchor>
  );
}

function Cells({ contact }: { contact: Contact }) {
  const fmt = useFormatters();
  return (
    <>
      <td className={classes.cell}>
        <NameLink contact={contact} />
      </td>
      <td className={classes.cell}>{contact.email}</td>
      <td className={classes.cell}>{formatPhone(contact.phone)}</td>
      <td className={classes.cell}>{fmt.date(contact.createdAt)}</td>
    </>
  );
}

function CompactCells({ contact, date }: { contact: Contact; date: string }) {
  const secondary = [contact.email, formatPhone(contact.phone)].filter(Boolean).join(' · ');
  return (
    <td className={classes.compactCell}>
      <div className={classes.compactMain}>
        <span className={classes.cell}>
          <NameLink contact={contact} />
        </span>
        <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
          {date}
        </Text>
      </div>
      {secondary && (
        <Text size="sm" c="dimmed" truncate>
          {secondary}
        </Text>
      )}
    </td>
  );
}
