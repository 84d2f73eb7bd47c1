// LDAP syntax OIDs by their RFC 4517 names, so schema definitions read as words rather than numbers.

const PREFIX = '1.3.6.1.4.1.1466.115.121.1';

/** The syntaxes our schemas (and the usual stock ones) use. */
export const Syntax = {
  Binary: `${PREFIX}.5`,
  BitString: `${PREFIX}.6`,
  Boolean: `${PREFIX}.7`,
  Certificate: `${PREFIX}.8`,
  CountryString: `${PREFIX}.11`,
  DN: `${PREFIX}.12`,
  DirectoryString: `${PREFIX}.15`,
  FacsimileTelephoneNumber: `${PREFIX}.22`,
  GeneralizedTime: `${PREFIX}.24`,
  IA5String: `${PREFIX}.26`,
  Integer: `${PREFIX}.27`,
  JPEG: `${PREFIX}.28`,
  NameAndOptionalUID: `${PREFIX}.34`,
  NumericString: `${PREFIX}.36`,
  OID: `${PREFIX}.38`,
  OctetString: `${PREFIX}.40`,
  PostalAddress: `${PREFIX}.41`,
  PrintableString: `${PREFIX}.44`,
  TelephoneNumber: `${PREFIX}.50`,
} as const;

export type SyntaxName = keyof typeof Syntax;

/**
 * A syntax OID with an upper length bound, as written in SYNTAX.
 * @example withLength(Syntax.DirectoryString, 128) // '1.3.6.1.4.1.1466.115.121.1.15{128}'
 */
export function withLength(syntax: string, bound: number): string {
  return `${syntax}{${bound}}`;
}

/** Splits `1.3…15{128}` into the OID and the bound (undefined when absent). */
export function splitSyntax(syntax: string): { oid: string; bound?: number } {
  const match = /^(.*)\{(\d+)\}$/.exec(syntax);
  return match ? { oid: match[1] as string, bound: Number(match[2]) } : { oid: syntax };
}

/** The RFC 4517 name of a syntax OID (bound ignored), when it is one we know. */
export function syntaxName(syntax: string): SyntaxName | undefined {
  const { oid } = splitSyntax(syntax);
  return (Object.keys(Syntax) as SyntaxName[]).find((name) => Syntax[name] === oid);
}
