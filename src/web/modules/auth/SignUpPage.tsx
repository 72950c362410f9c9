import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { hasSessionHint, useSessionQuery, useSignUp } from '../../api/session';
import { PageLoader } from '../../app/PageLoader';
import { describeError, fieldErrors, onlyFieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { AuthLayout } from './AuthLayout';

/** Creates a workspace and its first (admin) user. */
export function SignUpPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSessionQuery(hasSessionHint());
  const signUp = useSignUp();
  const form = useForm({ workspaceName: '', name: '', email: '', password: '' });

  if (session.isLoading) return <PageLoader fullScreen />;
  if (session.data) return <Navigate to="/contacts" replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['workspaceName', 'name', 'email', 'password'], t('errors.field.required')))
      return;
    const { workspaceName, name, email, password } = form.values;
    signUp.mutate(
      { workspaceName: workspaceName.trim(), name: name.trim(), email: email.trim(), password },
      {
        onSuccess: () => navigate('/contacts', { replace: true }),
        onError: (err) => form.setErrors(fieldErrors(t, err)),
      },
    );
  };

  const err = signUp.error;
  const showAlert = err && !onlyFieldErrors(err, ['workspaceName', 'name', 'email', 'password']);

  return (
    <AuthLayout
      title={t('auth.signUp.title')}
      subtitle={
        <>
          {t('auth.signUp.haveAccount')}{' '}
          <Anchor component={Link} to="/sign-in">
            {t('auth.signIn.link')}
          </Anchor>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {showAlert && (
            <Alert color="red" role="alert">
              {describeError(t, err)}
            </Alert>
          )}
          <TextInput
            label={t('fields.workspaceName')}
            description={t('auth.signUp.workspaceHint')}
            required
            data-autofocus
            autoComplete="organization"
            {...form.field('workspaceName')}
          />
          <TextInput label={t('fields.yourName')} required autoComplete="name" {...form.field('name')} />
          <TextInput
            label={t('fields.email')}
            type="email"
            required
            autoComplete="email"
            {...form.field('email')}
          />
          <PasswordInput
            label={t('fields.password')}
            description={t('auth.passwordHint')}
            required
            autoComplete="new-password"
            {...form.field('password')}
          />
          <Button type="submit" loading={signUp.isPending} fullWidth>
            {t('auth.signUp.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
