import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { describeError } from '../lib/errors';

/** Shown instead of a page that failed to render or load. */
export function RouteErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <Center mih="60dvh" p="md">
      <Stack align="center" gap="sm" maw={420} ta="center">
        <Title order={3}>{t('errors.pageTitle')}</Title>
        <Text c="dimmed">{describeError(t, error)}</Text>
        <Button onClick={onRetry ?? (() => window.location.reload())}>{t('common.retry')}</Button>
      </Stack>
    </Center>
  );
}

/** The router's error element. */
export function RouteError() {
  const error = useRouteError();
  return <RouteErrorView error={error} />;
}
