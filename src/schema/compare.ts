// Field-by-field comparison of two definitions of the same attribute type or object class, the way slapd
// sees them: names and rule names are case-insensitive, MUST/MAY/SUP lists are sets.
import { splitSyntax } from './syntaxes.ts';
import type { AttributeTypeDef, ObjectClassDef } from './types.ts';

/** One field that differs; values are normalised for display (lists sorted, names lower-cased). */
export interface DefinitionDifference {
  field: string;
  ours: unknown;
  theirs: unknown;
}

export interface CompareOptions {
  /** Skip DESC (servers sometimes rewrite it). */
  ignoreDesc?: boolean;
  /** Skip X- extensions (slapd adds X-ORDERED to its own attributes, for instance). */
  ignoreExtensions?: boolean;
}

const lower = (value: string | undefined): string | undefined => value?.toLowerCase();
const set = (values: string[] | undefined): string[] => [...new Set((values ?? []).map((v) => v.toLowerCase()))].sort();
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function extensionsKey(extensions: Record<string, string[]> | undefined): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(extensions ?? {})
      .map(([name, values]): [string, string[]] => [name.toUpperCase(), values])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function collect(fields: Array<[string, unknown, unknown]>): DefinitionDifference[] {
  return fields.filter(([, ours, theirs]) => !same(ours, theirs)).map(([field, ours, theirs]) => ({ field, ours, theirs }));
}

/** Differences between two attribute types (empty when equal). */
export function attributeTypeDifferences(
  ours: AttributeTypeDef,
  theirs: AttributeTypeDef,
  options: CompareOptions = {},
): DefinitionDifference[] {
  const syntax = (def: AttributeTypeDef) => (def.syntax === undefined ? undefined : splitSyntax(def.syntax));
  return collect([
    ['oid', ours.oid, theirs.oid],
    ['names', ours.names.map((n) => n.toLowerCase()), theirs.names.map((n) => n.toLowerCase())],
    ...(options.ignoreDesc ? [] : [['desc', ours.desc, theirs.desc] as [string, unknown, unknown]]),
    ['obsolete', ours.obsolete ?? false, theirs.obsolete ?? false],
    ['sup', lower(ours.sup), lower(theirs.sup)],
    ['equality', lower(ours.equality), lower(theirs.equality)],
    ['ordering', lower(ours.ordering), lower(theirs.ordering)],
    ['substr', lower(ours.substr), lower(theirs.substr)],
    ['syntax', syntax(ours), syntax(theirs)],
    ['singleValue', ours.singleValue ?? false, theirs.singleValue ?? false],
    ['collective', ours.collective ?? false, theirs.collective ?? false],
    ['noUserModification', ours.noUserModification ?? false, theirs.noUserModification ?? false],
    ['usage', ours.usage ?? 'userApplications', theirs.usage ?? 'userApplications'],
    ...(options.ignoreExtensions
      ? []
      : [['extensions', extensionsKey(ours.extensions), extensionsKey(theirs.extensions)] as [string, unknown, unknown]]),
  ]);
}

/**
 * Differences between two object classes (empty when equal). A STRUCTURAL class without SUP counts as
 * `SUP top`, since slapd adds it.
 */
export function objectClassDifferences(
  ours: ObjectClassDef,
  theirs: ObjectClassDef,
  options: CompareOptions = {},
): DefinitionDifference[] {
  const sup = (def: ObjectClassDef) =>
    def.kind === 'STRUCTURAL' && (def.sup ?? []).length === 0 ? ['top'] : set(def.sup);
  return collect([
    ['oid', ours.oid, theirs.oid],
    ['names', ours.names.map((n) => n.toLowerCase()), theirs.names.map((n) => n.toLowerCase())],
    ...(options.ignoreDesc ? [] : [['desc', ours.desc, theirs.desc] as [string, unknown, unknown]]),
    ['obsolete', ours.obsolete ?? false, theirs.obsolete ?? false],
    ['sup', sup(ours), sup(theirs)],
    ['kind', ours.kind, theirs.kind],
    ['must', set(ours.must), set(theirs.must)],
    ['may', set(ours.may), set(theirs.may)],
    ...(options.ignoreExtensions
      ? []
      : [['extensions', extensionsKey(ours.extensions), extensionsKey(theirs.extensions)] as [string, unknown, unknown]]),
  ]);
}
