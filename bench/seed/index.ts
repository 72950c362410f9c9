export { CONTACT_COLUMNS, type ColumnSpec, pgArray, type SeedContext } from './columns';
export { type GenerateOptions, generateContacts, type SeedContact, uuidv7At } from './generate';
export { type SeedResult, type SeedTarget, seedContacts } from './load';
