import { contactsCreate } from './contacts-create';
import { contactsImport } from './contacts-import';
import { contactsList } from './contacts-list';
import { duplicatesScan } from './duplicates-scan';
import type { Scenario } from './scenario';
import { search } from './search';

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [
  contactsCreate,
  contactsList,
  search,
  duplicatesScan,
  contactsImport,
];

export type { Scenario, Variant } from './scenario';
