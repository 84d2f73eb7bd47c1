// Sign-in, token rotation, sign-out and bearer checks of the orchestrator API (fd-orchestrator-tools.md §1.3, §1.4.1–
// §1.4.4). Errors are AppErrors whose message is the orchestrator's exact text: `value.invalid` answers 400,
// `auth.failed` 401 (src/http/orchestrator/orchestratorApi.ts).
import type { OrchestratorConfig } from '../../config/types.ts';
import { AppError } from '../../errors/AppError.ts';
import type { LdapGateway } from '../../ldap/LdapGateway.ts';
import { DsaAccounts, type DsaAccount } from './dsaAuth.ts';
import { TokenError, mintAccessToken, mintRefreshToken, verifyToken, type OrchestratorClaims } from './jwt.ts';
import { RefreshTokenStore } from './refreshTokens.ts';

export interface OrchestratorAuthOptions {
  gateway: LdapGateway;
  baseDN: string;
  config: OrchestratorConfig;
  now?: () => Date;
  warn?: (message: string) => void;
}

/** The answer of login and refresh. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

export const INVALID_AUTHENTICATION = 'invalid authentication';

const badRequest = (message: string) => new AppError({ code: 'value.invalid', message });
const unauthorized = (message: string) => new AppError({ code: 'auth.failed', message });

export class OrchestratorAuth {
  readonly accounts: DsaAccounts;
  readonly whitelist: RefreshTokenStore;
  private readonly config: OrchestratorConfig;
  private readonly now: () => Date;

  constructor(options: OrchestratorAuthOptions) {
    this.config = options.config;
    this.now = options.now ?? (() => new Date());
    const dsaBase = options.config.dsaBase ?? `ou=dsa,${options.baseDN}`;
    this.accounts = new DsaAccounts({ gateway: options.gateway, dsaBase, ...(options.warn ? { warn: options.warn } : {}) });
    this.whitelist = new RefreshTokenStore({ gateway: options.gateway, key: this.key, dsaBase });
  }

  private get key(): string {
    return this.config.secretKey.reveal();
  }

  /**
   * A new pair. Tokens are a function of the DSA and the second they are minted: a refresh in the second its token
   * was issued would give the same token again, and the old one would stay valid; `replacing` then gets one second more.
   */
  private issue(account: DsaAccount, replacing?: string): { pair: TokenPair; exp: number } {
    const now = this.now();
    let lifetime = this.config.refreshExpiry;
    let refresh = mintRefreshToken(account.subject, this.key, lifetime, now);
    while (refresh === replacing) refresh = mintRefreshToken(account.subject, this.key, ++lifetime, now);
    return {
      pair: { access_token: mintAccessToken(account.subject, this.key, this.config.tokenExpiry, now), refresh_token: refresh },
      exp: Math.floor(now.getTime() / 1000) + lifetime,
    };
  }

  /** `POST /login`: a new token pair for the DSA, whose refresh token replaces the previous one. */
  async login(username: string, password: string): Promise<{ account: DsaAccount; tokens: TokenPair }> {
    const account = await this.accounts.authenticate(username, password);
    if (!account) throw unauthorized(INVALID_AUTHENTICATION);
    const { pair, exp } = this.issue(account);
    await this.whitelist.store(account, pair.refresh_token, exp);
    return { account, tokens: pair };
  }

  /** A refresh token given to /refresh or /logout: any problem is `invalid token` (400), an access token too. */
  private verifyRefresh(token: string): OrchestratorClaims {
    let claims: OrchestratorClaims;
    try {
      claims = verifyToken(token, this.key, this.now());
    } catch (e) {
      if (e instanceof TokenError) throw badRequest('invalid token');
      throw e;
    }
    if (claims.kind !== 'refresh') throw badRequest('invalid token');
    return claims;
  }

  /** `POST /refresh`: a new pair; the old refresh token leaves the whitelist (it works once). */
  async refresh(token: string): Promise<{ account: DsaAccount; tokens: TokenPair }> {
    const claims = this.verifyRefresh(token);
    const account = await this.accounts.find(claims.sub);
    if (!account) throw unauthorized(INVALID_AUTHENTICATION);
    const { pair, exp } = this.issue(account, token);
    if (!(await this.whitelist.rotate(account, token, pair.refresh_token, exp))) throw badRequest('invalid token (not on whitelist)');
    return { account, tokens: pair };
  }

  /** `POST /logout`: true when the token was on the whitelist and is removed. */
  async logout(token: string): Promise<boolean> {
    this.verifyRefresh(token);
    return this.whitelist.revoke(token);
  }

  /**
   * The DSA a bearer (access) token stands for. Refused (401): a bad signature, an expired or malformed token, a
   * refresh token, and (unlike FusionDirectory) a token whose DSA no longer exists.
   */
  async authenticateBearer(token: string): Promise<DsaAccount> {
    let claims: OrchestratorClaims;
    try {
      claims = verifyToken(token, this.key, this.now());
    } catch (e) {
      if (e instanceof TokenError) throw unauthorized(e.message);
      throw e;
    }
    if (claims.kind !== 'access') throw unauthorized('invalid token type');
    const account = await this.accounts.find(claims.sub);
    if (!account) throw unauthorized(INVALID_AUTHENTICATION);
    return account;
  }
}
