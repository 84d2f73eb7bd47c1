// Password recovery (fd-core.md §3.9): tokens stored as FusionDirectory stores them (an organizationalUnit
// `ou=<login>,ou=recovery,ou=fusiondirectory,<base>` holding a salted SHA of the token and its expiry time), issued over
// REST v1 or sent by mail, and the new password they allow. See docs/password-recovery.md.
import type { AuditSink } from '../audit/AuditLog.ts';
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors/AppError.ts';
import { AlreadyExistsError } from '../../ldap/errors.ts';
import { dnEquals, escapeDnValue } from '../../ldap/dn.ts';
import { and, eq, hasNul, or, type FilterNode } from '../../ldap/filter.ts';
import type { LdapEntry } from '../../ldap/LdapEntry.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import type { PasswordPolicyCheck } from '../../passwords/checkPasswordChange.ts';
import { clearOwnPasswordReset } from '../../passwords/ownPasswordReset.ts';
import { passwordPolicyOf } from '../../passwords/passwordPolicyOf.ts';
import { checkPasswordChange, detectPasswordMethod, hashPassword, isPasswordLocked, isPasswordMethodName, type PasswordMethodName } from '../../passwords/index.ts';
import type { AccessPolicy, Actor } from '../AccessPolicy.ts';
import { describeSmtp, type Mailer } from '../mail/Mailer.ts';
import { printf } from '../mail/printf.ts';
import type { SiteConfig } from '../SiteConfig.ts';
import { RateLimit } from './RateLimit.ts';

const ALPHABET = 'ABCDEFGHKLMNOPQRSTWXYZabcdefghjkmnpqrstwxyz123456789';
const invalid = (message: string, attribute?: string) => new AppError({ code: 'value.invalid', message, ...(attribute ? { attribute } : {}) });

/** The stored form of a token: `{SHA}` base64(sha1(salt ‖ token ‖ salt)). */
export function recoveryTokenHash(token: string, salt: string): string {
  return `{SHA}${createHash('sha1').update(salt + token + salt, 'utf8').digest('base64')}`;
}

/** How many recovery attempts one instance lets through in a window (in memory, per instance). */
export interface RecoveryLimits {
  /** Mails asked for one address (default 3). */
  perAddress: number;
  /** Mails asked from one client address (default 10). */
  perClient: number;
  /** Wrong tokens tried from one client address, on the reset page (default 10). */
  failedTokensPerClient: number;
  /** The window (default 15 min). */
  windowMs: number;
}

export const DEFAULT_RECOVERY_LIMITS: RecoveryLimits = { perAddress: 3, perClient: 10, failedTokensPerClient: 10, windowMs: 15 * 60_000 };

export interface PasswordRecoveryOptions {
  gateway: LdapGateway;
  config: SiteConfig;
  access: AccessPolicy;
  /** Where the mails go; without it, recovery by mail is unavailable (REST's tokens still work). */
  mailer?: Mailer;
  /** SupAnn is installed (a plugin declares supannPerson): its personal and backup addresses recover too. */
  supann?: boolean;
  /** The address users reach the web interface at, for the link (else the one the request came to). */
  publicUrl?: string;
  limits?: Partial<RecoveryLimits>;
  now?: () => number;
  /** The audit trail: a password reset is a modify of userPassword (value never stored). */
  audit?: AuditSink;
}

/** Why a request by mail sent nothing; only the server log says it, the client always gets the same answer. */
export type RecoveryRefusal = 'unknownAddress' | 'severalAccounts' | 'locked' | 'noLogin' | 'throttled' | 'mailFailed';

/** What a request by mail did, for the log: never the token nor the link. */
export type RecoveryRequestOutcome =
  | { sent: true; login: string; dn: string; email: string; detail: string }
  | { sent: false; reason: RecoveryRefusal; email: string; detail: string; login?: string; dn?: string };

/** What became of the confirmation mail after a reset by mail. */
export interface RecoveryResetOutcome {
  login: string;
  dn: string;
  confirmation: 'sent' | 'notSent';
  detail: string;
}

type AccountLookup =
  | { kind: 'one'; dn: string; login: string }
  | { kind: 'none' }
  | { kind: 'several'; count: number }
  | { kind: 'locked'; dn: string }
  | { kind: 'noLogin'; dn: string };

/** An address as one types it: something@something, no spaces, not absurdly long. */
const isAddress = (text: string) => text.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(text) && !hasNul(text);

export class PasswordRecovery {
  private readonly o: PasswordRecoveryOptions;
  private readonly perAddress: RateLimit;
  private readonly perClient: RateLimit;
  private readonly failedTokens: RateLimit;
  private readonly now: () => number;

  constructor(options: PasswordRecoveryOptions) {
    this.o = options;
    const limits = { ...DEFAULT_RECOVERY_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    const common = { windowMs: limits.windowMs, now: this.now };
    this.perAddress = new RateLimit({ limit: limits.perAddress, ...common });
    this.perClient = new RateLimit({ limit: limits.perClient, ...common });
    this.failedTokens = new RateLimit({ limit: limits.failedTokensPerClient, ...common });
  }

  private get branch(): string {
    return `ou=recovery,ou=fusiondirectory,${this.o.config.baseDN}`;
  }

  private get isActivated(): boolean {
    return this.o.config.bool('fdPasswordRecoveryActivated', false);
  }

  private requireActivated(): void {
    if (!this.isActivated) throw invalid('Password recovery is not activated');
  }

  private loginAttribute(): string {
    return this.o.config.get('fdPasswordRecoveryLoginAttribute') ?? 'uid';
  }

  private salt(): string {
    return this.o.config.get('fdPasswordRecoverySalt') ?? '';
  }

  /** Whether users can recover their password by mail here: activated in the configuration, and a mail server set. */
  availability(): { activated: boolean; mail: boolean; available: boolean } {
    const activated = this.isActivated;
    const mail = this.o.mailer !== undefined;
    return { activated, mail, available: activated && mail };
  }

  private requireByMail(): Mailer {
    if (!this.isActivated) throw new AppError({ code: 'feature.unavailable', message: 'Password recovery is not activated in the configuration of this directory.' });
    if (!this.o.mailer) {
      throw new AppError({ code: 'feature.unavailable', message: 'Password recovery by mail is unavailable: no mail server is configured for this directory (smtp in trousseau.yaml).' });
    }
    return this.o.mailer;
  }

  /** The users an address belongs to, by the rules of the configuration (fd-core.md §3.9, step 1). */
  private async usersByMail(email: string): Promise<Array<{ dn: string; login: string | undefined; password: string | undefined }>> {
    const byMail: FilterNode[] = [eq('mail', email)];
    if (this.o.config.bool('fdPasswordRecoveryUseAlternate', false)) byMail.push(eq('gosaMailAlternateAddress', email));
    const filters: FilterNode[] = [and(eq('objectClass', 'gosaMailAccount'), byMail.length > 1 ? or(...byMail) : byMail[0]!)];
    if (this.o.config.bool('fdPrivateEmailPasswordRecovery', false)) filters.push(and(eq('objectClass', 'fdPersonalInfo'), eq('fdPrivateMail', email)));
    // FusionDirectory's SupAnn plugin: personal address, or the backup one its tagged syntax marks `{SECOURS}`.
    if (this.o.supann && this.o.config.bool('supannPasswordRecovery', true)) {
      filters.push(and(eq('objectClass', 'supannPerson'), or(eq('supannMailPerso', email), eq('supannMailPrive', `{SECOURS}${email}`))));
    }
    const login = this.loginAttribute();
    const entries = await this.o.gateway.searchAll(this.o.config.baseDN, { filter: filters.length > 1 ? or(...filters) : filters[0]!, attributes: [login, 'userPassword'] });
    return entries.map((e) => ({ dn: e.dn, login: e.first(login), password: e.first('userPassword') }));
  }

  /** The one account an address recovers: exactly one user, not locked, with a login. */
  private async findAccount(email: string): Promise<AccountLookup> {
    const users = await this.usersByMail(email);
    if (users.length === 0) return { kind: 'none' };
    if (users.length > 1) return { kind: 'several', count: users.length };
    const user = users[0]!;
    if (user.password && isPasswordLocked(user.password)) return { kind: 'locked', dn: user.dn };
    if (!user.login) return { kind: 'noLogin', dn: user.dn };
    return { kind: 'one', dn: user.dn, login: user.login };
  }

  /** A new token for a login, stored as FusionDirectory stores it (fd-core.md §3.9, step 2); it replaces the previous one. */
  private async storeToken(login: string): Promise<string> {
    const token = Array.from({ length: 57 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const expiry = Math.floor(this.now() / 1000) + this.o.config.int('fdPasswordRecoveryValidity', 10) * 60;
    const dn = `ou=${escapeDnValue(login)},${this.branch}`;
    const values = { userPassword: recoveryTokenHash(token, this.salt()), description: String(expiry) };
    if ((await this.o.gateway.read(this.branch, ['1.1'])) === null) await this.o.gateway.add(this.branch, { objectClass: 'organizationalUnit', ou: 'recovery' }).catch(() => undefined);
    const replace = () => this.o.gateway.modify(dn, Object.entries(values).map(([attribute, v]) => ({ operation: 'replace' as const, attribute, values: [v] })));
    if ((await this.o.gateway.read(dn, ['1.1'])) !== null) await replace();
    else {
      // Two requests at once for one login both find no entry: the second adds after the first, and then replaces.
      await this.o.gateway.add(dn, { objectClass: 'organizationalUnit', ou: login, ...values }).catch(async (e: unknown) => {
        if (!(e instanceof AlreadyExistsError)) throw e;
        await replace();
      });
    }
    return token;
  }

  /** Whether the token stored for the login is this one and has not expired (fd-core.md §3.9, step 4). */
  private async tokenMatches(login: string, token: string): Promise<boolean> {
    if (login === '' || token === '') return false;
    // Escaped, any login makes a valid DN: a made-up one simply names no entry.
    const entry = await this.o.gateway.read(`ou=${escapeDnValue(login)},${this.branch}`, ['userPassword', 'description']);
    const expected = entry?.first('userPassword');
    const given = recoveryTokenHash(token, this.salt());
    const matches = expected !== undefined && expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
    return matches && Number(entry?.first('description') ?? 0) >= this.now() / 1000;
  }

  /**
   * A wrong or expired token is a failed proof of identity: a `security` event on the login typed, as a failed
   * sign-in (never the token). The refusal stands whether or not the event could be written.
   */
  private async auditWrongToken(login: string, ip: string | undefined): Promise<void> {
    await this.o.audit?.record({ action: 'security', objectType: 'recovery failure', object: login, result: 'Password recovery refused: invalid or expired token', ...(ip ? { ip } : {}) }).catch(() => undefined);
  }

  /** Refuse a client that has tried too many wrong tokens lately. */
  private guardClient(ip: string | undefined): void {
    if (ip !== undefined && !this.failedTokens.allows(ip)) {
      throw invalid('Too many invalid recovery links were tried from your address; wait a quarter of an hour and try again.');
    }
  }

  /**
   * A new token for the user of an e-mail address (GET /recovery): the actor needs the right to write that user's
   * password. A new request replaces the previous token. No mail is sent (FusionDirectory's REST).
   */
  async issueToken(actor: Actor, email: string): Promise<{ token: string; login: string }> {
    this.requireActivated();
    if (!email) throw invalid('Missing parameter "email"');
    if (hasNul(email)) throw invalid(`There is no account using email "${email.split('\u0000').join('\\0')}"`);
    const found = await this.findAccount(email);
    if (found.kind === 'none') throw invalid(`There is no account using email "${email}"`);
    if (found.kind === 'several') throw invalid(`There are several accounts using email "${email}"`);
    if (!(await this.o.access.rights(actor, { dn: found.dn, category: 'user', tab: 'user', attribute: 'userPassword' })).includes('w')) {
      throw new AppError({ code: 'acl.denied', message: `You have no permission to change the password of "${found.dn}"`, dn: found.dn });
    }
    if (found.kind === 'locked') throw invalid('This account is locked: its password cannot be recovered.');
    if (found.kind === 'noLogin') throw invalid(`The account has no ${this.loginAttribute()} to recover it with.`);
    return { token: await this.storeToken(found.login), login: found.login };
  }

  /**
   * Recovery by mail (the web interface's "Forgot your password?"): when the address belongs to exactly one unlocked
   * account, a token is stored and the configured mail sent to the address with the link
   * `<base>/recovery?uniq=<token>&login=<login>&email_address=<address>` (FusionDirectory's parameters; `&directory=`
   * added when the context names one). The caller
   * answers the same whatever the outcome, which only the log may tell. Counted against the limits before anything
   * is looked up.
   * Throws at once (not through the promise) when recovery by mail is unavailable or the address is not one, so that
   * a caller can answer those and leave the rest running: the time of the answer then tells nothing either.
   * @example void recovery.requestByMail(email, { ip: request.ip, linkBase: 'https://idm.example.org' }).then(log);
   */
  requestByMail(email: string, context: { ip?: string; linkBase: string; directory?: string }): Promise<RecoveryRequestOutcome> {
    const mailer = this.requireByMail();
    const address = email.trim();
    if (!isAddress(address)) throw invalid('Give an e-mail address.', 'email');
    // Both counters move on every request, so that neither tells which addresses exist.
    const addressAllowed = this.perAddress.take(address.toLowerCase());
    const clientAllowed = context.ip === undefined || this.perClient.take(context.ip);
    if (!addressAllowed || !clientAllowed) {
      return Promise.resolve({ sent: false, reason: 'throttled', email: address, detail: !addressAllowed ? 'too many requests for this address' : `too many requests from ${context.ip ?? 'this client'}` });
    }
    return this.sendRecoveryMail(mailer, address, context.linkBase, context.directory);
  }

  private async sendRecoveryMail(mailer: Mailer, address: string, linkBase: string, directory: string | undefined): Promise<RecoveryRequestOutcome> {
    const found = await this.findAccount(address);
    switch (found.kind) {
      case 'none':
        return { sent: false, reason: 'unknownAddress', email: address, detail: 'no account uses this address' };
      case 'several':
        return { sent: false, reason: 'severalAccounts', email: address, detail: `${found.count} accounts use this address` };
      case 'locked':
        return { sent: false, reason: 'locked', email: address, dn: found.dn, detail: 'the account is locked' };
      case 'noLogin':
        return { sent: false, reason: 'noLogin', email: address, dn: found.dn, detail: `the account has no ${this.loginAttribute()}` };
    }
    const token = await this.storeToken(found.login);
    const base = (this.o.publicUrl ?? linkBase).replace(/\/+$/, '');
    // `directory` (ours) only when the server has several, for the reset page to know which.
    const link = `${base}/recovery?${new URLSearchParams({ uniq: token, login: found.login, email_address: address, ...(directory !== undefined ? { directory } : {}) }).toString()}`;
    const config = this.o.config;
    try {
      await mailer.send({
        from: config.get('fdPasswordRecoveryEmail') ?? 'to.be@chang.ed',
        to: address,
        subject: config.get('fdPasswordRecoveryMailSubject') ?? 'Password recovery link',
        text: printf(config.get('fdPasswordRecoveryMailBody') ?? 'Hello,\n\nHere is your information: \n - Login : %s\n - Link : %s\n', found.login, link),
      });
    } catch (e) {
      return { sent: false, reason: 'mailFailed', email: address, login: found.login, dn: found.dn, detail: (e as Error).message };
    }
    return { sent: true, email: address, login: found.login, dn: found.dn, detail: `mail sent through ${describeSmtp(mailer.config)}` };
  }

  /**
   * Whether a recovery link is still good (the reset page asks before showing its form). Says nothing more than that;
   * wrong tokens count against the client's limit.
   */
  async checkToken(login: string, token: string, context: { ip?: string } = {}): Promise<boolean> {
    this.requireActivated();
    this.guardClient(context.ip);
    const ok = await this.tokenMatches(login, token);
    if (!ok && context.ip !== undefined) this.failedTokens.take(context.ip);
    if (!ok) await this.auditWrongToken(login, context.ip);
    return ok;
  }

  /**
   * Set a new password with a token: the token must match and not be expired; the password rules apply. Over REST
   * (PUT /recovery) that is all, as FusionDirectory does. With `mail` (the reset page reached from the mail), wrong
   * tokens count against the client's limit, the token is then spent, and the confirmation mail goes to the address
   * of the link when it is the user's (else to his `mail`).
   */
  async resetPassword(input: { login: string; token: string; password1: string; password2: string }, mail?: { email: string; ip?: string }): Promise<RecoveryResetOutcome> {
    this.requireActivated();
    this.guardClient(mail?.ip);
    // The reset page says which field is wrong; REST keeps FusionDirectory's bare message.
    const badToken = () => invalid('This token is invalid', mail ? 'token' : undefined);
    if (!(await this.tokenMatches(input.login, input.token))) {
      if (mail?.ip !== undefined) this.failedTokens.take(mail.ip);
      await this.auditWrongToken(input.login, mail?.ip);
      throw badToken();
    }
    const login = this.loginAttribute();
    const users = await this.o.gateway.searchAll(this.o.config.baseDN, {
      filter: and(or(eq('objectClass', 'gosaMailAccount'), eq('objectClass', 'fdPersonalInfo'), eq('objectClass', 'supannPerson')), eq(login, input.login)),
      attributes: ['userPassword', 'mail', 'pwdPolicySubentry', 'pwdChangedTime', 'pwdHistory', 'pwdReset'],
    });
    if (users.length !== 1) throw badToken();
    const user = users[0]!;
    const stored = user.first('userPassword') ?? '';
    if (isPasswordLocked(stored)) throw invalid('This account is locked: its password cannot be recovered.');
    const result = await checkPasswordChange({
      newPassword: input.password1,
      repeatedPassword: input.password2,
      currentHash: stored || null,
      selfChange: true,
      // The user's password policy first, as FusionDirectory (docs/ppolicy.md): slapd does not check the service account's writes.
      ...(await this.policyOf(user)),
      rules: {
        ...(this.o.config.get('fdPasswordMinLength') ? { minLength: this.o.config.int('fdPasswordMinLength', 0) } : {}),
        ...(this.o.config.get('fdPasswordMinDiffer') ? { minDiffer: this.o.config.int('fdPasswordMinDiffer', 0) } : {}),
      },
    });
    if (!result.ok) throw new AppError({ code: 'value.invalid', message: result.message, attribute: 'userPassword' });
    // The method stays the user's (the default for a user without one), as FusionDirectory does.
    const current = detectPasswordMethod(stored);
    const method = current && current !== 'empty' && current !== 'clear' && isPasswordMethodName(current) ? current : (this.o.config.get('fdPasswordDefaultHash') ?? 'ssha');
    if (!isPasswordMethodName(method)) throw invalid(`Unknown password method "${method}"`);
    const hash = await hashPassword(method as PasswordMethodName, input.password1);
    await this.o.gateway.modify(user.dn, hash === null ? [{ operation: 'delete', attribute: 'userPassword' }] : [{ operation: 'replace', attribute: 'userPassword', values: [hash] }]);
    // A recovered password is the user's own choice: no forced change at the next sign-in (docs/ppolicy.md).
    await clearOwnPasswordReset({ readEntry: (dn, attributes) => this.o.gateway.read(dn, attributes), modifyEntry: (dn, changes) => this.o.gateway.modify(dn, changes) }, user.dn);
    await this.o.audit?.record({ action: 'modify', objectType: 'plugin/user', object: user.dn, changes: { userPassword: hash === null ? [] : ['(recovered)'] }, result: 'Success', author: user.dn, ...(mail?.ip ? { ip: mail.ip } : {}) });
    const outcome: RecoveryResetOutcome = { login: input.login, dn: user.dn, confirmation: 'notSent', detail: 'no confirmation asked' };
    if (!mail) return outcome;
    // A link opens the page once: FusionDirectory leaves the token until it expires (docs/compatibility.md).
    await this.o.gateway.delete(`ou=${escapeDnValue(input.login)},${this.branch}`).catch(() => undefined);
    return { ...outcome, ...(await this.sendConfirmation(input.login, user.dn, mail.email, user.first('mail'))) };
  }

  private async policyOf(user: LdapEntry): Promise<{ ppolicy?: PasswordPolicyCheck }> {
    const ppolicy = await passwordPolicyOf((dn, attributes) => this.o.gateway.read(dn, attributes), {
      ...(user.first('pwdPolicySubentry') ? { subentry: user.first('pwdPolicySubentry') } : {}),
      ...(this.o.config.get('fdPpolicyDefaultDn') ? { defaultDn: this.o.config.get('fdPpolicyDefaultDn') } : {}),
      ...(user.first('pwdChangedTime') ? { changedTime: user.first('pwdChangedTime') } : {}),
      history: user.get('pwdHistory'),
      reset: user.first('pwdReset') === 'TRUE',
    });
    return ppolicy ? { ppolicy } : {};
  }

  /** Mail 2 (printf(login)): to the address of the link when it recovers this user, else to his own `mail`. */
  private async sendConfirmation(login: string, dn: string, linkAddress: string, ownAddress: string | undefined): Promise<Pick<RecoveryResetOutcome, 'confirmation' | 'detail'>> {
    if (!this.o.mailer) return { confirmation: 'notSent', detail: 'no mail server is configured' };
    const address = linkAddress.trim();
    const to = isAddress(address) && (await this.usersByMail(address)).some((u) => dnEquals(u.dn, dn)) ? address : ownAddress;
    if (!to) return { confirmation: 'notSent', detail: 'the account has no address to confirm to' };
    const config = this.o.config;
    try {
      await this.o.mailer.send({
        from: config.get('fdPasswordRecoveryEmail') ?? 'to.be@chang.ed',
        to,
        subject: config.get('fdPasswordRecoveryMail2Subject') ?? 'Your password was changed',
        text: printf(config.get('fdPasswordRecoveryMail2Body') ?? 'Hello,\n\nYour password has been changed.\nYour login is still %s.', login),
      });
      return { confirmation: 'sent', detail: `confirmation sent to ${to}` };
    } catch (e) {
      return { confirmation: 'notSent', detail: `confirmation to ${to} failed: ${(e as Error).message}` };
    }
  }
}
