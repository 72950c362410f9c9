import { Button, Group, Stack, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ContactsTable } from './ContactsTable';
import { CreateContactModal } from './CreateContactModal';
import { DEFAULT_SORT } from './contacts.api';

/** Contacts: a filterable, sortable, endlessly scrolling list and the new-contact form. */
export function ContactsListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const sort = params.get('sort') ?? DEFAULT_SORT;
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 250);
  const creating = params.get('new') === '1';

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

  const update = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === null) next.delete(key);
        else next.set(key, value);
        return next;
      },
      // Opening the form is a history step (Back closes it); everything else replaces.
      { replace: !(key === 'new' && value) },
    );

  return (
    <Stack
      gap="sm"
      h="calc(100dvh - var(--app-shell-header-offset, 56px) - 2 * var(--app-shell-padding, 16px))"
      mih={360}
    >
      <Group justify="space-between" wrap="nowrap" gap="sm">
        <Title order={2} size="h3">
          {t('contacts.title')}
        </Title>
        <Group gap="xs" wrap="nowrap">
          <Button
            component={Link}
            to="/imports/new"
            variant="default"
            leftSection={<IconFileImport size={16} />}
            data-testid="contacts-import"
          >
            {t('imports.new')}
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => update('new', '1')}>
            {t('contacts.new')}
          </Button>
        </Group>
      </Group>
      <TextInput
        placeholder={t('contacts.filterPlaceholder')}
        aria-label={t('contacts.filterPlaceholder')}
        leftSection={<IconSearch size={16} />}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={{ sm: 360 }}
      />
      <ContactsTable
        sort={sort}
        q={debouncedQ}
        onSortChange={(s) => update('sort', s === DEFAULT_SORT ? null : s)}
        onCreate={() => update('new', '1')}
      />
      <CreateContactModal opened={creating} onClose={() => update('new', null)} />
    </Stack>
  );
}
