import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { hasSessionHint, useAcceptInvitation, useSessionQuery } from '../../api/session';
import { PageLoader } from '../../app/PageLoader';
import { signInPath } from '../../app/paths';
import { describeError, fieldErrors, onlyFieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { AuthLayout } from './AuthLayout';

/**
 * Joins the workspace an invitation is for. Someone new gives a name and a password; someone with
 * an account gives that account's password.
 */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const session = useSessionQuery(hasSessionHint());
  const accept = useAcceptInvitation();
  const form = useForm({ name: '', password: '' });

  if (session.isLoading) return <PageLoader fullScreen />;
  const signedInAs = session.data?.user.name;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['password'], t('errors.field.required'))) return;
    accept.mutate(
      { token, name: form.values.name.trim() || undefined, password: form.values.password },
      {
        onSuccess: () => navigate('/contacts', { replace: true }),
        onError: (err) => form.setErrors(fieldErrors(t, err)),
      },
    );
  };

  const err = accept.error;
  let message: string | null = null;
  if (err instanceof ApiError && err.status === 404) message = t('auth.invite.invalid');
  else if (err instanceof ApiError && err.code === 'invalid_credentials')
    message = t('auth.invite.wrongPassword');
  else if (err && !onlyFieldErrors(err, ['name', 'password'])) message = describeError(t, err);

  return (
    <AuthLayout title={t('auth.invite.title')} subtitle={t('auth.invite.subtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {message && (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          )}
          {signedInAs ? (
            <Text size="sm">{t('auth.invite.asUser', { name: signedInAs })}</Text>
          ) : (
            <TextInput
              label={t('fields.yourName')}
              description={t('auth.invite.nameHint')}
              autoComplete="name"
              data-autofocus
              {...form.field('name')}
            />
          )}
          <PasswordInput
            label={t('fields.password')}
            description={t('auth.invite.passwordHint')}
            required
            autoComplete="current-password"
            {...form.field('password')}
          />
          <Button type="submit" loading={accept.isPending} fullWidth>
            {t('auth.invite.submit')}
          </Button>
          {!signedInAs && (
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
