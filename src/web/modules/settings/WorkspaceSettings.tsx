import { Alert, Button, Group, Paper, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/session';
import type { Locale } from '../../api/types';
import { PageLoader } from '../../app/PageLoader';
import { QueryError } from '../../app/QueryError';
import { describeError, fieldErrors, onlyFieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { useUpdateWorkspace, useWorkspace } from './settings.api';

/** Regions offered as the default for phone numbers and addresses (ISO 3166-1 alpha-2). */
const REGIONS = ['CN', 'HK', 'MO', 'TW', 'SG', 'MY', 'JP', 'KR', 'US', 'GB', 'DE', 'FR', 'AU', 'CA'];

/** The workspace's name, default region and default language. */
export function WorkspaceSettings() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const canEdit = session.role === 'admin';
  const workspace = useWorkspace();
  const update = useUpdateWorkspace();
  const form = useForm({ name: '', defaultRegion: '', defaultLocale: '' });
  const { setValue } = form;

  useEffect(() => {
    if (!workspace.data) return;
    setValue('name', workspace.data.name);
    setValue('defaultRegion', workspace.data.defaultRegion ?? '');
    setValue('defaultLocale', workspace.data.defaultLocale ?? '');
  }, [workspace.data, setValue]);

  const regions = useMemo(() => {
    const names = new Intl.DisplayNames([i18n.language], { type: 'region' });
    return REGIONS.map((code) => ({ value: code, label: `${names.of(code) ?? code} (${code})` }));
  }, [i18n.language]);

  if (workspace.isPending) return <PageLoader />;
  if (workspace.isError)
    return <QueryError error={workspace.error} onRetry={() => void workspace.refetch()} />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['name'], t('errors.field.required'))) return;
    update.mutate(
      {
        name: form.values.name.trim(),
        defaultRegion: form.values.defaultRegion || null,
        defaultLocale: (form.values.defaultLocale || null) as Locale | null,
      },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('common.savedMessage') }),
        onError: (err) => form.setErrors(fieldErrors(t, err)),
      },
    );
  };
  const err = update.error;

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} maw={560}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {err && !onlyFieldErrors(err, ['name', 'defaultRegion', 'defaultLocale']) && (
            <Alert color="red">{describeError(t, err)}</Alert>
          )}
          <TextInput label={t('fields.workspaceName')} required disabled={!canEdit} {...form.field('name')} />
          <Select
            label={t('settings.workspace.defaultRegion')}
            description={t('settings.workspace.defaultRegionHint')}
            data={regions}
            value={form.values.defaultRegion || null}
            onChange={(v) => setValue('defaultRegion', v ?? '')}
            error={form.errors.defaultRegion}
            disabled={!canEdit}
            searchable
            clearable
          />
          <Select
            label={t('settings.workspace.defaultLocale')}
            data={[
              { value: 'zh-CN', label: '简体中文' },
              { value: 'en', label: 'English' },
            ]}
            value={form.values.defaultLocale || null}
            onChange={(v) => setValue('defaultLocale', v ?? '')}
            error={form.errors.defaultLocale}
            disabled={!canEdit}
            clearable
          />
          {canEdit ? (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          ) : (
            <Alert color="gray">{t('settings.adminOnly')}</Alert>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
