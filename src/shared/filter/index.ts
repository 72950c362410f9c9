export { FilterError, type FilterIssue, type FilterIssueCode } from './errors';
export { compileEvaluator, evaluateFilter, type FilterRecord, readValue } from './evaluate';
export {
  FIELD_TYPES,
  FILTER_LIMITS,
  type FieldDef,
  type FieldMap,
  type FieldType,
  getField,
  NEGATIVE_OPERATORS,
  OPERATORS,
  OPERATORS_BY_TYPE,
  type Operator,
  RELATIVE_DATE_OPERATORS,
  SORTABLE_TYPES,
} from './operators';
export { parseFilterParam } from './param';
export {
  type FilterCondition,
  type FilterNode,
  type FilterValue,
  filterConditionSchema,
  filterNodeSchema,
  type SortKey,
  type SortSpec,
  sortKeySchema,
  sortSpecSchema,
} from './schema';
export { formatSortParam, parseSortParam, validateSort } from './sort';
export {
  CURRENT_USER,
  type FilterContext,
  type PlanCondition,
  type PlanGroup,
  type PlanNode,
  type PlanOptions,
  type PlanRange,
  type PlanScalar,
  planFilter,
  validateFilter,
} from './validate';
export {
  addDays,
  compareDecimal,
  dateInZone,
  foldCase,
  isIsoDate,
  isUuid,
  parseIsoDateTime,
  startOfDayInZone,
  toDecimalString,
} from './values';
