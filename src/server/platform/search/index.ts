export { searchDdl } from './ddl.js';
export { buildSearchDocument, type SearchDocument, type SearchSource } from './document.js';
export {
  buildSearchQuery,
  type SearchColumns,
  type SearchQuery,
  type SearchTerm,
  searchPredicate,
  searchRank,
  type SearchSelectOptions,
  searchSelect,
  searchTiers,
} from './query.js';
