import { Button, Group, Stack } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldInput } from './FieldInput';
import { type FieldMeta, useLabels } from './metadata.api';

interface Props {
  field: FieldMeta;
  initial: unknown;
  onSave: (value: unknown) => Promise<string | null>;
  onCancel: () => void;
  testId?: string;
}

/** The editor of one value (list cell or profile field): Enter saves, Escape cancels. */
export function InlineEditor({ field, initial, onSave, onCancel, testId }: Props) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [value, setValue] = useState<unknown>(initial ?? (field.type === 'multi_select' ? [] : ''));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setSaving(true);
    try {
      setError(await onSave(value));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
      style={{ minWidth: 240 }}
    >
      <Stack gap="xs">
        <FieldInput
          field={field}
          value={value}
          onChange={(v) => {
            setValue(v);
            setError(null);
          }}
          label={labels.field(field)}
          error={error}
          autoFocus
          disabled={saving}
          data-testid={testId ?? `inline-${field.key}-input`}
        />
        <Group justify="flex-end" gap="xs">
          <Button size="xs" variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button size="xs" type="submit" loading={saving}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
