import { Badge, Button, Center, Group, Paper, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageLoader } from '../../app/PageLoader';
import { QueryError } from '../../app/QueryError';
import { useFormatters } from '../../i18n/format';
import { type ImportBatch, type ImportStatus, isSettled, useImportList } from './imports.api';

const STATUS_COLORS: Record<ImportStatus, string> = {
  uploaded: 'gray',
  queued: 'yellow',
  running: 'indigo',
  completed: 'teal',
  failed: 'red',
  undone: 'gray',
};

export function ImportStatusBadge({ status }: { status: ImportStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light">
      {t(`imports.status.${status}`)}
    </Badge>
  );
}

/** Import history, newest first; each import opens its progress or summary. */
export function ImportsPage() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const navigate = useNavigate();
  const list = useImportList();
  const imports = list.data?.pages.flatMap((p) => p.data) ?? [];

  const result = (b: ImportBatch) =>
    isSettled(b.status) ? (
      t('imports.resultLine', {
        created: fmt.number(b.createdCount),
        updated: fmt.number(b.updatedCount),
        skipped: fmt.number(b.skippedCount),
        rejected: fmt.number(b.errorCount),
      })
    ) : (
      <Progress value={b.progress} size="sm" miw={80} aria-label={t('imports.run.progressLabel')} />
    );

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={2} size="h3">
          {t('imports.title')}
        </Title>
        <Button component={Link} to="/imports/new" leftSection={<IconUpload size={16} />}>
          {t('imports.newLong')}
        </Button>
      </Group>
      {list.isPending ? (
        <PageLoader />
      ) : list.error ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : imports.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <Center>
            <Text c="dimmed">{t('imports.empty')}</Text>
          </Center>
        </Paper>
      ) : (
        <>
          <Table highlightOnHover visibleFrom="sm" data-testid="imports-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('imports.columns.file')}</Table.Th>
                <Table.Th>{t('imports.columns.status')}</Table.Th>
                <Table.Th>{t('imports.columns.date')}</Table.Th>
                <Table.Th>{t('imports.columns.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {imports.map((b) => (
                <Table.Tr
                  key={b.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => navigate(`/imports/${b.id}`)}
                >
                  <Table.Td>
                    <Text component={Link} to={`/imports/${b.id}`} size="sm" fw={500} c="indigo.7">
                      {b.filename}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ImportStatusBadge status={b.status} />
                  </Table.Td>
                  <Table.Td>{fmt.dateTime(b.startedAt ?? b.createdAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {result(b)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Stack gap="xs" hiddenFrom="sm">
            {imports.map((b) => (
              <Paper key={b.id} withBorder p="sm" radius="md" component={Link} to={`/imports/${b.id}`}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Text size="sm" fw={600} truncate>
                    {b.filename}
                  </Text>
                  <ImportStatusBadge status={b.status} />
                </Group>
                <Text size="xs" c="dimmed">
                  {fmt.dateTime(b.startedAt ?? b.createdAt)}
                </Text>
                <Text size="xs" c="dimmed" component="div">
                  {result(b)}
                </Text>
              </Paper>
            ))}
          </Stack>
          {list.hasNextPage && (
            <Group justify="center">
              <Button
                variant="default"
                loading={list.isFetchingNextPage}
                onClick={() => void list.fetchNextPage()}
              >
                {t('imports.loadMore')}
              </Button>
            </Group>
          )}
        </>
      )}
    </Stack>
  );
}
