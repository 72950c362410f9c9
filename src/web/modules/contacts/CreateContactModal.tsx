import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors, onlyFieldErrors } from '../../lib/errors';
import { useForm } from '../../lib/use-form';
import { useCreateContact } from './contacts.api';

/** The new-contact form: name, e-mail, phone. Server field errors appear on their field. */
export function CreateContactModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useForm({ name: '', email: '', phone: '' });
  const create = useCreateContact();
  // One key per filled-in form: a double submit or a retry after a lost response creates one contact.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());

  const close = () => {
    form.reset();
    create.reset();
    setIdempotencyKey(crypto.randomUUID());
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.requireFilled(['name'], t('errors.field.required'))) return;
    const { name, email, phone } = form.values;
    create.mutate(
      {
        input: { name: name.trim(), email: email.trim() || null, phone: phone.trim() || null },
        idempotencyKey,
      },
      {
        onSuccess: (created) => {
          notifications.show({
            color: 'teal',
            message: t('contacts.created', { name: created.contact.name }),
          });
          close();
        },
        onError: (err) => form.setErrors(fieldErrors(t, err)),
      },
    );
  };

  const err = create.error;
  const showAlert = err && !onlyFieldErrors(err, ['name', 'email', 'phone']);

  return (
    <Modal opened={opened} onClose={close} title={t('contacts.new')} centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          {showAlert && (
            <Alert color="red" role="alert">
              {describeError(t, err)}
            </Alert>
          )}
          <TextInput label={t('fields.name')} required data-autofocus {...form.field('name')} />
          <TextInput label={t('fields.email')} type="email" inputMode="email" {...form.field('email')} />
          <TextInput label={t('fields.phone')} type="tel" inputMode="tel" {...form.field('phone')} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
