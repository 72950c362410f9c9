import { Alert, Button, Group, Radio, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import {
  type ColumnMapping,
  DEDUP_POLICIES,
  type DedupPolicy,
  type DryRun,
  type ImportBatch,
  useRunImport,
} from './imports.api';

/** Step 4: what happens to rows that look like existing contacts, each choice explained; then start. */
export function PolicyStep({
  id,
  mapping,
  dryRun,
  policy,
  onChange,
  onBack,
  onStarted,
}: {
  id: string;
  mapping: ColumnMapping;
  dryRun: DryRun;
  policy: DedupPolicy;
  onChange: (policy: DedupPolicy) => void;
  onBack: () => void;
  onStarted: (batch: ImportBatch) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const run = useRunImport();

  return (
    <Stack gap="sm" mt="md">
      <Text size="sm">{t('imports.policy.intro')}</Text>
      <Text size="sm" c="dimmed">
        {t('imports.policy.found', {
          inDb: fmt.number(dryRun.matchesInDatabase),
          inFile: fmt.number(dryRun.duplicatesInFile),
        })}
      </Text>
      <Radio.Group
        value={policy}
        onChange={(v) => onChange(v as DedupPolicy)}
        aria-label={t('imports.steps.policy')}
      >
        <Stack gap="xs">
          {DEDUP_POLICIES.map((p) => (
            <Radio.Card key={p} value={p} p="sm" radius="md" data-testid={`policy-${p}`}>
              <Group wrap="nowrap" align="flex-start" gap="sm">
                <Radio.Indicator />
                <div>
                  <Text fw={600} size="sm">
                    {t(`imports.policy.${p}`)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t(`imports.policy.${p}Help`)}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
          ))}
        </Stack>
      </Radio.Group>
      {run.error && (
        <Alert color="red" role="alert">
          {describeError(t, run.error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack} disabled={run.isPending}>
          {t('imports.back')}
        </Button>
        <Button
          loading={run.isPending}
          onClick={() => run.mutate({ id, mapping, dedupPolicy: policy }, { onSuccess: onStarted })}
        >
          {t('imports.run.start')}
        </Button>
      </Group>
    </Stack>
  );
}
