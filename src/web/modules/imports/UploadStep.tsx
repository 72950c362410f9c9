import { Alert, Group, Stack, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { IconFileSpreadsheet, IconUpload, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import { currentLocale } from '../../i18n';
import { describeError } from '../../lib/errors';
import { type UploadedImport, uploadImport } from './imports.api';

/** Largest file the server takes. */
const MAX_BYTES = 200 * 1024 * 1024;

const ACCEPT = {
  'text/csv': ['.csv'],
  'text/tab-separated-values': ['.tsv'],
  'text/plain': ['.txt'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.ms-excel': ['.csv'],
};

/** Step 1: drop (or pick) a CSV/XLSX file; it is uploaded at once and its columns come back. */
export function UploadStep({ onUploaded }: { onUploaded: (upload: UploadedImport) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [rejected, setRejected] = useState(false);
  const upload = useMutation({
    mutationFn: (file: File) => uploadImport(file, session.csrfToken, currentLocale()),
    onSuccess: onUploaded,
  });

  const onReject = (_: FileRejection[]) => setRejected(true);

  return (
    <Stack gap="sm" mt="md">
      <Dropzone
        onDrop={(files) => {
          setRejected(false);
          if (files[0]) upload.mutate(files[0]);
        }}
        onReject={onReject}
        maxSize={MAX_BYTES}
        maxFiles={1}
        multiple={false}
        accept={ACCEPT}
        loading={upload.isPending}
        data-testid="import-dropzone"
        aria-label={t('imports.upload.drop')}
      >
        <Group justify="center" gap="lg" mih={180} style={{ pointerEvents: 'none' }} wrap="nowrap">
          <Dropzone.Accept>
            <IconUpload size={48} stroke={1.5} color="var(--mantine-color-indigo-6)" />
          </Dropzone.Accept>
          <Dropzone.Reject>
            <IconX size={48} stroke={1.5} color="var(--mantine-color-red-6)" />
          </Dropzone.Reject>
          <Dropzone.Idle>
            <IconFileSpreadsheet size={48} stroke={1.5} color="var(--mantine-color-dimmed)" />
          </Dropzone.Idle>
          <div>
            <Text size="lg" fw={500}>
              {t('imports.upload.drop')}
            </Text>
            <Text size="sm" c="dimmed" mt={6}>
              {t('imports.upload.hint')}
            </Text>
          </div>
        </Group>
      </Dropzone>
      {rejected && (
        <Alert color="red" role="alert">
          {t('imports.upload.rejected')}
        </Alert>
      )}
      {upload.error && (
        <Alert color="red" role="alert">
          {describeError(t, upload.error)}
        </Alert>
      )}
    </Stack>
  );
}
