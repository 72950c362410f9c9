import { Badge, Loader } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight } from '@mantine/spotlight';
import { IconAddressBook, IconPlus, IconSearch, IconSettings, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hitPath, searchRecords } from '../api/search';

interface Command {
  id: string;
  label: string;
  icon: ReactNode;
  to: string;
}

/** Ctrl/⌘-K: finds records through the search API and offers the app's main commands. */
export function SearchSpotlight() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q.trim(), 200);

  const search = useQuery({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) => searchRecords(debounced, signal),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  const hits = debounced ? (search.data ?? []).filter((h) => hitPath(h)) : [];

  const commands: Command[] = [
    { id: 'contacts', label: t('search.goContacts'), icon: <IconAddressBook size={18} />, to: '/contacts' },
    { id: 'new-contact', label: t('contacts.new'), icon: <IconPlus size={18} />, to: '/contacts?new=1' },
    { id: 'settings', label: t('search.goSettings'), icon: <IconSettings size={18} />, to: '/settings' },
  ];
  const needle = q.trim().toLowerCase();
  const matchingCommands = commands.filter((c) => !needle || c.label.toLowerCase().includes(needle));
  const nothing = hits.length === 0 && matchingCommands.length === 0 && !search.isFetching;

  return (
    <Spotlight.Root
      query={q}
      onQueryChange={setQ}
      shortcut={['mod + K']}
      tagsToIgnore={[]}
      scrollable
      maxHeight={420}
    >
      <Spotlight.Search
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        leftSection={<IconSearch size={18} stroke={1.6} />}
        rightSection={search.isFetching ? <Loader size="xs" /> : null}
      />
      <Spotlight.ActionsList>
        {hits.length > 0 && (
          <Spotlight.ActionsGroup label={t('search.records')}>
            {hits.map((hit) => (
              <Spotlight.Action
                key={`${hit.type}:${hit.id}`}
                label={hit.title}
                description={hit.subtitle ?? undefined}
                leftSection={<IconUser size={18} />}
                rightSection={<Badge variant="light">{t(`search.type.${hit.type}`)}</Badge>}
                onClick={() => navigate(hitPath(hit)!)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {matchingCommands.length > 0 && (
          <Spotlight.ActionsGroup label={t('search.commands')}>
            {matchingCommands.map((c) => (
              <Spotlight.Action
                key={c.id}
                label={c.label}
                leftSection={c.icon}
                onClick={() => navigate(c.to)}
              />
            ))}
          </Spotlight.ActionsGroup>
        )}
        {nothing && <Spotlight.Empty>{t('search.nothing')}</Spotlight.Empty>}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
