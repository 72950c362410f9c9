import { Alert, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFieldLabel } from './field-labels';
import type { ColumnMapping, UploadedImport } from './imports.api';

/** Problems a mapping has before the server is asked: no name column, a single field filled twice. */
export function mappingProblems(upload: UploadedImport, mapping: ColumnMapping) {
  const multiple = new Set(upload.fields.filter((f) => f.multiple).map((f) => f.key));
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const column of upload.columns) {
    const key = mapping[String(column.index)];
    if (!key) continue;
    if (seen.has(key) && !multiple.has(key)) twice.add(key);
    seen.add(key);
  }
  return { nameMissing: !seen.has('name'), twice };
}

/** Step 2: every column of the file with a sample and the field it fills, editable; unmapped ones marked. */
export function MappingStep({
  upload,
  mapping,
  onChange,
  onBack,
  onNext,
}: {
  upload: UploadedImport;
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const label = useFieldLabel(upload.fields);
  const options = [
    { value: '', label: t('imports.mapping.ignore') },
    ...upload.fields.map((f) => ({ value: f.key, label: label(f.key) })),
  ];
  const { nameMissing, twice } = mappingProblems(upload, mapping);
  const mapped = upload.columns.filter((c) => mapping[String(c.index)]).length;

  return (
    <Stack gap="sm" mt="md">
      <Text size="sm">{t('imports.mapping.intro', { file: upload.filename })}</Text>
      <Text size="sm" c="dimmed" data-testid="mapping-count">
        {t('imports.mapping.mappedCount', { mapped, total: upload.columns.length })}
      </Text>
      <Stack gap="xs" data-testid="mapping">
        {upload.columns.map((column) => {
          const key = mapping[String(column.index)] ?? '';
          const samples = upload.preview
            .map((row) => row[column.index] ?? '')
            .filter(Boolean)
            .slice(0, 3);
          const error = key && twice.has(key) ? t('imports.mapping.twice', { field: label(key) }) : undefined;
          return (
            <Paper
              key={column.index}
              withBorder
              p="sm"
              radius="md"
              data-testid={`mapping-row-${column.index}`}
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing={6}>
                <Group gap="xs" wrap="nowrap" align="flex-start" miw={0}>
                  <Stack gap={2} miw={0} style={{ flex: 1 }}>
                    <Group gap="xs" wrap="nowrap">
                      <Text fw={600} size="sm" truncate>
                        {column.header || `#${column.index + 1}`}
                      </Text>
                      {!key && (
                        <Badge size="sm" variant="light" color="gray">
                          {t('imports.mapping.unmapped')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed" truncate>
                      {samples.length > 0 ? samples.join(' · ') : t('imports.mapping.empty')}
                    </Text>
                  </Stack>
                  <IconArrowRight size={16} style={{ flexShrink: 0, marginTop: 4 }} />
                </Group>
                <Select
                  aria-label={`${t('imports.mapping.field')}: ${column.header || `#${column.index + 1}`}`}
                  data={options}
                  value={key}
                  allowDeselect={false}
                  searchable
                  comboboxProps={{ withinPortal: true }}
                  error={error}
                  onChange={(value) => onChange({ ...mapping, [String(column.index)]: value ?? '' })}
                />
              </SimpleGrid>
            </Paper>
          );
        })}
      </Stack>
      {nameMissing && (
        <Alert color="orange" role="alert">
          {t('imports.mapping.nameRequired')}
        </Alert>
      )}
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('imports.back')}
        </Button>
        <Button onClick={onNext} disabled={nameMissing || twice.size > 0}>
          {t('imports.next')}
        </Button>
      </Group>
    </Stack>
  );
}
