export { compileFilter, compilePlan } from './compile';
export { customField, customFields, type FieldDescriptor, type FieldDescriptors } from './fields';
export { compileSort, cursorPredicate, decodeCursor, encodeCursor, sortKeySql } from './sort';
