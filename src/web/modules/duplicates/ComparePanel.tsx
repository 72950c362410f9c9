import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconGitMerge } from '@tabler/icons-react';
import { type CSSProperties, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageLoader } from '../../app/PageLoader';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import classes from './ComparePanel.module.css';
import { type FullContact, type MergeResult, useContactsToCompare, useMergeContacts } from './duplicates.api';
import { COMBINED_FIELDS, defaultPicks, fieldText, PICKED_FIELDS, type PickedField } from './merge-fields';

/**
 * Side-by-side compare of two or more contacts: pick the record that stays and, field by field,
 * which value wins; then merge.
 */
export function ComparePanel({
  ids,
  actions,
  onMerged,
}: {
  ids: string[];
  /** Extra buttons next to merge (dismissing a cluster). */
  actions?: React.ReactNode;
  onMerged: (result: MergeResult) => void;
}) {
  const { t } = useTranslation();
  const results = useContactsToCompare(ids);
  const failed = results.find((r) => r.error);
  if (results.some((r) => r.isPending)) return <PageLoader />;
  if (failed) {
    return (
      <Alert color="orange" role="alert">
        {t('duplicates.notFound')}
      </Alert>
    );
  }
  const records = results.map((r) => r.data?.contact as FullContact);
  return <CompareRecords records={records} actions={actions} onMerged={onMerged} />;
}

function CompareRecords({
  records,
  actions,
  onMerged,
}: {
  records: FullContact[];
  actions?: React.ReactNode;
  onMerged: (result: MergeResult) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const merge = useMergeContacts();
  // The oldest record stays by default: it is the one people have been linking to longest.
  const oldest = useMemo(
    () => [...records].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0].id,
    [records],
  );
  const [survivorId, setSurvivorId] = useState(oldest);
  const [picks, setPicks] = useState(() => defaultPicks(records, oldest));
  const [confirming, setConfirming] = useState(false);

  const survivor = records.find((r) => r.id === survivorId) ?? records[0];
  const merged = records.filter((r) => r.id !== survivor.id);
  const shown = PICKED_FIELDS.filter((f) => records.some((r) => fieldText(r, f)));
  const combined = COMBINED_FIELDS.filter((f) => records.some((r) => fieldText(r, f)));
  const style = { '--records': records.length } as CSSProperties;

  const display = (record: FullContact, field: PickedField) => {
    const text = fieldText(record, field);
    if (!text) return t('duplicates.empty_value');
    if (field === 'gender') return t(`duplicates.gender.${text}`, { defaultValue: text });
    if (field === 'birthday') return fmt.date(text);
    return text;
  };

  const chooseSurvivor = (id: string) => {
    setSurvivorId(id);
    setPicks(defaultPicks(records, id));
  };

  const submit = () => {
    const fields: Record<string, string> = {};
    for (const field of shown) fields[field] = picks[field];
    merge.mutate(
      {
        survivorId: survivor.id,
        mergedIds: merged.map((r) => r.id),
        fields,
        versions: Object.fromEntries(records.map((r) => [r.id, r.version])),
      },
      {
        onSuccess: (result) => {
          setConfirming(false);
          onMerged(result);
        },
      },
    );
  };

  return (
    <Stack gap="md" data-testid="compare">
      <div>
        <Title order={3} size="h4">
          {t('duplicates.compareTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('duplicates.compareIntro')}
        </Text>
      </div>
      <ScrollArea type="auto" offsetScrollbars>
        <div style={{ minWidth: records.length > 2 ? records.length * 160 : undefined }}>
          <Radio.Group value={survivor.id} onChange={chooseSurvivor} aria-label={t('duplicates.keep')}>
            <div className={classes.grid} style={style}>
              <div className={classes.corner} />
              {records.map((r, i) => (
                <Radio.Card
                  key={r.id}
                  value={r.id}
                  p="sm"
                  radius="md"
                  data-testid={`survivor-${i}`}
                  aria-label={`${t('duplicates.keep')}: ${r.name}`}
                  style={{
                    borderColor: r.id === survivor.id ? 'var(--mantine-color-indigo-6)' : undefined,
                    borderWidth: r.id === survivor.id ? 2 : 1,
                  }}
                >
                  <Group wrap="nowrap" align="flex-start" gap="xs">
                    <Radio.Indicator />
                    <Stack gap={2} miw={0}>
                      <Group gap={6}>
                        <Text size="xs" c="dimmed">
                          {t('duplicates.record', { n: i + 1 })}
                        </Text>
                        {r.id === survivor.id && (
                          <Badge size="xs" color="indigo">
                            {t('duplicates.survivor')}
                          </Badge>
                        )}
                      </Group>
                      <Text fw={600} className={classes.value}>
                        {r.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('duplicates.created', { date: fmt.date(r.createdAt) })}
                      </Text>
                    </Stack>
                  </Group>
                </Radio.Card>
              ))}
            </div>
          </Radio.Group>

          {shown.map((field) => {
            const values = new Set(records.map((r) => fieldText(r, field)));
            const differs = values.size > 1;
            return (
              <Radio.Group
                key={field}
                value={picks[field]}
                onChange={(id) => setPicks((p) => ({ ...p, [field]: id }))}
                aria-label={t(`duplicates.fields.${field}`)}
                data-testid={`pick-${field}`}
              >
                <div className={classes.grid} style={style}>
                  <Group gap={6} className={classes.label} wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {t(`duplicates.fields.${field}`)}
                    </Text>
                    {differs && (
                      <Badge size="xs" color="orange" variant="light">
                        {t('duplicates.differs')}
                      </Badge>
                    )}
                  </Group>
                  {records.map((r, i) => {
                    const text = fieldText(r, field);
                    const chosen = picks[field] === r.id;
                    return (
                      <Radio.Card
                        key={r.id}
                        value={r.id}
                        p="xs"
                        radius="md"
                        disabled={!differs || !text}
                        aria-label={`${t(`duplicates.fields.${field}`)}: ${display(r, field)} (${t('duplicates.record', { n: i + 1 })})`}
                        style={{
                          background:
                            differs && chosen && text ? 'var(--mantine-color-indigo-light)' : undefined,
                          cursor: differs && text ? 'pointer' : 'default',
                        }}
                      >
                        <Group wrap="nowrap" gap="xs" align="flex-start">
                          {differs && text ? <Radio.Indicator size="xs" mt={3} /> : null}
                          <Text size="sm" c={text ? undefined : 'dimmed'} className={classes.value}>
                            {display(r, field)}
                          </Text>
                        </Group>
                      </Radio.Card>
                    );
                  })}
                </div>
              </Radio.Group>
            );
          })}

          {combined.map((field) => (
            <div key={field} className={classes.grid} style={style}>
              <Group gap={6} className={classes.label} wrap="nowrap">
                <Text size="sm" fw={600}>
                  {t(`duplicates.fields.${field}`)}
                </Text>
                <Badge size="xs" color="teal" variant="light">
                  {t('duplicates.combined')}
                </Badge>
              </Group>
              {records.map((r) => (
                <Paper key={r.id} p="xs" radius="md" withBorder bg="var(--mantine-color-gray-light)">
                  <Text size="sm" c={fieldText(r, field) ? undefined : 'dimmed'} className={classes.value}>
                    {fieldText(r, field) || t('duplicates.empty_value')}
                  </Text>
                </Paper>
              ))}
            </div>
          ))}
        </div>
      </ScrollArea>

      {merge.error && !confirming && (
        <Alert color="red" role="alert">
          {describeError(t, merge.error)}
        </Alert>
      )}
      <Group gap="sm">
        <Button leftSection={<IconGitMerge size={16} />} onClick={() => setConfirming(true)}>
          {t('duplicates.merge', { count: merged.length })}
        </Button>
        {actions}
      </Group>

      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={t('duplicates.mergeTitle')}
        centered
      >
        <Stack gap="md">
          <Text size="sm">
            {t('duplicates.mergeText', {
              names: merged.map((r) => r.name).join('、'),
              survivor: survivor.name,
            })}
          </Text>
          {merge.error && (
            <Alert color="red" role="alert">
              {describeError(t, merge.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button loading={merge.isPending} onClick={submit}>
              {t('duplicates.mergeConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
