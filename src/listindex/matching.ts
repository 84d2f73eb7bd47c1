// Which matching rules an indexed attribute has (equality, ordering, substrings), so that filters are
// evaluated in memory exactly as the server would, or refused when we cannot. From the server's
// schema when given, else from a table of the standard attributes, plus caller overrides.
import type { AttributeTypeDef } from '../schema/types.ts';

/** How values of an attribute compare, per kind of filter item. */
export type EqualityRule = 'caseIgnore' | 'caseExact' | 'integer' | 'dn' | 'oid' | 'boolean' | 'generalizedTime' | 'telephone' | 'numericString' | 'octet' | 'csn' | 'uuid';
export type OrderingRule = 'caseIgnore' | 'caseExact' | 'integer' | 'generalizedTime' | 'numericString' | 'octet' | 'csn' | 'uuid';
export type SubstringsRule = 'caseIgnore' | 'caseExact' | 'telephone' | 'numericString' | 'octet';

export interface AttributeMatching {
  equality?: EqualityRule;
  ordering?: OrderingRule;
  substrings?: SubstringsRule;
}

/** Matching rule names (lower-case) and OIDs → our rule kinds (RFC 4517, OpenLDAP's extras). */
const EQUALITY_RULES: Record<string, EqualityRule> = {
  caseignorematch: 'caseIgnore', '2.5.13.2': 'caseIgnore',
  caseignoreia5match: 'caseIgnore', '1.3.6.1.4.1.1466.109.114.2': 'caseIgnore',
  caseexactmatch: 'caseExact', '2.5.13.5': 'caseExact',
  caseexactia5match: 'caseExact', '1.3.6.1.4.1.1466.109.114.1': 'caseExact',
  integermatch: 'integer', '2.5.13.14': 'integer',
  distinguishednamematch: 'dn', '2.5.13.1': 'dn',
  objectidentifiermatch: 'oid', '2.5.13.0': 'oid',
  booleanmatch: 'boolean', '2.5.13.13': 'boolean',
  generalizedtimematch: 'generalizedTime', '2.5.13.27': 'generalizedTime',
  telephonenumbermatch: 'telephone', '2.5.13.20': 'telephone',
  numericstringmatch: 'numericString', '2.5.13.8': 'numericString',
  octetstringmatch: 'octet', '2.5.13.17': 'octet',
  csnmatch: 'csn', '1.3.6.1.4.1.4203.666.11.2.2': 'csn',
  uuidmatch: 'uuid', '1.3.6.1.1.16.2': 'uuid',
};
const ORDERING_RULES: Record<string, OrderingRule> = {
  caseignoreorderingmatch: 'caseIgnore', '2.5.13.3': 'caseIgnore',
  caseexactorderingmatch: 'caseExact', '2.5.13.6': 'caseExact',
  integerorderingmatch: 'integer', '2.5.13.15': 'integer',
  generalizedtimeorderingmatch: 'generalizedTime', '2.5.13.28': 'generalizedTime',
  numericstringorderingmatch: 'numericString', '2.5.13.9': 'numericString',
  octetstringorderingmatch: 'octet', '2.5.13.18': 'octet',
  csnorderingmatch: 'csn', '1.3.6.1.4.1.4203.666.11.2.3': 'csn',
  uuidorderingmatch: 'uuid', '1.3.6.1.1.16.3': 'uuid',
};
const SUBSTRINGS_RULES: Record<string, SubstringsRule> = {
  caseignoresubstringsmatch: 'caseIgnore', '2.5.13.4': 'caseIgnore',
  caseignoreia5substringsmatch: 'caseIgnore', '1.3.6.1.4.1.1466.109.114.3': 'caseIgnore',
  caseexactsubstringsmatch: 'caseExact', '2.5.13.7': 'caseExact',
  caseexactia5substringsmatch: 'caseExact',
  telephonenumbersubstringsmatch: 'telephone', '2.5.13.21': 'telephone',
  numericstringsubstringsmatch: 'numericString', '2.5.13.10': 'numericString',
  octetstringsubstringsmatch: 'octet', '2.5.13.19': 'octet',
};

const NAME: AttributeMatching = { equality: 'caseIgnore', substrings: 'caseIgnore' };
const EXACT: AttributeMatching = { equality: 'caseExact', substrings: 'caseExact' };
const INTEGER: AttributeMatching = { equality: 'integer', ordering: 'integer' };
const DN: AttributeMatching = { equality: 'dn' };
const TIME: AttributeMatching = { equality: 'generalizedTime', ordering: 'generalizedTime' };
const PHONE: AttributeMatching = { equality: 'telephone', substrings: 'telephone' };

/**
 * The standard attributes (RFC 4519, 4524, 2798, 2307/NIS, OpenLDAP operational), by lower-case
 * primary name, as the OpenLDAP schema declares them. Aliases are in {@link STANDARD_ALIASES}.
 */
const STANDARD: Record<string, AttributeMatching> = {
  cn: NAME, sn: NAME, givenname: NAME, initials: NAME, generationqualifier: NAME, ou: NAME, o: NAME, l: NAME, st: NAME, street: NAME,
  title: NAME, description: NAME, businesscategory: NAME, postalcode: NAME, postofficebox: NAME, physicaldeliveryofficename: NAME,
  displayname: NAME, employeenumber: NAME, employeetype: NAME, departmentnumber: NAME, preferredlanguage: NAME, carlicense: NAME,
  roomnumber: NAME, uid: NAME, c: NAME, name: NAME, gecos: { equality: 'caseIgnore', substrings: 'caseIgnore' },
  mail: NAME, dc: NAME, associateddomain: NAME, host: NAME, personaltitle: NAME,
  homedirectory: { equality: 'caseExact' }, loginshell: { equality: 'caseExact' }, memberuid: EXACT, labeleduri: { equality: 'caseExact' },
  uidnumber: INTEGER, gidnumber: INTEGER, shadowlastchange: INTEGER, shadowmin: INTEGER, shadowmax: INTEGER, shadowwarning: INTEGER,
  shadowinactive: INTEGER, shadowexpire: INTEGER, shadowflag: INTEGER,
  telephonenumber: PHONE, mobile: PHONE, homephone: PHONE, pager: PHONE, facsimiletelephonenumber: PHONE,
  objectclass: { equality: 'oid' }, structuralobjectclass: { equality: 'oid' },
  member: DN, uniquemember: {}, manager: DN, owner: DN, seealso: DN, secretary: DN, roleoccupant: DN, memberof: DN,
  creatorsname: DN, modifiersname: DN, entrydn: DN,
  createtimestamp: TIME, modifytimestamp: TIME, pwdchangedtime: TIME, pwdaccountlockedtime: TIME,
  entrycsn: { equality: 'csn', ordering: 'csn' }, entryuuid: { equality: 'uuid', ordering: 'uuid' },
};

/** Lower-case aliases of standard attribute names → their primary lower-case name. */
export const STANDARD_ALIASES: Record<string, string> = {
  commonname: 'cn', surname: 'sn', gn: 'givenname', organizationalunitname: 'ou', organizationname: 'o', localityname: 'l',
  stateorprovincename: 'st', streetaddress: 'street', countryname: 'c', userid: 'uid', rfc822mailbox: 'mail',
  domaincomponent: 'dc', mobiletelephonenumber: 'mobile', hometelephonenumber: 'homephone', pagertelephonenumber: 'pager',
  fax: 'facsimiletelephonenumber',
};

export interface MatchingTableOptions {
  /** The server's attribute types (e.g. `await gateway.readSubschema()`): rules inherited through SUP. */
  schema?: { attributeTypes: AttributeTypeDef[] };
  /** Attributes compared with caseIgnoreMatch and caseIgnoreSubstringsMatch (no ordering). */
  caseIgnoreAttributes?: string[];
  /** Explicit rules, by attribute name; win over everything else. */
  matching?: Record<string, AttributeMatching>;
}

/** Resolves attribute names (any alias, any case) to a canonical name and its matching rules. */
export class MatchingTable {
  private readonly aliases = new Map<string, string>();
  private readonly rules = new Map<string, AttributeMatching>();
  /** Attribute types other types derive from (a filter on them also matches the subtypes). */
  private readonly supertypes = new Set<string>(['name', 'distinguishedname']);

  public constructor(options: MatchingTableOptions = {}) {
    for (const [alias, name] of Object.entries(STANDARD_ALIASES)) this.aliases.set(alias, name);
    for (const [name, rule] of Object.entries(STANDARD)) this.rules.set(name, rule);
    if (options.schema) this.loadSchema(options.schema.attributeTypes);
    for (const name of options.caseIgnoreAttributes ?? []) this.set(name, NAME);
    for (const [name, rule] of Object.entries(options.matching ?? {})) this.set(name, rule);
  }

  private loadSchema(types: AttributeTypeDef[]): void {
    const byName = new Map<string, AttributeTypeDef>();
    for (const t of types) {
      const names = t.names.map((n) => n.toLowerCase());
      const primary = names[0] ?? t.oid;
      for (const n of [...names, t.oid]) {
        byName.set(n, t);
        if (n !== primary) this.aliases.set(n, primary);
      }
    }
    for (const t of types) if (t.sup !== undefined) this.supertypes.add(this.canonical(t.sup));
    const resolve = (t: AttributeTypeDef, field: 'equality' | 'ordering' | 'substr', depth = 0): string | undefined => {
      if (t[field] !== undefined) return t[field];
      const sup = t.sup === undefined ? undefined : byName.get(t.sup.toLowerCase());
      return sup && depth < 16 ? resolve(sup, field, depth + 1) : undefined;
    };
    for (const t of types) {
      const primary = (t.names[0] ?? t.oid).toLowerCase();
      const rule: AttributeMatching = {};
      const eq = resolve(t, 'equality');
      const ord = resolve(t, 'ordering');
      const sub = resolve(t, 'substr');
      const e = eq === undefined ? undefined : EQUALITY_RULES[eq.toLowerCase()];
      const o = ord === undefined ? undefined : ORDERING_RULES[ord.toLowerCase()];
      const s = sub === undefined ? undefined : SUBSTRINGS_RULES[sub.toLowerCase()];
      // A rule we do not know cannot be emulated: mark the attribute as unknown rather than guess.
      if ((eq !== undefined && e === undefined) || (ord !== undefined && o === undefined) || (sub !== undefined && s === undefined)) {
        this.rules.delete(primary);
        continue;
      }
      if (e) rule.equality = e;
      if (o) rule.ordering = o;
      if (s) rule.substrings = s;
      this.rules.set(primary, rule);
    }
  }

  private set(name: string, rule: AttributeMatching): void {
    this.rules.set(this.canonical(name), rule);
  }

  /** The canonical lower-case name of an attribute description (options are kept, aliases mapped). */
  public canonical(name: string): string {
    const lower = name.toLowerCase();
    return this.aliases.get(lower) ?? lower;
  }

  /** True when other attribute types derive from this one: a filter on it would match them too. */
  public hasSubtypes(name: string): boolean {
    return this.supertypes.has(this.canonical(name));
  }

  /**
   * The rules of an attribute, or undefined when unknown (then no filter on it is evaluated in memory).
   * An attribute without a rule of some kind gets Undefined for that kind of filter item, as in LDAP.
   */
  public rulesOf(name: string): AttributeMatching | undefined {
    return this.rules.get(this.canonical(name));
  }
}
