export {
  COMPANY_COLUMNS,
  CONTACT_COLUMNS,
  type ColumnSpec,
  LINK_COLUMNS,
  pgArray,
  type SeedContext,
} from './columns';
export {
  type DatasetOptions,
  type GenerateOptions,
  generateCompanies,
  generateContacts,
  generateDataset,
  type PlantedPair,
  type SeedCompany,
  type SeedContact,
  uuidv7At,
} from './generate';
export {
  type DatasetResult,
  type SeedDatasetOptions,
  type SeedResult,
  type SeedTarget,
  seedContacts,
  seedDataset,
} from './load';
