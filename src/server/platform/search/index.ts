export { searchDdl } from './ddl.js';
export { buildSearchDocument, type SearchDocument, type SearchSource } from './document.js';
export {
  buildSearchQuery,
  type SearchColumns,
  type SearchQuery,
  type SearchSelectOptions,
  type SearchTerm,
  searchPredicate,
  searchRank,
  searchSelect,
  searchTiers,
} from './query.js';
