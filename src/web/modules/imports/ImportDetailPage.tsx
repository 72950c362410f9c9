import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { PageLoader } from '../../app/PageLoader';
import { QueryError } from '../../app/QueryError';
import { ImportProgress } from './ImportProgress';
import { ImportStatusBadge } from './ImportsPage';
import { useImport } from './imports.api';

/** One import: live progress while it runs, its summary (rejected rows, undo) once it is done. */
export function ImportDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { data, error, isPending, refetch } = useImport(id);

  return (
    <Stack gap="md" maw={1100}>
      <Anchor component={Link} to="/imports" size="sm">
        <Group gap={4}>
          <IconArrowLeft size={14} />
          {t('imports.history')}
        </Group>
      </Anchor>
      {isPending ? (
        <PageLoader />
      ) : error ? (
        <QueryError error={error} onRetry={() => void refetch()} />
      ) : (
        <>
          <Group gap="sm" wrap="nowrap">
            <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
              {data.filename}
            </Title>
            <ImportStatusBadge status={data.status} />
          </Group>
          {data.status === 'uploaded' ? (
            <Text c="dimmed">{t('imports.summary.uploaded')}</Text>
          ) : (
            <ImportProgress key={data.id} initial={data} />
          )}
        </>
      )}
    </Stack>
  );
}
