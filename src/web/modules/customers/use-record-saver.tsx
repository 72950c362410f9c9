import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { describeError, fieldErrors } from '../../lib/errors';
import { type Conflict, ConflictDialog } from './ConflictDialog';
import type { FieldMeta, ObjectType } from './metadata.api';
import {
  type CustomerRecord,
  fetchRecord,
  recordKeys,
  refreshLists,
  updateRecord,
  type Versioned,
} from './records.api';

/**
 * Saves changes with If-Match. A 412 opens the conflict dialog (theirs vs mine); the user keeps
 * theirs or overwrites. Field errors come back as a message for the field being edited.
 */
export function useRecordSaver(objectType: ObjectType, compare: FieldMeta[]) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);

  const stored = (next: Versioned) => {
    client.setQueryData(recordKeys.detail(objectType, next.record.id), next);
    void client.invalidateQueries({ queryKey: recordKeys.overview(objectType, next.record.id) });
    void refreshLists(client, objectType);
  };

  /** Saves; a 412 opens the conflict dialog ('conflict'); other errors are thrown. */
  const trySave = async (
    base: CustomerRecord,
    etag: string,
    changes: Record<string, unknown>,
    fields: FieldMeta[],
  ): Promise<'saved' | 'conflict'> => {
    try {
      stored(await updateRecord(objectType, base.id, changes, etag));
      notifications.show({ color: 'teal', message: t('contacts.saved') });
      return 'saved';
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 412)) throw err;
      // The server sends its current record with the 412; read it if it did not.
      const sent = err.body.current as CustomerRecord | undefined;
      const theirs = sent ?? (await fetchRecord(objectType, base.id)).record;
      setConflict({ base, theirs, mine: changes, fields });
      return 'conflict';
    }
  };

  /** Resolves to an error message for the field, or null when saved or handed to the conflict dialog. */
  const save = async (
    base: CustomerRecord,
    etag: string,
    changes: Record<string, unknown>,
    fields: FieldMeta[],
  ): Promise<string | null> => {
    try {
      await trySave(base, etag, changes, fields);
      return null;
    } catch (err) {
      const errors = fieldErrors(t, err);
      const own = fields.map((f) => errors[f.source === 'custom' ? `custom.${f.key}` : f.key]).find(Boolean);
      return own ?? Object.values(errors)[0] ?? describeError(t, err);
    }
  };

  const keepTheirs = () => {
    if (conflict) {
      void client.invalidateQueries({ queryKey: recordKeys.detail(objectType, conflict.base.id) });
      void refreshLists(client, objectType);
    }
    setConflict(null);
  };

  const overwrite = async () => {
    if (!conflict) return;
    setBusy(true);
    try {
      const current = await fetchRecord(objectType, conflict.base.id);
      stored(await updateRecord(objectType, conflict.base.id, conflict.mine, current.etag));
      setConflict(null);
      notifications.show({ color: 'teal', message: t('contacts.saved') });
    } catch (err) {
      notifications.show({ color: 'red', message: describeError(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const dialog = (
    <ConflictDialog
      conflict={conflict}
      busy={busy}
      compare={compare}
      onKeepTheirs={keepTheirs}
      onOverwrite={() => void overwrite()}
    />
  );
  return { save, trySave, dialog, stored };
}
