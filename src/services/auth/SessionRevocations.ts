// Logged-out REST sessions, kept in the directory so that every Trousseau instance refuses their tokens.
// Stored as FusionDirectory `fdTokenEntry` entries (a class of FD's core schema) under ou=sessions,ou=fusiondirectory,<base>;
// FusionDirectory itself never looks there. See docs/compatibility.md, "REST v1".
import { AlreadyExistsError, NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';

export interface SessionRevocationsOptions {
  /** Gateway bound as the service account. */
  gateway: LdapGateway;
  baseDN: string;
  /** How long a "not revoked" answer is trusted before asking the directory again (default 2 s). */
  cacheMs?: number;
  now?: () => number;
}

const TOKEN_TYPE = 'revokedSession';

/** The revocation list of one directory. */
export class SessionRevocations {
  private readonly gateway: LdapGateway;
  private readonly baseDN: string;
  private readonly cacheMs: number;
  private readonly now: () => number;
  /** Session id → until when (ms) it is known not to be revoked. */
  private readonly notRevoked = new Map<string, number>();
  /** Session ids revoked through this instance → expiry (Unix seconds). */
  private readonly revoked = new Map<string, number>();

  constructor(options: SessionRevocationsOptions) {
    this.gateway = options.gateway;
    this.baseDN = options.baseDN;
    this.cacheMs = options.cacheMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  get branch(): string {
    return `ou=sessions,ou=fusiondirectory,${this.baseDN}`;
  }

  private entryDn(sid: string): string {
    if (!/^[0-9a-f]{32}$/.test(sid)) throw new Error('invalid session id');
    return `cn=${sid},${this.branch}`;
  }

  /** Refuse a session from now on, until `until` (Unix seconds: no token of it can be valid after). */
  async revoke(sid: string, userDn: string, until: number): Promise<void> {
    this.revoked.set(sid, until);
    this.notRevoked.delete(sid);
    const attributes = { objectClass: 'fdTokenEntry', cn: sid, fdTokenUserDN: userDn, fdTokenType: TOKEN_TYPE, fdToken: sid, fdTokenTimestamp: String(until) };
    try {
      await this.gateway.add(this.entryDn(sid), attributes);
    } catch (e) {
      if (e instanceof AlreadyExistsError) return;
      if (!(e instanceof NoSuchObjectError)) throw e;
      await this.ensureBranch();
      await this.gateway.add(this.entryDn(sid), attributes);
    }
    await this.purgeExpired().catch(() => undefined);
  }

  async isRevoked(sid: string): Promise<boolean> {
    if (this.revoked.has(sid)) return true;
    const now = this.now();
    const until = this.notRevoked.get(sid);
    if (until !== undefined && until > now) return false;
    if (!/^[0-9a-f]{32}$/.test(sid)) return true;
    const entry = await this.gateway.read(this.entryDn(sid), ['fdTokenTimestamp']);
    if (entry) {
      this.revoked.set(sid, Number(entry.first('fdTokenTimestamp') ?? 0));
      return true;
    }
    if (this.notRevoked.size > 10_000) this.notRevoked.clear();
    this.notRevoked.set(sid, now + this.cacheMs);
    return false;
  }

  /** Delete the entries of sessions that have expired anyway. */
  async purgeExpired(): Promise<void> {
    const nowSeconds = Math.floor(this.now() / 1000);
    for (const [sid, until] of this.revoked) if (until < nowSeconds) this.revoked.delete(sid);
    let entries;
    try {
      entries = await this.gateway.searchAll(this.branch, { scope: 'one', filter: and(eq('objectClass', 'fdTokenEntry'), eq('fdTokenType', TOKEN_TYPE)), attributes: ['fdTokenTimestamp'] });
    } catch (e) {
      if (e instanceof NoSuchObjectError) return;
      throw e;
    }
    for (const entry of entries) {
      if (Number(entry.first('fdTokenTimestamp') ?? 0) >= nowSeconds) continue;
      await this.gateway.delete(entry.dn).catch(() => undefined);
    }
  }

  private async ensureBranch(): Promise<void> {
    for (const dn of [`ou=fusiondirectory,${this.baseDN}`, this.branch]) {
      if ((await this.gateway.read(dn, ['1.1'])) !== null) continue;
      try {
        await this.gateway.add(dn, { objectClass: 'organizationalUnit', ou: dn.slice(3, dn.indexOf(',')) });
      } catch (e) {
        if (!(e instanceof AlreadyExistsError)) throw e;
      }
    }
  }
}
