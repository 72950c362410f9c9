import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Paper,
  Progress,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconCircleCheck, IconScan } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../api/session';
import { PageLoader } from '../../app/PageLoader';
import { QueryError } from '../../app/QueryError';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import { ComparePanel } from './ComparePanel';
import {
  type DuplicateCluster,
  duplicateKeys,
  type MergeResult,
  useClusters,
  useDismissCluster,
  useJobProgress,
  useStartScan,
} from './duplicates.api';

/**
 * Duplicates: scan the workspace, review the clusters found, compare and merge. `?ids=a,b`
 * compares the given records directly (the contact page links here); `&cluster=` ties the compare
 * to a cluster, so it can also be dismissed.
 */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [merged, setMerged] = useState<MergeResult | null>(null);
  const ids = (params.get('ids') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const clusterId = params.get('cluster');
  const comparing = params.has('ids');

  const backToList = () => {
    setParams({}, { replace: false });
  };

  return (
    <Stack gap="md" maw={1100}>
      {comparing || merged ? (
        <Anchor component={Link} to="/duplicates" size="sm" onClick={() => setMerged(null)}>
          <Group gap={4}>
            <IconArrowLeft size={14} />
            {t('duplicates.backToList')}
          </Group>
        </Anchor>
      ) : null}
      <Title order={2} size="h3">
        {t('duplicates.title')}
      </Title>
      {merged ? (
        <MergedResult result={merged} />
      ) : comparing ? (
        new Set(ids).size < 2 ? (
          <Alert color="orange">{t('duplicates.needTwo')}</Alert>
        ) : (
          <ComparePanel
            key={ids.join(',')}
            ids={[...new Set(ids)]}
            onMerged={(result) => {
              setMerged(result);
              setParams({}, { replace: true });
            }}
            actions={clusterId ? <DismissButton clusterId={clusterId} onDismissed={backToList} /> : null}
          />
        )
      ) : (
        <ClusterList />
      )}
    </Stack>
  );
}

function DismissButton({ clusterId, onDismissed }: { clusterId: string; onDismissed: () => void }) {
  const { t } = useTranslation();
  const dismiss = useDismissCluster();
  return (
    <Button
      variant="default"
      loading={dismiss.isPending}
      onClick={() =>
        dismiss.mutate(clusterId, {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: t('duplicates.dismissed') });
            onDismissed();
          },
          onError: (err) => notifications.show({ color: 'red', message: describeError(t, err) }),
        })
      }
    >
      {t('duplicates.dismiss')}
    </Button>
  );
}

function MergedResult({ result }: { result: MergeResult }) {
  const { t } = useTranslation();
  const s = result.survivor;
  const line = (label: string, value: unknown) =>
    value ? (
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm" c="dimmed" w={90} style={{ flexShrink: 0 }}>
          {label}
        </Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {String(value)}
        </Text>
      </Group>
    ) : null;
  const phones = ((s.phones as { number: string }[] | undefined) ?? []).map((p) => p.number).join(', ');
  const emails = ((s.emails as { address: string }[] | undefined) ?? []).map((e) => e.address).join(', ');
  return (
    <Paper withBorder p="md" radius="md" data-testid="merge-result">
      <Stack gap="sm">
        <Group gap="xs">
          <IconCircleCheck size={20} color="var(--mantine-color-teal-6)" />
          <Text fw={600}>{t('duplicates.merged', { name: s.name })}</Text>
        </Group>
        <Text size="sm" c="dimmed">
          {t('duplicates.mergedText', { count: result.mergedIds.length + 1 })}
        </Text>
        <Stack gap={4}>
          {line(t('duplicates.fields.name'), s.name)}
          {line(t('duplicates.fields.phones'), phones)}
          {line(t('duplicates.fields.emails'), emails)}
          {line(t('duplicates.fields.company'), s.companyName)}
          {line(t('duplicates.fields.title'), s.title)}
        </Stack>
        <Group>
          <Button component={Link} to={`/contacts/${s.id}`}>
            {t('duplicates.openContact')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function ClusterList() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const client = useQueryClient();
  const session = useSession();
  const clusters = useClusters();
  const scan = useStartScan();
  const [jobId, setJobId] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<'done' | 'failed' | null>(null);
  const job = useJobProgress(jobId, (finished) => {
    setOutcome(finished.status === 'done' ? 'done' : 'failed');
    setJobId(null);
    void client.invalidateQueries({ queryKey: duplicateKeys.clusters() });
  });
  const running = jobId !== null;
  const list = clusters.data?.data ?? [];
  const percent = job?.total ? Math.round((job.done / job.total) * 100) : 0;

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('duplicates.intro')}
      </Text>
      <Group>
        <Button
          leftSection={<IconScan size={16} />}
          loading={scan.isPending}
          disabled={running || session.role === 'read_only'}
          onClick={() => {
            setOutcome(null);
            scan.mutate(undefined, { onSuccess: ({ jobId: id }) => setJobId(id) });
          }}
        >
          {t('duplicates.scan')}
        </Button>
      </Group>
      {scan.error && (
        <Alert color="red" role="alert">
          {describeError(t, scan.error)}
        </Alert>
      )}
      {running && (
        <Stack gap={4} data-testid="scan-running">
          <Text size="sm" role="status">
            {job?.total
              ? t('duplicates.scanning', { done: fmt.number(job.done), total: fmt.number(job.total) })
              : t('duplicates.scanningUnknown')}
          </Text>
          <Progress
            value={job?.total ? percent : 100}
            animated
            striped
            size="lg"
            radius="xl"
            aria-label={t('duplicates.scanProgress')}
          />
        </Stack>
      )}
      {outcome === 'done' && clusters.data && !clusters.isFetching && (
        <Alert color="teal" role="status" data-testid="scan-done">
          {t('duplicates.scanDone', { count: list.length })}
        </Alert>
      )}
      {outcome === 'failed' && (
        <Alert color="red" role="alert">
          {t('duplicates.scanFailed')}
        </Alert>
      )}
      {clusters.isPending ? (
        <PageLoader />
      ) : clusters.error ? (
        <QueryError error={clusters.error} onRetry={() => void clusters.refetch()} />
      ) : list.length === 0 ? (
        <Paper withBorder p="xl" radius="md">
          <Center>
            <Text c="dimmed">{t('duplicates.empty')}</Text>
          </Center>
        </Paper>
      ) : (
        <Stack gap="sm" data-testid="clusters">
          {list.map((c) => (
            <ClusterCard key={c.id} cluster={c} />
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function ClusterCard({ cluster }: { cluster: DuplicateCluster }) {
  const { t } = useTranslation();
  const dismiss = useDismissCluster();
  const compareUrl = `/duplicates?cluster=${cluster.id}&ids=${cluster.records.map((r) => r.id).join(',')}`;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="cluster">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap={6}>
            {cluster.reasons.map((r) => (
              <Badge key={r} variant="light" size="sm">
                {t(`duplicates.reasons.${r}`, { defaultValue: r })}
              </Badge>
            ))}
          </Group>
          <Text size="xs" c="dimmed">
            {t('duplicates.score', { score: cluster.score })} ·{' '}
            {t('duplicates.records', { count: cluster.records.length })}
          </Text>
        </Group>
        <Stack gap={4}>
          {cluster.records.map((r) => (
            <Group key={r.id} gap="xs" wrap="wrap">
              <Text size="sm" fw={600} component={Link} to={`/contacts/${r.id}`}>
                {r.name}
              </Text>
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {[r.phone, r.email, r.companyName].filter(Boolean).join(' · ')}
              </Text>
            </Group>
          ))}
        </Stack>
        <Group gap="xs">
          <Button size="xs" component={Link} to={compareUrl}>
            {t('duplicates.compare')}
          </Button>
          <Button
            size="xs"
            variant="default"
            loading={dismiss.isPending}
            onClick={() => dismiss.mutate(cluster.id)}
          >
            {t('duplicates.dismiss')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
