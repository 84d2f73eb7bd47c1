// FusionDirectory's template mask language and template storage: the public entry point of this folder.
export * from './mask.ts';
export * from './MaskError.ts';
export * from './IncrementalCounters.ts';
export * from './templateStorage.ts';
export { formatPhpDate, parseDateExpression, resolveDateExpression, daysSinceEpoch } from './phpDate.ts';
export { removeAccents, transliterate } from './transliterate.ts';
