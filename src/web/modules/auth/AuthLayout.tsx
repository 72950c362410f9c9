import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageMenu } from '../../app/LanguageMenu';

/** The frame of the signed-out pages: brand, language choice, and one card. */
export function AuthLayout({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Box mih="100dvh" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" px="md" h={56}>
        <Text fw={700} size="lg" c="indigo.7">
          {t('app.name')}
        </Text>
        <LanguageMenu signedIn={false} />
      </Group>
      <Center px="sm" pb="xl" pt={{ base: 'md', sm: 48 }}>
        <Stack w="100%" maw={420} gap="lg">
          <Stack gap={4} ta="center">
            <Title order={2}>{title}</Title>
            {subtitle && (
              <Text c="dimmed" size="sm">
                {subtitle}
              </Text>
            )}
          </Stack>
          <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  );
}
