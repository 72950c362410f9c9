import { Alert, Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError } from '../lib/errors';

/** A failed read, with a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" title={t('errors.loadFailed')}>
      <Text size="sm">{describeError(t, error)}</Text>
      {onRetry && (
        <Button size="xs" variant="light" mt="xs" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
