import { contactsCreate } from './contacts-create';
import { contactsList } from './contacts-list';
import type { Scenario } from './scenario';

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = [contactsCreate, contactsList];

export type { Scenario, Variant } from './scenario';
