// The shape of an LDAP schema definition the project ships: plain data, turned into cn=config LDIF.

/** An attribute type (RFC 4512 §4.1.2) as Trousseau declares it. */
export interface AttributeTypeDef {
  oid: string;
  /** First name is the primary one; further names are aliases. */
  names: string[];
  desc?: string;
  sup?: string;
  equality?: string;
  ordering?: string;
  substr?: string;
  /** Syntax OID, optionally with a length bound: `1.3.6.1.4.1.1466.115.121.1.15{256}`. */
  syntax?: string;
  singleValue?: boolean;
  collective?: boolean;
  noUserModification?: boolean;
  usage?: 'userApplications' | 'directoryOperation' | 'distributedOperation' | 'dSAOperation';
  obsolete?: boolean;
  /** `X-` extensions (X-ORIGIN, X-ORDERED…), name as written → values. */
  extensions?: Record<string, string[]>;
}

export type ObjectClassKind = 'STRUCTURAL' | 'AUXILIARY' | 'ABSTRACT';

/** An object class (RFC 4512 §4.1.1) as Trousseau declares it. */
export interface ObjectClassDef {
  oid: string;
  names: string[];
  desc?: string;
  sup?: string[];
  /** OpenLDAP treats a class without a kind keyword as STRUCTURAL; we always state it. */
  kind: ObjectClassKind;
  must?: string[];
  may?: string[];
  obsolete?: boolean;
  /** `X-` extensions (X-ORIGIN…), name as written → values. */
  extensions?: Record<string, string[]>;
}

/** One schema, installed as one `cn={n}<name>,cn=schema,cn=config` entry. */
export interface SchemaDef {
  /** Entry name in cn=schema,cn=config, e.g. `core-fd`. */
  name: string;
  /** Other schemas (ours or the stock ones: core, cosine, inetorgperson, nis, dyngroup…) it needs first. */
  dependsOn: string[];
  /** OID macros (`objectIdentifier` lines), name → OID or `macro:suffix`. */
  objectIdentifiers?: Record<string, string>;
  attributeTypes: AttributeTypeDef[];
  objectClasses: ObjectClassDef[];
}
