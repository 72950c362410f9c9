import { Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RecordListPage } from '../customers/RecordListPage';

/** Contacts: search, filter builder, saved views, columns, bulk actions, inline edit, import. */
export function ContactsListPage() {
  const { t } = useTranslation();
  return (
    <RecordListPage
      objectType="contact"
      actions={
        <Button
          component={Link}
          to="/imports/new"
          variant="default"
          leftSection={<IconFileImport size={16} />}
          data-testid="contacts-import"
        >
          {t('imports.new')}
        </Button>
      }
    />
  );
}
