import { ActionIcon, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InlineEditor } from './InlineEditor';
import type { FieldMeta } from './metadata.api';

interface Props {
  field: FieldMeta;
  label: string;
  value: unknown;
  text: string;
  readOnly?: boolean;
  /** Resolves to an error message to keep editing, or null when done. */
  onSave: (value: unknown) => Promise<string | null>;
}

/** A profile field shown as text that turns into the input of its type; Enter saves, Escape cancels. */
export function ProfileField({ field, label, value, text, readOnly, onSave }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const name = field.key;

  if (editing) {
    return (
      <InlineEditor
        field={field}
        initial={value}
        testId={`field-${name}-input`}
        onCancel={() => setEditing(false)}
        onSave={async (next) => {
          const same = JSON.stringify(next ?? '') === JSON.stringify(value ?? '');
          const problem = same ? null : await onSave(next);
          if (!problem) setEditing(false);
          return problem;
        }}
      />
    );
  }

  return (
    <Stack gap={2}>
      <Text size="sm" fw={500} c="dimmed" id={`field-${name}-label`}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" mih={36}>
        <UnstyledButton
          onClick={() => !readOnly && setEditing(true)}
          disabled={readOnly}
          aria-labelledby={`field-${name}-label`}
          data-testid={`field-${name}`}
          style={{ flex: 1, minWidth: 0, wordBreak: 'break-word' }}
        >
          {text ? (
            <Text size="md">{text}</Text>
          ) : (
            <Text size="md" c="dimmed">
              —
            </Text>
          )}
        </UnstyledButton>
        {!readOnly && (
          <Tooltip label={t('common.edit')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => setEditing(true)}
              aria-label={`${t('common.edit')} ${label}`}
            >
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </Stack>
  );
}
