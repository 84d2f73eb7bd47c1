// An attribute kind for ordered ACL values (gosaAclTemplate, gosaAclEntry): LDAP strings kept as read, a structured JSON form.
import { AclFormatError, sortByIndex, withIndex } from '../../acl/index.ts';
import type { AttributeDecl } from '../../model/declarations.ts';
import { type AttributeKind, type JsonSchema, type Problem, type Value, ValueError } from '../../model/kinds/index.ts';

/** How one kind of ACL value is read, written and shown. */
export interface OrderedAclFormat<T> {
  /** @throws AclFormatError */
  parse(value: string): T;
  /** @throws AclFormatError */
  format(item: T, index: number): string;
  toJson(item: T): unknown;
  /** @throws AclFormatError */
  fromJson(input: unknown, index: number): T;
  /** Problems beyond the format (DN and filter syntax). */
  problems?(item: T): string[];
  itemSchema: JsonSchema;
}

const asList = (value: Value): string[] => (Array.isArray(value) ? value : []);

/**
 * The value is the list of LDAP strings, in index order, exactly as stored: an entry nobody changed is never
 * rewritten, and a value another tool wrote oddly is shown and reported by `check` rather than lost. Writing
 * re-numbers the indexes 0..n-1, as FusionDirectory does. In JSON, a value that cannot be read is given as its
 * LDAP string (and a string item is taken as the LDAP form), so reading then writing back never drops a line.
 */
export function orderedAclKind<T>(format: OrderedAclFormat<T>): AttributeKind {
  const item = (decl: AttributeDecl, i: number, run: () => string): string => {
    try {
      return run();
    } catch (e) {
      if (e instanceof AclFormatError) throw new ValueError(`"${decl.name}", value ${i + 1}: ${e.message}`);
      throw e;
    }
  };
  return {
    multiValued: true,
    binary: false,
    empty: () => [],
    decode: (values) => sortByIndex(values.map((v) => (typeof v === 'string' ? v : v.toString('utf8')))),
    encode: (value) => asList(value).map((v, i) => withIndex(v, i)),
    fromJson: (input, decl) => {
      if (input === null || input === undefined || input === '') return [];
      const items: unknown[] = Array.isArray(input) ? input : [input];
      return items.map((json, i) => item(decl, i, () => format.format(typeof json === 'string' ? format.parse(withIndex(json, i)) : format.fromJson(json, i), i)));
    },
    toJson: (value) =>
      asList(value).map((v) => {
        try {
          return format.toJson(format.parse(v));
        } catch (e) {
          if (e instanceof AclFormatError) return v;
          throw e;
        }
      }),
    check: (value, decl) => {
      const problems: Problem[] = [];
      asList(value).forEach((v, i) => {
        let parsed: T;
        try {
          parsed = format.parse(v);
        } catch (e) {
          if (!(e instanceof AclFormatError)) throw e;
          problems.push({ code: 'value.acl', message: `"${decl.name}", value ${i + 1}: ${e.message}`, params: { index: i } });
          return;
        }
        for (const message of format.problems?.(parsed) ?? []) problems.push({ code: 'value.acl', message: `"${decl.name}", value ${i + 1}: ${message}`, params: { index: i } });
      });
      return problems;
    },
    isEmpty: (value) => asList(value).length === 0,
    jsonSchema: () => ({ type: 'array', items: { oneOf: [format.itemSchema, { type: 'string', description: 'The LDAP form of the value, as stored (given back when it cannot be read).' }] } }),
  };
}
