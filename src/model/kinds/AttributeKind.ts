// The contract of an attribute kind: how its values go to and from LDAP and JSON, and how they are checked.
import type { AttributeDecl, Choice } from '../declarations.ts';

/** A value as the engine holds it: the JSON form, with bytes for binary attributes. */
export type Value = string | number | boolean | null | Buffer | string[];

/** What a check may need that is not in the declaration (resolved by the caller). */
export interface CheckContext {
  /** The choices of a select whose choices come from the configuration or from objects. */
  choices?: Choice[];
  /** The codes of selects with `choicesFromNomenclature` (src/nomenclatures); without it, they are not checked. */
  nomenclatures?: NomenclatureLookup;
  /** The object's current values of another attribute of the same tab (`choicesFromValues`); without it, not checked. */
  valuesOf?(attribute: string): string[];
  /** Values of a configuration key, for selects (and composite parts) with `choicesFromConfig`; without it, those parts are not checked. */
  configList?(key: string): string[];
  /** Values the attribute (or its parts) held when the object was opened: kept although a nomenclature lost them. */
  stored?: ReadonlySet<string>;
}

/** What a select needs to know of the nomenclatures (src/nomenclatures/Nomenclatures.ts implements it). */
export interface NomenclatureLookup {
  /** Whether `value` is a choice of the list (`{PREFIX}code` for prefixed lists). */
  has(list: string, prefixed: boolean, value: string): boolean;
  /** The prefixes of the list's `<list>_<PREFIX>` files. */
  prefixes(list: string): string[];
  /** How many choices the list has (0: no file of it is installed). */
  size(list: string, prefixed: boolean): number;
}

/** One problem with a value: a stable `code` (`value.pattern`, `value.range`…) and an English message with its parameters filled in. */
export interface Problem {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

/** A value a client sent that cannot be used: the message says why, in a user's words. */
export class ValueError extends Error {
  override name = 'ValueError';
  /** The attribute at fault, when the thrower knows it better than its caller. */
  readonly attribute?: string;
  constructor(message: string, attribute?: string) {
    super(message);
    if (attribute !== undefined) this.attribute = attribute;
  }
}

/** JSON Schema (OpenAPI 3.1 dialect) of an attribute's JSON form. */
export type JsonSchema = Record<string, unknown>;

export interface AttributeKind {
  /** Several LDAP values (JSON array) or one. */
  readonly multiValued: boolean;
  /** Whether the value is stored as bytes. */
  readonly binary: boolean;
  /** The value when LDAP has none. */
  empty(decl: AttributeDecl): Value;
  /** LDAP values → value (tolerant: FusionDirectory-written oddities are read, never written). */
  decode(values: readonly (string | Buffer)[], decl: AttributeDecl): Value;
  /** Value → LDAP values; an empty list removes the attribute. */
  encode(value: Value, decl: AttributeDecl): string[] | Buffer[];
  /** JSON from a client → value; throws ValueError for the wrong type or shape. */
  fromJson(input: unknown, decl: AttributeDecl): Value;
  /** Value → JSON for a client. */
  toJson(value: Value, decl: AttributeDecl): unknown;
  /** Problems of a non-empty value (pattern, range, choices…). */
  check(value: Value, decl: AttributeDecl, context: CheckContext): Problem[];
  isEmpty(value: Value): boolean;
  jsonSchema(decl: AttributeDecl): JsonSchema;
}
