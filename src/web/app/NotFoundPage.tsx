import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** An address inside the app that leads nowhere. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Center mih="50dvh">
      <Stack align="center" gap="sm">
        <Title order={2}>{t('notFound.title')}</Title>
        <Text c="dimmed">{t('notFound.text')}</Text>
        <Button component={Link} to="/contacts">
          {t('notFound.back')}
        </Button>
      </Stack>
    </Center>
  );
}
