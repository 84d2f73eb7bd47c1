// Password recovery tokens (fd-core.md §3.9), as FusionDirectory stores them: an organizationalUnit
// `ou=<login>,ou=recovery,ou=fusiondirectory,<base>` holding a salted SHA of the token and its expiry time.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../errors/AppError.ts';
import { escapeDnValue } from '../../ldap/dn.ts';
import { and, eq, or, type FilterNode } from '../../ldap/filter.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { checkPasswordChange, detectPasswordMethod, hashPassword, isPasswordLocked, isPasswordMethodName, type PasswordMethodName } from '../../passwords/index.ts';
import type { AccessPolicy, Actor } from '../AccessPolicy.ts';
import type { SiteConfig } from '../SiteConfig.ts';

const ALPHABET = 'ABCDEFGHKLMNOPQRSTWXYZabcdefghjkmnpqrstwxyz123456789';
const invalid = (message: string) => new AppError({ code: 'value.invalid', message });

/** The stored form of a token: `{SHA}` base64(sha1(salt ‖ token ‖ salt)). */
export function recoveryTokenHash(token: string, salt: string): string {
  return `{SHA}${createHash('sha1').update(salt + token + salt, 'utf8').digest('base64')}`;
}

export interface PasswordRecoveryOptions {
  gateway: LdapGateway;
  config: SiteConfig;
  access: AccessPolicy;
}

export class PasswordRecovery {
  private readonly o: PasswordRecoveryOptions;

  constructor(options: PasswordRecoveryOptions) {
    this.o = options;
  }

  private get branch(): string {
    return `ou=recovery,ou=fusiondirectory,${this.o.config.baseDN}`;
  }

  private requireActivated(): void {
    if (!this.o.config.bool('fdPasswordRecoveryActivated', false)) throw invalid('Password recovery is not activated');
  }

  private loginAttribute(): string {
    return this.o.config.get('fdPasswordRecoveryLoginAttribute') ?? 'uid';
  }

  /** The users an address belongs to, by the rules of the configuration. */
  private async usersByMail(email: string): Promise<Array<{ dn: string; login: string | undefined; password: string | undefined }>> {
    const byMail: FilterNode[] = [eq('mail', email)];
    if (this.o.config.bool('fdPasswordRecoveryUseAlternate', false)) byMail.push(eq('gosaMailAlternateAddress', email));
    const filters: FilterNode[] = [and(eq('objectClass', 'gosaMailAccount'), byMail.length > 1 ? or(...byMail) : byMail[0]!)];
    if (this.o.config.bool('fdPrivateEmailPasswordRecovery', false)) filters.push(and(eq('objectClass', 'fdPersonalInfo'), eq('fdPrivateMail', email)));
    const login = this.loginAttribute();
    const entries = await this.o.gateway.searchAll(this.o.config.baseDN, { filter: filters.length > 1 ? or(...filters) : filters[0]!, attributes: [login, 'userPassword'] });
    return entries.map((e) => ({ dn: e.dn, login: e.first(login), password: e.first('userPassword') }));
  }

  /**
   * A new token for the user of an e-mail address (GET /recovery): the actor needs the right to write that user's
   * password. A new request replaces the previous token.
   */
  async issueToken(actor: Actor, email: string): Promise<{ token: string; login: string }> {
    this.requireActivated();
    if (!email) throw invalid('Missing parameter "email"');
    const users = await this.usersByMail(email);
    if (users.length === 0) throw invalid(`There is no account using email "${email}"`);
    if (users.length > 1) throw invalid(`There are several accounts using email "${email}"`);
    const user = users[0]!;
    if (!(await this.o.access.rights(actor, { dn: user.dn, category: 'user', tab: 'user', attribute: 'userPassword' })).includes('w')) {
      throw new AppError({ code: 'acl.denied', message: `You have no permission to change the password of "${user.dn}"`, dn: user.dn });
    }
    if (user.password && isPasswordLocked(user.password)) throw invalid('This account is locked: its password cannot be recovered.');
    if (!user.login) throw invalid(`The account has no ${this.loginAttribute()} to recover it with.`);
    const token = Array.from({ length: 57 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const expiry = Math.floor(Date.now() / 1000) + this.o.config.int('fdPasswordRecoveryValidity', 10) * 60;
    const dn = `ou=${escapeDnValue(user.login)},${this.branch}`;
    const values = { userPassword: recoveryTokenHash(token, this.o.config.get('fdPasswordRecoverySalt') ?? ''), description: String(expiry) };
    if ((await this.o.gateway.read(this.branch, ['1.1'])) === null) await this.o.gateway.add(this.branch, { objectClass: 'organizationalUnit', ou: 'recovery' }).catch(() => undefined);
    if ((await this.o.gateway.read(dn, ['1.1'])) === null) await this.o.gateway.add(dn, { objectClass: 'organizationalUnit', ou: user.login, ...values });
    else await this.o.gateway.modify(dn, Object.entries(values).map(([attribute, v]) => ({ operation: 'replace' as const, attribute, values: [v] })));
    return { token, login: user.login };
  }

  /** Set a new password with a token (PUT /recovery): the token must match and not be expired; the password rules apply. */
  async resetPassword(input: { login: string; token: string; password1: string; password2: string }): Promise<void> {
    this.requireActivated();
    const entry = await this.o.gateway.read(`ou=${escapeDnValue(input.login)},${this.branch}`, ['userPassword', 'description']);
    const expected = entry?.first('userPassword');
    const given = recoveryTokenHash(input.token, this.o.config.get('fdPasswordRecoverySalt') ?? '');
    const matches = expected !== undefined && expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
    if (!matches || Number(entry?.first('description') ?? 0) < Date.now() / 1000) throw invalid('This token is invalid');
    const login = this.loginAttribute();
    const users = await this.o.gateway.searchAll(this.o.config.baseDN, {
      filter: and(or(eq('objectClass', 'gosaMailAccount'), eq('objectClass', 'fdPersonalInfo'), eq('objectClass', 'supannPerson')), eq(login, input.login)),
      attributes: ['userPassword'],
    });
    if (users.length !== 1) throw invalid('This token is invalid');
    const user = users[0]!;
    const stored = user.first('userPassword') ?? '';
    if (isPasswordLocked(stored)) throw invalid('This account is locked: its password cannot be recovered.');
    const result = await checkPasswordChange({
      newPassword: input.password1,
      repeatedPassword: input.password2,
      currentHash: stored || null,
      selfChange: true,
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
  }
}
