import {
  Alert,
  Button,
  Group,
  Loader,
  Paper,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../i18n/format';
import { describeError } from '../../lib/errors';
import { useFieldLabel } from './field-labels';
import { errorsByCell, fieldsOfErrorPath } from './import-errors';
import {
  type ColumnMapping,
  type DedupPolicy,
  type DryRun,
  dryRunImport,
  FIRST_DATA_ROW,
  type RowError,
  type UploadedImport,
} from './imports.api';

/** Problems listed under the preview at most; the rest are in the rejected-rows download. */
const LISTED_ERRORS = 100;

/** A row error in the UI language: the translated code where we know it, else the server's text. */
export function errorMessage(t: TFunction, lang: string, error: Pick<RowError, 'code' | 'message'>): string {
  if (lang === 'en') return error.message;
  return t(`errors.field.${error.code}`, { defaultValue: '' }) || error.message;
}

/** Step 3: the dry run over the whole file; the first rows with every bad cell marked, and all problems listed. */
export function PreviewStep({
  upload,
  mapping,
  policy,
  dryRun,
  onChecked,
  onBack,
  onNext,
}: {
  upload: UploadedImport;
  mapping: ColumnMapping;
  policy: DedupPolicy;
  dryRun: DryRun | null;
  onChecked: (dryRun: DryRun) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const label = useFieldLabel(upload.fields);
  const check = useMutation({
    mutationFn: () => dryRunImport(upload.id, mapping, policy),
    onSuccess: onChecked,
  });
  const { mutate } = check;

  useEffect(() => {
    if (!dryRun) mutate();
  }, [dryRun, mutate]);

  if (!dryRun) {
    return (
      <Stack gap="sm" mt="md">
        {check.error ? (
          <Alert color="red" role="alert">
            {describeError(t, check.error)}
          </Alert>
        ) : (
          <Group gap="sm" role="status">
            <Loader size="sm" />
            <Text size="sm">{t('imports.preview.checking')}</Text>
          </Group>
        )}
        <Group justify="space-between">
          <Button variant="default" onClick={onBack}>
            {t('imports.back')}
          </Button>
          {check.error && <Button onClick={() => mutate()}>{t('common.retry')}</Button>}
        </Group>
      </Stack>
    );
  }

  const cells = errorsByCell(dryRun.errors, mapping);
  const message = (e: RowError) => errorMessage(t, i18n.language, e);
  const errorField = (e: RowError) => label(fieldsOfErrorPath(e.field)[0] ?? e.field);

  return (
    <Stack gap="sm" mt="md">
      <Text size="sm">{t('imports.preview.intro')}</Text>
      <SimpleGrid cols={3} spacing="xs" maw={480}>
        <Stat label={t('imports.preview.total')} value={fmt.number(dryRun.totalRows)} testId="dry-total" />
        <Stat label={t('imports.preview.valid')} value={fmt.number(dryRun.validRows)} testId="dry-valid" />
        <Stat
          label={t('imports.preview.invalid')}
          value={fmt.number(dryRun.invalidRows)}
          color={dryRun.invalidRows > 0 ? 'red' : undefined}
          testId="dry-invalid"
        />
      </SimpleGrid>
      {dryRun.invalidRows === 0 ? (
        <Alert color="teal" icon={<IconCircleCheck size={18} />}>
          {t('imports.preview.allGood')}
        </Alert>
      ) : (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
          {t('imports.preview.someBad', { count: dryRun.invalidRows })}
        </Alert>
      )}

      <Text size="sm" fw={600}>
        {t('imports.preview.firstRows', { count: upload.preview.length })}
      </Text>
      <ScrollArea type="auto" offsetScrollbars>
        <Table withTableBorder withColumnBorders striped={false} fz="sm" data-testid="import-preview">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={56}>{t('imports.preview.row')}</Table.Th>
              {upload.columns.map((c) => {
                const key = mapping[String(c.index)];
                return (
                  <Table.Th key={c.index} style={{ whiteSpace: 'nowrap', opacity: key ? 1 : 0.5 }}>
                    <Text size="sm" fw={600} span>
                      {c.header}
                    </Text>
                    <Text size="xs" c="dimmed" fw={400}>
                      {key ? label(key) : t('imports.mapping.unmapped')}
                    </Text>
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {upload.preview.map((row, i) => {
              const rowNumber = FIRST_DATA_ROW + i;
              const errors = cells.get(rowNumber);
              const bad = Boolean(errors);
              return (
                <Table.Tr
                  key={rowNumber}
                  data-row={rowNumber}
                  data-invalid={bad || undefined}
                  bg={bad ? 'var(--mantine-color-red-light)' : undefined}
                >
                  <Table.Td c={bad ? 'red' : 'dimmed'} fw={bad ? 700 : 400}>
                    {errors?.row.length ? (
                      <Tooltip label={errors.row.map(message).join('\n')} multiline maw={320}>
                        <span>{rowNumber}</span>
                      </Tooltip>
                    ) : (
                      rowNumber
                    )}
                  </Table.Td>
                  {upload.columns.map((c) => {
                    const cellErrors = errors?.byColumn.get(c.index);
                    const value = row[c.index] ?? '';
                    if (!cellErrors) {
                      return (
                        <Table.Td key={c.index} style={{ whiteSpace: 'nowrap' }}>
                          {value}
                        </Table.Td>
                      );
                    }
                    return (
                      <Table.Td
                        key={c.index}
                        data-testid="cell-error"
                        aria-invalid
                        style={{
                          whiteSpace: 'nowrap',
                          outline: '2px solid var(--mantine-color-red-6)',
                          outlineOffset: -2,
                          background: 'var(--mantine-color-red-1)',
                          color: 'var(--mantine-color-red-9)',
                        }}
                      >
                        <Tooltip label={cellErrors.map(message).join('\n')} multiline maw={320} withArrow>
                          <Group gap={4} wrap="nowrap">
                            <IconAlertTriangle size={14} aria-label={t('imports.preview.cellError')} />
                            <span>{value || '—'}</span>
                          </Group>
                        </Tooltip>
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea>

      {dryRun.errors.length > 0 && (
        <Paper withBorder p="sm" radius="md">
          <Text size="sm" fw={600} mb={4}>
            {t('imports.preview.errorList')}
          </Text>
          <Stack
            gap={2}
            component="ul"
            style={{ margin: 0, paddingInlineStart: 18 }}
            data-testid="error-list"
          >
            {dryRun.errors.slice(0, LISTED_ERRORS).map((e) => (
              <Text component="li" size="sm" key={`${e.row}-${e.field}-${e.code}`} c="red.8">
                {t('imports.preview.errorLine', { row: e.row, field: errorField(e), message: message(e) })}
              </Text>
            ))}
          </Stack>
          {(dryRun.errorsTruncated || dryRun.errors.length > LISTED_ERRORS) && (
            <Text size="xs" c="dimmed" mt={4}>
              {t('imports.preview.truncated')}
            </Text>
          )}
        </Paper>
      )}

      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('imports.back')}
        </Button>
        <Button onClick={onNext} disabled={dryRun.validRows === 0}>
          {t('imports.next')}
        </Button>
      </Group>
    </Stack>
  );
}

function Stat({
  label,
  value,
  color,
  testId,
}: {
  label: string;
  value: string;
  color?: string;
  testId: string;
}) {
  return (
    <Paper withBorder p="xs" radius="md">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" c={color} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}
