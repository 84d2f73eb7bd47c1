// The accounts that may use the orchestrator API: FusionDirectory's DSA entries (`cn=<login>` under `ou=dsa,<base>`,
// fd-orchestrator-tools.md §1.3.2). The password is checked by binding as the DSA, so every scheme slapd knows works
// ({SSHA}, {SSHA512}, {CRYPT}, {ARGON2}, plain…), and password policies apply.
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { InvalidCredentialsError, NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq, not } from '../../ldap/filter.ts';
import { childDn, parentDn, rdnValue } from '../../ldap/dn.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';

/** A DSA account found in the directory. */
export interface DsaAccount {
  dn: string;
  /** The DSA's `cn` (its RDN value). */
  cn: string;
  /** `<cn>-jwt`: the tokens' `sub`, and the `cn` of its refresh-token entry. */
  subject: string;
  /** `cn=<cn>-jwt` beside the DSA: where its refresh token is stored (`fdJWT`). */
  tokenEntryDn: string;
}

export interface DsaAccountsOptions {
  gateway: LdapGateway;
  /** Where DSA accounts live (`LDAP_OU_DSA`, default `ou=dsa,<base>`). */
  dsaBase: string;
  warn?: (message: string) => void;
}

/** A login as the orchestrator reads it: every `-jwt` removed (so a token's `sub` names its DSA too). */
export const dsaLoginOf = (login: string): string => login.replaceAll('-jwt', '');

export class DsaAccounts {
  private readonly gateway: LdapGateway;
  readonly dsaBase: string;
  private readonly warn: (message: string) => void;

  constructor(options: DsaAccountsOptions) {
    this.gateway = options.gateway;
    this.dsaBase = options.dsaBase;
    this.warn = options.warn ?? (() => {});
  }

  /**
   * The DSA a login (or a token's `sub`) names, if exactly one entry has that `cn` under the DSA branch.
   * The value is escaped in the filter (FusionDirectory's orchestrator puts it in unescaped).
   */
  async find(login: string): Promise<DsaAccount | undefined> {
    const name = dsaLoginOf(login);
    if (name === '') return undefined;
    const entries: LdapEntry[] = [];
    try {
      // The refresh-token entries live in the same branch: never take one of them for an account.
      for await (const entry of this.gateway.search(this.dsaBase, { filter: and(eq('cn', name), not(eq('objectClass', 'fdJWT'))), attributes: ['cn'] })) {
        entries.push(entry);
        if (entries.length > 1) break;
      }
    } catch (e) {
      if (e instanceof NoSuchObjectError) return undefined;
      throw e;
    }
    if (entries.length > 1) {
      this.warn(`Orchestrator login "${name}" matches several entries under ${this.dsaBase}: refused.`);
      return undefined;
    }
    const [entry] = entries;
    if (!entry) return undefined;
    const cn = rdnValue(entry.dn, 'cn') ?? entry.first('cn') ?? name;
    const parent = parentDn(entry.dn) ?? '';
    const subject = `${cn}-jwt`;
    return { dn: entry.dn, cn, subject, tokenEntryDn: childDn('cn', subject, parent) };
  }

  /** The DSA if `password` is its password (checked by an LDAP bind as the DSA), else undefined. */
  async authenticate(login: string, password: string): Promise<DsaAccount | undefined> {
    if (password === '') return undefined;
    const account = await this.find(login);
    if (!account) return undefined;
    try {
      await this.gateway.bindAs(account.dn, password);
    } catch (e) {
      if (e instanceof InvalidCredentialsError) return undefined;
      throw e;
    }
    return account;
  }
}
