// Checks a login and password against one directory as FusionDirectory does (fd-core.md §3.5): find the one user
// by fdLoginAttribute, then bind as that user. The password is only ever handed to the bind.
import { AppError } from '../../errors/AppError.ts';
import { PasswordPolicyControl, type PasswordPolicyResponseValue } from '../../ldap/controls/PasswordPolicyControl.ts';
import { InvalidCredentialsError } from '../../ldap/errors.ts';
import { and, eq, hasNul, or } from '../../ldap/filter.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { AccessPolicy } from '../AccessPolicy.ts';
import type { SiteConfig } from '../SiteConfig.ts';

export interface AuthenticatorOptions {
  /** Gateway bound as the service account (searches) — user binds use dedicated connections. */
  gateway: LdapGateway;
  config: SiteConfig;
  /** Used to exempt full user administrators from account expiry, as FusionDirectory does. */
  access?: AccessPolicy;
  /** Where warnings go (a login that is not unique). */
  warn?: (message: string) => void;
  now?: () => Date;
}

const EXPIRY_ATTRIBUTES = ['shadowExpire', 'shadowInactive', 'shadowLastChange', 'shadowMax', 'sambaKickoffTime'];

export const INVALID_CREDENTIALS = 'Invalid credentials';

const failed = (message: string) => new AppError({ code: 'auth.failed', message });

/** The ppolicy overlay's refusals (docs/ppolicy.md): said only when slapd itself says them, after the password check. */
export const ACCOUNT_LOCKED = 'Your account is locked after too many failed sign-ins; an administrator can unlock it.';
export const PPOLICY_PASSWORD_EXPIRED = 'Your password has expired and no grace sign-in is left: use the password recovery, or ask an administrator.';
export const PASSWORD_MUST_CHANGE = 'Your password must be changed, please set a new one.';

/** What the password policy says at a successful sign-in: shown to the user, never a refusal. */
export interface PasswordWarning {
  /** The password expires in this many seconds. */
  secondsBeforeExpiration?: number;
  /** The password has expired: sign-ins left with it (this one counted). */
  graceLoginsRemaining?: number;
}

/** The overlay's warning in the sign-in's answer, if any. */
function warningOf(response: PasswordPolicyResponseValue | undefined): PasswordWarning | undefined {
  if (response?.timeBeforeExpiration !== undefined) return { secondsBeforeExpiration: response.timeBeforeExpiration };
  if (response?.graceAuthNsRemaining !== undefined) return { graceLoginsRemaining: response.graceAuthNsRemaining };
  return undefined;
}

/** Sign-in checks of one directory. */
export class Authenticator {
  private readonly gateway: LdapGateway;
  private readonly config: SiteConfig;
  private readonly access: AccessPolicy | undefined;
  private readonly warn: (message: string) => void;
  private readonly now: () => Date;

  constructor(options: AuthenticatorOptions) {
    this.gateway = options.gateway;
    this.config = options.config;
    this.access = options.access;
    this.warn = options.warn ?? (() => {});
    this.now = options.now ?? (() => new Date());
  }

  /** `fdLoginAttribute`: `uid`, `mail` or `uid,mail`. */
  loginAttributes(): string[] {
    const wanted = (this.config.get('fdLoginAttribute') ?? 'uid').split(',').map((a) => a.trim().toLowerCase());
    const attributes = ['uid', 'mail'].filter((a) => wanted.includes(a));
    return attributes.length > 0 ? attributes : ['uid'];
  }

  /**
   * The DN of the user `login` names, if `password` is theirs; else an `auth.failed` error. An unknown login and a
   * wrong password give the same answer.
   */
  async authenticate(login: string, password: string): Promise<string> {
    return (await this.signIn(login, password)).dn;
  }

  /**
   * As `authenticate`; with `allowExpiredPassword`, a user whose password has expired (but not his account) is let in
   * with `mustChangePassword`, for the web interface's forced change (fd-core.md §3.5), instead of being refused.
   */
  async signIn(login: string, password: string, options: { allowExpiredPassword?: boolean } = {}): Promise<{ dn: string; mustChangePassword: boolean; passwordWarning?: PasswordWarning }> {
    // slapd compares IA5 values (mail) only up to a NUL: such a login would find someone else's entry.
    if (login === '' || password === '' || hasNul(login)) throw failed(INVALID_CREDENTIALS);
    const user = await this.findUser(login);
    // The password policy control asks slapd's ppolicy overlay why a bind fails and what to warn about (fd-core.md §3.5).
    const policy = new PasswordPolicyControl();
    try {
      await this.gateway.bindAs(user.dn, password, [policy]);
    } catch (e) {
      if (e instanceof InvalidCredentialsError) {
        if (policy.response?.error === 'accountLocked') throw failed(ACCOUNT_LOCKED);
        if (policy.response?.error === 'passwordExpired') throw failed(PPOLICY_PASSWORD_EXPIRED);
        throw failed(INVALID_CREDENTIALS);
      }
      throw e;
    }
    const expiry = await this.expiryOf(user);
    if (expiry === 'account') throw failed('Account expired. Please contact your system administrator!');
    if (expiry === 'password' && !options.allowExpiredPassword) throw failed('Your password has expired, please set a new one.');
    // changeAfterReset (pwdReset with pwdMustChange), or an expired password let in by a grace sign-in: change it first.
    const warning = warningOf(policy.response);
    const ppolicyChange = policy.response?.error === 'changeAfterReset' || warning?.graceLoginsRemaining !== undefined;
    if (ppolicyChange && !options.allowExpiredPassword) throw failed(policy.response?.error === 'changeAfterReset' ? PASSWORD_MUST_CHANGE : 'Your password has expired, please set a new one.');
    return { dn: user.dn, mustChangePassword: expiry === 'password' || ppolicyChange, ...(warning ? { passwordWarning: warning } : {}) };
  }

  private async findUser(login: string): Promise<LdapEntry> {
    const attributes = this.loginAttributes();
    const filter = and(or(...attributes.map((a) => eq(a, login))), eq('objectClass', 'inetOrgPerson'));
    const entries: LdapEntry[] = [];
    for await (const entry of this.gateway.search(this.config.baseDN, { filter, attributes: [...attributes, ...EXPIRY_ATTRIBUTES] })) {
      entries.push(entry);
      if (entries.length > 1) break;
    }
    // LDAP matching ignores case; FusionDirectory wants the stored value exactly.
    const matching = entries.filter((e) => attributes.some((a) => e.get(a).includes(login)));
    if (entries.length > 1) this.warn(`Login "${login}" is not unique in ${this.config.baseDN}: sign-in refused.`);
    const [user] = matching;
    if (!user || entries.length !== 1) throw failed(INVALID_CREDENTIALS);
    return user;
  }

  /** `fdHandleExpiredAccounts`: shadow and Samba expiry (fd-core.md §3.5); full user administrators never expire. */
  private async expiryOf(user: LdapEntry): Promise<'account' | 'password' | undefined> {
    if (!this.config.bool('fdHandleExpiredAccounts', false)) return undefined;
    const today = Math.floor(this.now().getTime() / 86_400_000);
    const num = (name: string) => {
      const v = user.first(name);
      return v === undefined || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
    };
    const kickoff = num('sambaKickoffTime');
    const expire = num('shadowExpire');
    const inactive = num('shadowInactive') ?? 0;
    const lastChange = num('shadowLastChange');
    const max = num('shadowMax');
    const accountExpired = (kickoff !== undefined && kickoff * 1000 < this.now().getTime()) || (expire !== undefined && today >= expire + inactive);
    const passwordExpired = lastChange !== undefined && max !== undefined && today >= lastChange + max;
    if (!accountExpired && !passwordExpired) return undefined;
    if (this.access) {
      const rights = await this.access.rights({ dn: user.dn }, { dn: this.config.baseDN, category: 'user', tab: 'user' });
      if ([...'rwcdm'].every((r) => rights.includes(r))) return undefined;
    }
    return accountExpired ? 'account' : 'password';
  }

  /** Whether the user's password has expired now (a session in forced-change mode asks after each change). */
  async passwordExpired(dn: string): Promise<boolean> {
    const user = await this.gateway.read(dn, EXPIRY_ATTRIBUTES);
    return user !== null && (await this.expiryOf(user)) === 'password';
  }
}
