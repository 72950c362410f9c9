import { ActionIcon, Group, Stack, Text, TextInput, Tooltip, UnstyledButton } from '@mantine/core';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  /** Stable id for tests and labels, e.g. `email`. */
  name: string;
  label: string;
  value: string | null;
  /** How the value reads when not editing (e.g. a grouped phone number); defaults to the value. */
  display?: string;
  type?: 'text' | 'email' | 'tel';
  required?: boolean;
  readOnly?: boolean;
  /** Saves the new value; resolves to an error message to keep editing, or null when done. */
  onSave: (value: string) => Promise<string | null>;
}

/** A field shown as text that turns into an input on click; Enter saves, Escape cancels. */
export function EditableField({
  name,
  label,
  value,
  display,
  type = 'text',
  required,
  readOnly,
  onSave,
}: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const start = () => {
    if (readOnly) return;
    setDraft(value ?? '');
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  const save = async () => {
    const next = draft.trim();
    if (next === (value ?? '')) return cancel();
    if (required && !next) return setError(t('errors.field.required'));
    setSaving(true);
    try {
      const problem = await onSave(next);
      if (problem) setError(problem);
      else setEditing(false);
    } finally {
      setSaving(false);
    }
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      cancel();
    }
  };

  if (editing) {
    return (
      <TextInput
        label={label}
        type={type}
        value={draft}
        onChange={(e) => setDraft(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        error={error}
        autoFocus
        disabled={saving}
        data-testid={`field-${name}-input`}
        rightSectionWidth={68}
        rightSection={
          <Group gap={2} wrap="nowrap">
            <ActionIcon
              variant="subtle"
              color="teal"
              onClick={() => void save()}
              loading={saving}
              aria-label={t('common.save')}
            >
              <IconCheck size={16} />
            </ActionIcon>
            <ActionIcon variant="subtle" color="gray" onClick={cancel} aria-label={t('common.cancel')}>
              <IconX size={16} />
            </ActionIcon>
          </Group>
        }
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
          onClick={start}
          disabled={readOnly}
          aria-labelledby={`field-${name}-label`}
          data-testid={`field-${name}`}
          style={{ flex: 1, minWidth: 0, wordBreak: 'break-word' }}
        >
          {value ? (
            <Text size="md">{display || value}</Text>
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
              onClick={start}
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
