// The orchestrator's refresh-token whitelist (fd-orchestrator-tools.md §1.3.3): an `fdJWT` entry `cn=<dsa>-jwt` beside
// each DSA, holding the lowercase hex HMAC-SHA256(SECRET_KEY, token) of its current refresh token and its expiry.
// One token per DSA, as in FusionDirectory: a new login replaces the previous one.
import { createHmac } from 'node:crypto';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { AlreadyExistsError, NoSuchAttributeError, NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq } from '../../ldap/filter.ts';
import type { DsaAccount } from './dsaAuth.ts';

export interface RefreshTokenStoreOptions {
  gateway: LdapGateway;
  /** SECRET_KEY (the raw string). */
  key: string;
  /** Where the DSA accounts and their token entries live. */
  dsaBase: string;
}

/** `fdRefreshToken` of a token: lowercase hex HMAC-SHA256 keyed by the raw bytes of SECRET_KEY. */
export function refreshTokenHash(token: string, key: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(token, 'utf8').digest('hex');
}

export class RefreshTokenStore {
  private readonly gateway: LdapGateway;
  private readonly key: string;
  private readonly dsaBase: string;

  constructor(options: RefreshTokenStoreOptions) {
    this.gateway = options.gateway;
    this.key = options.key;
    this.dsaBase = options.dsaBase;
  }

  hash(token: string): string {
    return refreshTokenHash(token, this.key);
  }

  /** Makes `token` the DSA's one valid refresh token: add the `fdJWT` entry, or replace its values if it exists. */
  async store(account: DsaAccount, token: string, exp: number): Promise<void> {
    const hash = this.hash(token);
    try {
      await this.gateway.add(account.tokenEntryDn, { objectClass: 'fdJWT', cn: account.subject, fdRefreshToken: hash, fdRefreshTokenExpiry: String(exp) });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
      await this.gateway.modify(account.tokenEntryDn, [
        { operation: 'replace', attribute: 'fdRefreshToken', values: [hash] },
        { operation: 'replace', attribute: 'fdRefreshTokenExpiry', values: [String(exp)] },
      ]);
    }
  }

  /** The DN of the whitelist entry holding this token, if any (searched under the DSA branch, value escaped). */
  async find(token: string, subject?: string): Promise<string | undefined> {
    const hash = this.hash(token);
    const filter = and(eq('objectClass', 'fdJWT'), eq('fdRefreshToken', hash), ...(subject === undefined ? [] : [eq('cn', subject)]));
    try {
      for await (const entry of this.gateway.search(this.dsaBase, { filter, attributes: ['1.1'] })) return entry.dn;
    } catch (e) {
      if (e instanceof NoSuchObjectError) return undefined;
      throw e;
    }
    return undefined;
  }

  /**
   * Replaces `oldToken` by `newToken` in one LDAP modify (delete the old value, add the new one): false when the old
   * token is not, or no longer, on the whitelist, so that a refresh token used twice, even at once, works once.
   */
  async rotate(account: DsaAccount, oldToken: string, newToken: string, exp: number): Promise<boolean> {
    const dn = await this.find(oldToken, account.subject);
    if (!dn) return false;
    try {
      await this.gateway.modify(dn, [
        { operation: 'delete', attribute: 'fdRefreshToken', values: [this.hash(oldToken)] },
        { operation: 'add', attribute: 'fdRefreshToken', values: [this.hash(newToken)] },
        { operation: 'replace', attribute: 'fdRefreshTokenExpiry', values: [String(exp)] },
      ]);
    } catch (e) {
      if (e instanceof NoSuchAttributeError || e instanceof NoSuchObjectError) return false;
      throw e;
    }
    return true;
  }

  /** Removes a token from the whitelist (logout); false when it was not on it. The entry itself stays. */
  async revoke(token: string): Promise<boolean> {
    const dn = await this.find(token);
    if (!dn) return false;
    try {
      await this.gateway.modify(dn, [{ operation: 'delete', attribute: 'fdRefreshToken', values: [this.hash(token)] }]);
    } catch (e) {
      if (e instanceof NoSuchAttributeError || e instanceof NoSuchObjectError) return false;
      throw e;
    }
    return true;
  }
}
