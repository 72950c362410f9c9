import { contactsCreate } from './contacts-create';
import { contactsList } from './contacts-list';
import { duplicatesScan } from './duplicates-scan';
import type { Scenario } from './scenario';
import { search } from './search';

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [contactsCreate, contactsList, search, duplicatesScan];

export type { Scenario, Variant } from './scenario';
