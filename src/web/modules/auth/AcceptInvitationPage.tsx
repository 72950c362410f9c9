import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAcceptInvitation, useSessionQuery } from '../../api/session';
import { PageLoader } from '../../app/PageLoader';
import { signInPath } from '../../app/paths';
import { describeError, fieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { AuthLayout } from './AuthLayout';

/** Joins the workspace an invitation is for: signed-in users in one click, newcomers with a name and password. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const session = useSessionQuery();
  const accept = useAcceptInvitation();
  const form = useForm({ name: '', password: '' });

  if (session.isPending) return <PageLoader fullScreen />;
  const signedIn = Boolean(session.data);

  const done = () => navigate('/contacts', { replace: true });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (signedIn) {
      accept.mutate({ token }, { onSuccess: done });
      return;
    }
    if (!form.requireFilled(['name', 'password'], t('errors.field.required'))) return;
    accept.mutate(
      { token, name: form.values.name.trim(), password: form.values.password },
      { onSuccess: done, onError: (err) => form.setErrors(fieldErrors(t, err)) },
    );
  };

  const err = accept.error;
  const message =
    err instanceof ApiError && (err.status === 404 || err.status === 410)
      ? t('auth.invite.invalid')
      : err && !(err instanceof ApiError && err.errors.length > 0)
        ? describeError(t, err)
        : null;

  return (
    <AuthLayout title={t('auth.invite.title')} subtitle={t('auth.invite.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {message && (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          )}
          {signedIn ? (
            <Text size="sm">{t('auth.invite.asUser', { name: session.data?.user.name })}</Text>
          ) : (
            <>
              <TextInput label={t('fields.yourName')} required autoComplete="name" {...form.field('name')} />
              <PasswordInput
                label={t('fields.password')}
                required
                autoComplete="new-password"
                {...form.field('password')}
              />
            </>
          )}
          <Button type="submit" loading={accept.isPending} fullWidth>
            {t('auth.invite.submit')}
          </Button>
          {!signedIn && (
            <Text size="sm" ta="center" c="dimmed">
              {t('auth.invite.haveAccount')}{' '}
              <Anchor component={Link} to={signInPath(`/invite/${token}`)}>
                {t('auth.signIn.link')}
              </Anchor>
            </Text>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}
