// Reminder tokens (fd-orchestrator-tools.md §1.6.4 step 6, §1.11): `cn=<uid>,ou=tokens,<base>` fdTokenEntry entries,
// written as FusionDirectory's orchestrator writes them, so that its prolongation page and Trousseau's accept each
// other's links. See docs/lifecycle.md.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { childDn, dnEquals } from '../../ldap/dn.ts';
import { AlreadyExistsError, NoSuchObjectError } from '../../ldap/errors.ts';
import { and, eq } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';

/** `fdTokenType` of the tokens the reminder task issues. */
export const REMINDER_TOKEN_TYPE = 'reminder';

/** One stored reminder token. */
export interface ReminderToken {
  /** The `cn` of the entry: the user's uid. */
  uid: string;
  /** `fdTokenUserDN`. */
  userDn: string;
  /** `fdTokenTimestamp`: unix seconds after which the token is refused. */
  expiresAt: number;
}

/**
 * A new token: 32 random bytes in base64 with `+`→`A`, `/`→`B` and no `=`, the alphabet FusionDirectory's tokens
 * use (its orchestrator derives them from an HMAC of the time; its prolongation page only compares the stored value).
 * @example newReminderToken() // 'q0ZcTn3kA…' (43 characters of [A-Za-z0-9])
 */
export function newReminderToken(): string {
  return randomBytes(32).toString('base64').replaceAll('+', 'A').replaceAll('/', 'B').replaceAll('=', '');
}

/** Whether a text has the shape of a token or a task name in a link (FusionDirectory's check `^[a-zA-Z0-9._%+-@]+$`). */
export function isLinkParameter(text: string): boolean {
  return text.length > 0 && text.length <= 256 && /^[a-zA-Z0-9._%+\-@]+$/.test(text);
}

export interface ReminderTokensOptions {
  gateway: LdapGateway;
  baseDN: string;
  /** The clock (tests move it). */
  now?: () => Date;
}

/** The reminder tokens of one directory, under `ou=tokens,<base>`. */
export class ReminderTokens {
  private readonly gateway: LdapGateway;
  private readonly baseDN: string;
  private readonly now: () => Date;

  constructor(options: ReminderTokensOptions) {
    this.gateway = options.gateway;
    this.baseDN = options.baseDN;
    this.now = options.now ?? (() => new Date());
  }

  /** `ou=tokens,<base>`, hard-coded as in FusionDirectory. */
  get branch(): string {
    return `ou=tokens,${this.baseDN}`;
  }

  /** The DN of a user's token entry. */
  dnOf(uid: string): string {
    return childDn('cn', uid, this.branch);
  }

  /**
   * Issue a token for a user, valid `lifetimeDays` days: creates `ou=tokens` when missing, replaces the user's
   * previous token (delete, then add). Returns the token; callers must never log it.
   */
  async issue(uid: string, userDn: string, lifetimeDays: number): Promise<{ token: string; expiresAt: number }> {
    const token = newReminderToken();
    const expiresAt = Math.floor(this.now().getTime() / 1000) + Math.max(0, lifetimeDays) * 86_400;
    try {
      await this.gateway.add(this.branch, { objectClass: 'organizationalUnit', ou: 'tokens' });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
    }
    await this.remove(uid);
    await this.gateway.add(this.dnOf(uid), {
      objectClass: ['top', 'fdTokenEntry'],
      cn: uid,
      fdTokenUserDN: userDn,
      fdTokenType: REMINDER_TOKEN_TYPE,
      fdToken: token,
      fdTokenTimestamp: String(expiresAt),
    });
    return { token, expiresAt };
  }

  /** A user's stored reminder token entry, whatever its value and expiry; undefined when none. */
  async find(uid: string): Promise<(ReminderToken & { token: string; type: string }) | undefined> {
    let entry;
    try {
      entry = await this.gateway.read(this.dnOf(uid), ['fdTokenUserDN', 'fdTokenType', 'fdToken', 'fdTokenTimestamp']);
    } catch (e) {
      if (e instanceof NoSuchObjectError) return undefined;
      throw e;
    }
    if (!entry) return undefined;
    return {
      uid,
      userDn: entry.first('fdTokenUserDN') ?? '',
      type: entry.first('fdTokenType') ?? '',
      token: entry.first('fdToken') ?? '',
      expiresAt: Number(entry.first('fdTokenTimestamp') ?? '0'),
    };
  }

  /**
   * The user's token when `token` is it: type `reminder`, not expired, issued for `userDn` when given.
   * Undefined otherwise, without saying why.
   */
  async check(uid: string, token: string, userDn?: string): Promise<ReminderToken | undefined> {
    const stored = await this.find(uid);
    if (!stored || stored.type.toLowerCase() !== REMINDER_TOKEN_TYPE) return undefined;
    if (!(Math.floor(this.now().getTime() / 1000) < stored.expiresAt)) return undefined;
    if (userDn !== undefined && !dnEquals(stored.userDn, userDn)) return undefined;
    const a = Buffer.from(stored.token, 'utf8');
    const b = Buffer.from(token, 'utf8');
    if (a.length === 0 || a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    return { uid: stored.uid, userDn: stored.userDn, expiresAt: stored.expiresAt };
  }

  /**
   * Whether some user holds this token, valid (the prolongation page asks before showing its form; the login is
   * typed afterwards). Says nothing about whose it is.
   */
  async exists(token: string): Promise<boolean> {
    if (!isLinkParameter(token)) return false;
    let entries;
    try {
      entries = await this.gateway.searchAll(this.branch, { scope: 'one', filter: and(eq('objectClass', 'fdTokenEntry'), eq('fdToken', token)), attributes: ['cn'], sizeLimit: 5 });
    } catch (e) {
      if (e instanceof NoSuchObjectError) return false;
      throw e;
    }
    for (const entry of entries) {
      const uid = entry.first('cn');
      if (uid !== undefined && (await this.check(uid, token))) return true;
    }
    return false;
  }

  /** Delete a user's token entry (after use); no error when there is none. */
  async remove(uid: string): Promise<void> {
    try {
      await this.gateway.delete(this.dnOf(uid));
    } catch (e) {
      if (!(e instanceof NoSuchObjectError)) throw e;
    }
  }
}
