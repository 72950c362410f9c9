import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { hasSessionHint, useSessionQuery, useSignIn } from '../../api/session';
import { PageLoader } from '../../app/PageLoader';
import { safeNext } from '../../app/paths';
import { describeError, fieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { AuthLayout } from './AuthLayout';

/** Sign in with e-mail and password, then return to where the user was going. */
export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSessionQuery(hasSessionHint());
  const signIn = useSignIn();
  const form = useForm({ email: '', password: '' });

  if (session.isLoading) return <PageLoader fullScreen />;
  if (session.data) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['email', 'password'], t('errors.field.required'))) return;
    signIn.mutate(
      { email: form.values.email.trim(), password: form.values.password },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onError: (err) => form.setErrors(fieldErrors(t, err)),
      },
    );
  };

  const error = signIn.error;
  const message =
    error instanceof ApiError && error.status === 401
      ? t('auth.badCredentials')
      : error instanceof ApiError && error.status === 429
        ? t('auth.lockedOut')
        : error
          ? describeError(t, error)
          : null;

  return (
    <AuthLayout
      title={t('auth.signIn.title')}
      subtitle={
        <>
          {t('auth.signIn.noAccount')}{' '}
          <Anchor component={Link} to="/sign-up">
            {t('auth.signUp.link')}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {message && (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          )}
          <TextInput
            label={t('fields.email')}
            type="email"
            autoComplete="email"
            required
            data-autofocus
            {...form.field('email')}
          />
          <PasswordInput
            label={t('fields.password')}
            autoComplete="current-password"
            required
            {...form.field('password')}
          />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            {t('auth.signIn.submit')}
          </Button>
          {params.get('next') && (
            <Text size="xs" c="dimmed" ta="center">
              {t('auth.signIn.continueHint')}
            </Text>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}
