// The list index: in-memory, always-current read models of object types for instant lists.
export { ListIndex, ListIndexNotReadyError } from './ListIndex.ts';
export type { ListIndexOptions, ListIndexStatus, ListPage, ListQuery, ListRow, ListSortKey } from './ListIndex.ts';
export { NotEvaluableError } from './compileFilter.ts';
export { MatchingTable } from './matching.ts';
export type { AttributeMatching, EqualityRule, OrderingRule, SubstringsRule } from './matching.ts';
export { foldText } from './fold.ts';
