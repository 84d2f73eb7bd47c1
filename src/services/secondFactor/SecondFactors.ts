// Second factors of users, stored as FusionDirectory's webauthn plugin stores them (fd-plugins.md §2.13): TOTP tokens
// (`fdTOTPTokens`: `<Y-m-d>|otpauth://…`), WebAuthn registrations (`fdWebauthnRegistrations`: JSON objects) and
// single-use recovery codes (`fdWebauthnRecoveryCode`: `<ISO date>|<bcrypt>`), on objectClass `fdWebauthnAccount`.
// See docs/second-factors.md.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import bcrypt from 'bcryptjs';
import * as OTPAuth from 'otpauth';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { convertCertBufferToPEM, decodeAttestationObject, getCertificateInfo, isoBase64URL } from '@simplewebauthn/server/helpers';
import { AppError } from '../../errors/AppError.ts';
import type { LdapChange, LdapGateway } from '../../ldap/LdapGateway.ts';
import { AttributeOrValueExistsError, NoSuchAttributeError } from '../../ldap/errors.ts';
import { LoginThrottle } from '../auth/LoginThrottle.ts';
import type { SiteConfig } from '../SiteConfig.ts';
import { coseToPem, pemToCose } from './coseKey.ts';

export const TOTP_ATTRIBUTE = 'fdTOTPTokens';
export const WEBAUTHN_ATTRIBUTE = 'fdWebauthnRegistrations';
export const RECOVERY_ATTRIBUTE = 'fdWebauthnRecoveryCode';
export const SECOND_FACTOR_CLASS = 'fdWebauthnAccount';
const ATTRIBUTES = [TOTP_ATTRIBUTE, WEBAUTHN_ATTRIBUTE, RECOVERY_ATTRIBUTE];

/**
 * Query parameter of the otpauth URI where Trousseau remembers the last time step accepted, so a code cannot be used
 * twice (FusionDirectory has no such check). Unknown parameters are kept by FusionDirectory's OTPHP library.
 */
export const LAST_STEP_PARAMETER = 'trousseau_last';

/** Recovery codes: an alphabet without look-alikes (no 0/O, 1/I/L), as FusionDirectory's. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const RECOVERY_LENGTH = 12;
const RECOVERY_COUNT = 8;
const BCRYPT_COST = 10;

export type SecondFactorMethod = 'totp' | 'webauthn' | 'recovery';

export interface TotpSettings {
  algorithm: string;
  period: number;
  digits: number;
}

/** What "My account" lists (never a secret nor a hash). */
export interface SecondFactorSummary {
  totp: { id: string; created: string; issuer: string; label: string }[];
  webauthn: { id: string; created?: string; rpId: string; counter: number; name?: string; issuer?: string; subject?: string }[];
  recoveryCodes: { remaining: number; created?: string };
}

/** One `fdWebauthnRegistrations` value (FusionDirectory's keys, plus `created` and `name` of Trousseau's). */
export interface WebauthnRegistration {
  rpId: string;
  attestationFormat?: string;
  credentialId: string;
  credentialPublicKey: string;
  certificateChain: string | null;
  certificate: string | null;
  certificateIssuer: string | null;
  certificateSubject: string | null;
  signatureCounter: number;
  AAGUID: string;
  rootValid?: boolean;
  userPresent?: boolean;
  userVerified?: boolean;
  created?: string;
  name?: string;
}

export interface SecondFactorsOptions {
  gateway: LdapGateway;
  config: SiteConfig;
  /** Per-account progressive delay of wrong codes (its own instance by default). */
  throttle?: LoginThrottle;
  now?: () => number;
}

const invalid = (message: string, attribute?: string) => new AppError({ code: 'value.invalid', message, ...(attribute ? { attribute } : {}) });
const today = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);
/** FusionDirectory stores base64 (not base64url) for ids and AAGUIDs. */
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const base64ToBase64Url = (text: string) => Buffer.from(text, 'base64').toString('base64url');

// Edited as text, not through URLSearchParams, so the rest of the URI keeps its exact encoding.
const LAST_STEP = new RegExp(`([?&])${LAST_STEP_PARAMETER}=(\\d+)(?=&|$)`);
function withoutLastStep(uri: string): string {
  return uri.replace(LAST_STEP, (_all, sep: string) => (sep === '?' ? '?' : '')).replace('?&', '?').replace(/\?$/, '');
}

function parseTotpValue(value: string): { created: string; uri: string } | undefined {
  const bar = value.indexOf('|');
  if (bar < 0) return undefined;
  return { created: value.slice(0, bar), uri: value.slice(bar + 1) };
}

/** The TOTP of an otpauth URI, and the last step Trousseau recorded in it. */
function totpOf(uri: string): { totp: OTPAuth.TOTP; lastStep: number } | undefined {
  try {
    const last = Number(LAST_STEP.exec(uri)?.[2] ?? '-1');
    const parsed = OTPAuth.URI.parse(withoutLastStep(uri));
    if (!(parsed instanceof OTPAuth.TOTP)) return undefined;
    return { totp: parsed, lastStep: Number.isInteger(last) ? last : -1 };
  } catch {
    return undefined;
  }
}

function withLastStep(uri: string, step: number): string {
  const rest = withoutLastStep(uri);
  return `${rest}${rest.includes('?') ? '&' : '?'}${LAST_STEP_PARAMETER}=${step}`;
}

/**
 * Enrolment, listing, removal and verification of a user's second factors. Every write is a minimal modify;
 * single use (recovery codes, TOTP steps) relies on LDAP's value-level delete, which fails when another instance
 * consumed the same value first.
 * @example
 * if ((await factors.methods(dn)).length > 0) ask for a code; await factors.verifyTotp(dn, '123456');
 */
export class SecondFactors {
  private readonly gateway: LdapGateway;
  private readonly config: SiteConfig;
  private readonly throttle: LoginThrottle;
  private readonly now: () => number;

  constructor(options: SecondFactorsOptions) {
    this.gateway = options.gateway;
    this.config = options.config;
    this.throttle = options.throttle ?? new LoginThrottle({ freeAttempts: 1, baseDelayMs: 500, maxDelayMs: 8000 });
    this.now = options.now ?? Date.now;
  }

  /** fdTotpDigest / fdTotpPeriod / fdTotpDigits (defaults sha1 / 30 / 6). */
  totpSettings(): TotpSettings {
    const algorithm = (this.config.get('fdTotpDigest') ?? 'sha1').toUpperCase().replace(/^SHA-?/, 'SHA');
    const period = this.config.int('fdTotpPeriod', 30);
    const digits = this.config.int('fdTotpDigits', 6);
    return { algorithm: ['SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'SHA3-224', 'SHA3-256', 'SHA3-384', 'SHA3-512'].includes(algorithm) ? algorithm : 'SHA1', period: period >= 1 ? period : 30, digits: digits >= 1 && digits <= 10 ? digits : 6 };
  }

  /** fdWebauthnFormats (default android-key, fido-u2f, packed). */
  webauthnFormats(): string[] {
    const formats = this.config.list('fdWebauthnFormats');
    return formats.length > 0 ? formats : ['android-key', 'fido-u2f', 'packed'];
  }

  private async read(dn: string) {
    const entry = await this.gateway.read(dn, ['objectClass', 'uid', 'cn', ...ATTRIBUTES]);
    if (!entry) throw new AppError({ code: 'object.not_found', message: `No user ${dn}.`, dn });
    return entry;
  }

  /** The kinds of factor the user has (empty: no second step at sign-in). */
  async methods(dn: string): Promise<SecondFactorMethod[]> {
    const entry = await this.gateway.read(dn, ATTRIBUTES);
    if (!entry) return [];
    const methods: SecondFactorMethod[] = [];
    if (entry.get(TOTP_ATTRIBUTE).length > 0) methods.push('totp');
    if (entry.get(WEBAUTHN_ATTRIBUTE).length > 0) methods.push('webauthn');
    if (entry.get(RECOVERY_ATTRIBUTE).length > 0) methods.push('recovery');
    return methods;
  }

  /** The user's factors, without secrets. */
  async list(dn: string): Promise<SecondFactorSummary> {
    const entry = await this.read(dn);
    const totp = entry.get(TOTP_ATTRIBUTE).flatMap((value) => {
      const parsed = parseTotpValue(value);
      const otp = parsed && totpOf(parsed.uri);
      return parsed && otp ? [{ id: sha(otp.totp.secret.base32), created: parsed.created, issuer: otp.totp.issuer, label: otp.totp.label }] : [];
    });
    const webauthn = entry.get(WEBAUTHN_ATTRIBUTE).flatMap((value) => {
      const r = this.parseRegistration(value);
      return r ? [{ id: base64ToBase64Url(r.credentialId), rpId: r.rpId, counter: r.signatureCounter, ...(r.created ? { created: r.created } : {}), ...(r.name ? { name: r.name } : {}), ...(r.certificateIssuer ? { issuer: r.certificateIssuer } : {}), ...(r.certificateSubject ? { subject: r.certificateSubject } : {}) }] : [];
    });
    const codes = entry.get(RECOVERY_ATTRIBUTE);
    const created = codes.map((c) => c.slice(0, Math.max(0, c.indexOf('|')))).sort().at(-1);
    return { totp, webauthn, recoveryCodes: { remaining: codes.length, ...(created ? { created } : {}) } };
  }

  private parseRegistration(value: string): WebauthnRegistration | undefined {
    try {
      const r = JSON.parse(value) as WebauthnRegistration;
      return typeof r.credentialId === 'string' && typeof r.credentialPublicKey === 'string' ? r : undefined;
    } catch {
      return undefined;
    }
  }

  /** Adds values, and the objectClass when the entry lacks it. */
  private async addValues(dn: string, attribute: string, values: string[], extra: LdapChange[] = []): Promise<void> {
    const entry = await this.read(dn);
    const hasClass = entry.get('objectClass').some((c) => c.toLowerCase() === SECOND_FACTOR_CLASS.toLowerCase());
    await this.gateway.modify(dn, [...(hasClass ? [] : [{ operation: 'add' as const, attribute: 'objectClass', values: [SECOND_FACTOR_CLASS] }]), ...extra, { operation: 'add', attribute, values }]);
  }

  /** After a removal: the objectClass goes with the last factor (FusionDirectory's tab deactivation). */
  private async tidy(dn: string): Promise<void> {
    const entry = await this.read(dn);
    if (ATTRIBUTES.some((a) => entry.get(a).length > 0)) return;
    if (!entry.get('objectClass').some((c) => c.toLowerCase() === SECOND_FACTOR_CLASS.toLowerCase())) return;
    try {
      await this.gateway.modify(dn, [{ operation: 'delete', attribute: 'objectClass', values: [SECOND_FACTOR_CLASS] }]);
    } catch (e) {
      if (!(e instanceof NoSuchAttributeError)) throw e;
    }
  }

  // ---- TOTP ----

  /** A new TOTP for the user (not saved): label = uid, issuer = the host name, the site's digest/period/digits. */
  newTotp(uid: string, issuer: string): { secret: string; uri: string } {
    const s = this.totpSettings();
    const totp = new OTPAuth.TOTP({ issuer, label: uid, algorithm: s.algorithm, digits: s.digits, period: s.period, secret: new OTPAuth.Secret({ size: 20 }) });
    return { secret: totp.secret.base32, uri: totp.toString() };
  }

  /** Saves a TOTP after checking a code from it (the code is then spent). */
  async addTotp(dn: string, uri: string, code: string): Promise<void> {
    const otp = totpOf(uri);
    if (!otp) throw invalid('This is not a TOTP provisioning URI.', 'uri');
    const step = this.matchingStep(otp.totp, code);
    if (step === undefined) throw invalid('This code is not right: check the time of your device and type the current code.', 'code');
    const id = sha(otp.totp.secret.base32);
    if ((await this.list(dn)).totp.some((t) => t.id === id)) throw invalid('This TOTP is already registered.', 'uri');
    await this.addValues(dn, TOTP_ATTRIBUTE, [`${today(this.now())}|${withLastStep(uri, step)}`]);
  }

  private matchingStep(totp: OTPAuth.TOTP, code: string): number | undefined {
    const clean = code.replace(/\s+/g, '');
    if (!/^\d+$/.test(clean) || clean.length !== totp.digits) return undefined;
    const delta = totp.validate({ token: clean, timestamp: this.now(), window: 1 });
    return delta === null ? undefined : totp.counter({ timestamp: this.now() }) + delta;
  }

  /** Removes one TOTP (by the id `list` gives). */
  async removeTotp(dn: string, id: string): Promise<boolean> {
    const entry = await this.read(dn);
    const value = entry.get(TOTP_ATTRIBUTE).find((v) => {
      const otp = totpOf(parseTotpValue(v)?.uri ?? '');
      return otp !== undefined && sha(otp.totp.secret.base32) === id;
    });
    if (!value) return false;
    await this.removeValue(dn, TOTP_ATTRIBUTE, value);
    return true;
  }

  /**
   * Whether `code` is a current code of one of the user's TOTPs, never accepted before. The time step accepted is
   * written back into the token (replacing its value atomically), so the same code is refused afterwards, on every
   * instance. Wrong codes slow the next attempt down (per account).
   */
  async verifyTotp(dn: string, code: string): Promise<boolean> {
    return this.throttled(dn, async () => {
      const entry = await this.read(dn);
      for (const value of entry.get(TOTP_ATTRIBUTE)) {
        const parsed = parseTotpValue(value);
        const otp = parsed && totpOf(parsed.uri);
        if (!parsed || !otp) continue;
        const step = this.matchingStep(otp.totp, code);
        if (step === undefined || step <= otp.lastStep) continue;
        try {
          await this.gateway.modify(dn, [
            { operation: 'delete', attribute: TOTP_ATTRIBUTE, values: [value] },
            { operation: 'add', attribute: TOTP_ATTRIBUTE, values: [`${parsed.created}|${withLastStep(parsed.uri, step)}`] },
          ]);
          return true;
        } catch (e) {
          // Another request spent this step first.
          if (e instanceof NoSuchAttributeError || e instanceof AttributeOrValueExistsError) return false;
          throw e;
        }
      }
      return false;
    });
  }

  private async throttled(dn: string, check: () => Promise<boolean>): Promise<boolean> {
    const keys = [`2fa:${dn.toLowerCase()}`];
    await this.throttle.wait(keys);
    const ok = await check();
    if (ok) this.throttle.succeeded(keys);
    else this.throttle.failed(keys);
    return ok;
  }

  private async removeValue(dn: string, attribute: string, value: string): Promise<void> {
    try {
      await this.gateway.modify(dn, [{ operation: 'delete', attribute, values: [value] }]);
    } catch (e) {
      if (!(e instanceof NoSuchAttributeError)) throw e;
    }
    await this.tidy(dn);
  }

  // ---- recovery codes ----

  /** New recovery codes replacing the old ones; shown once, only their bcrypt hashes are stored (`$2y$`, as PHP). */
  async newRecoveryCodes(dn: string, count = RECOVERY_COUNT): Promise<string[]> {
    const codes = Array.from({ length: count }, () => Array.from({ length: RECOVERY_LENGTH }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join(''));
    const date = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, '+00:00');
    const values = await Promise.all(codes.map(async (code) => `${date}|${(await bcrypt.hash(code, BCRYPT_COST)).replace(/^\$2[ab]\$/, '$2y$')}`));
    const entry = await this.read(dn);
    const old = entry.get(RECOVERY_ATTRIBUTE);
    await this.addValues(dn, RECOVERY_ATTRIBUTE, values, old.length > 0 ? [{ operation: 'delete', attribute: RECOVERY_ATTRIBUTE, values: old }] : []);
    return codes;
  }

  /** Removes every recovery code. */
  async removeRecoveryCodes(dn: string): Promise<void> {
    const entry = await this.read(dn);
    if (entry.get(RECOVERY_ATTRIBUTE).length === 0) return;
    await this.gateway.modify(dn, [{ operation: 'delete', attribute: RECOVERY_ATTRIBUTE }]);
    await this.tidy(dn);
  }

  /** Whether `code` is one of the user's recovery codes; it is deleted at once (single use), even by another instance. */
  async useRecoveryCode(dn: string, code: string): Promise<boolean> {
    return this.throttled(dn, async () => {
      const typed = code.trim();
      if (typed === '' || typed.length > 64) return false;
      const candidates = [...new Set([typed, typed.replace(/[\s-]+/g, '').toUpperCase()])];
      const entry = await this.read(dn);
      for (const value of entry.get(RECOVERY_ATTRIBUTE)) {
        const hash = value.slice(value.indexOf('|') + 1);
        if (!/^\$2[abxy]\$/.test(hash)) continue;
        // Each compare costs bcrypt's work factor: stop at the first spelling that matches.
        let match = false;
        for (const candidate of candidates) {
          if (await bcrypt.compare(candidate, hash.replace(/^\$2[xy]\$/, '$2b$'))) {
            match = true;
            break;
          }
        }
        if (!match) continue;
        try {
          await this.gateway.modify(dn, [{ operation: 'delete', attribute: RECOVERY_ATTRIBUTE, values: [value] }]);
        } catch (e) {
          if (e instanceof NoSuchAttributeError) return false;
          throw e;
        }
        await this.tidy(dn);
        return true;
      }
      return false;
    });
  }

  // ---- WebAuthn ----

  /** Registration options for the browser; the challenge must come back with the answer (see `addWebauthn`). */
  async webauthnRegistrationOptions(dn: string, rpId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const entry = await this.read(dn);
    const existing = entry.get(WEBAUTHN_ATTRIBUTE).flatMap((v) => {
      const r = this.parseRegistration(v);
      return r ? [{ id: base64ToBase64Url(r.credentialId) }] : [];
    });
    return generateRegistrationOptions({
      rpName: 'Trousseau',
      rpID: rpId,
      userName: entry.first('uid') ?? dn,
      userDisplayName: entry.first('cn') ?? entry.first('uid') ?? dn,
      // The user handle: a hash of the DN (a DN may exceed the 64 bytes allowed).
      userID: createHash('sha256').update(dn.toLowerCase()).digest(),
      challenge: randomBytes(32),
      attestationType: this.webauthnFormats().includes('none') ? 'none' : 'direct',
      excludeCredentials: existing,
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      timeout: 60_000,
    });
  }

  /** Checks a registration answer and stores it in FusionDirectory's JSON form. */
  async addWebauthn(dn: string, input: { response: RegistrationResponseJSON; challenge: string; origin: string; rpId: string; name?: string }): Promise<void> {
    let verified;
    try {
      verified = await verifyRegistrationResponse({ response: input.response, expectedChallenge: input.challenge, expectedOrigin: input.origin, expectedRPID: input.rpId, requireUserVerification: false });
    } catch (e) {
      throw invalid(`The security key's answer was refused: ${(e as Error).message}`, 'response');
    }
    if (!verified.verified) throw invalid("The security key's answer was refused.", 'response');
    const info = verified.registrationInfo;
    if (!this.webauthnFormats().includes(info.fmt)) throw invalid(`Attestation format "${info.fmt}" is not allowed by the configuration (fdWebauthnFormats).`, 'response');
    let certificate: string | null = null;
    let certificateIssuer: string | null = null;
    let certificateSubject: string | null = null;
    try {
      const x5c = decodeAttestationObject(info.attestationObject).get('attStmt').get('x5c');
      if (x5c?.[0]) {
        certificate = convertCertBufferToPEM(x5c[0]);
        const cert = getCertificateInfo(x5c[0]);
        certificateIssuer = cert.issuer.combined;
        certificateSubject = cert.subject.combined;
      }
    } catch {
      // Informational only.
    }
    const registration: WebauthnRegistration = {
      rpId: input.rpId,
      attestationFormat: info.fmt,
      credentialId: toBase64(isoBase64URL.toBuffer(info.credential.id)),
      credentialPublicKey: coseToPem(info.credential.publicKey),
      certificateChain: null,
      certificate,
      certificateIssuer,
      certificateSubject,
      signatureCounter: info.credential.counter,
      AAGUID: toBase64(Buffer.from(info.aaguid.replace(/-/g, ''), 'hex')),
      userPresent: true,
      userVerified: info.userVerified,
      created: new Date(this.now()).toISOString(),
      ...(input.name ? { name: input.name.slice(0, 64) } : {}),
    };
    await this.addValues(dn, WEBAUTHN_ATTRIBUTE, [JSON.stringify(registration)]);
  }

  /** Removes one registration (by the base64url credential id `list` gives). */
  async removeWebauthn(dn: string, id: string): Promise<boolean> {
    const entry = await this.read(dn);
    const value = entry.get(WEBAUTHN_ATTRIBUTE).find((v) => {
      const r = this.parseRegistration(v);
      return r !== undefined && base64ToBase64Url(r.credentialId) === id;
    });
    if (!value) return false;
    await this.removeValue(dn, WEBAUTHN_ATTRIBUTE, value);
    return true;
  }

  /** Sign-in options naming the user's credentials. */
  async webauthnAuthenticationOptions(dn: string, rpId: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const entry = await this.read(dn);
    const allow = entry.get(WEBAUTHN_ATTRIBUTE).flatMap((v) => {
      const r = this.parseRegistration(v);
      return r && r.rpId === rpId ? [{ id: base64ToBase64Url(r.credentialId) }] : [];
    });
    return generateAuthenticationOptions({ rpID: rpId, allowCredentials: allow, userVerification: 'preferred', challenge: randomBytes(32), timeout: 60_000 });
  }

  /** Whether an assertion is valid for one of the user's registrations; its signature counter is then updated. */
  async verifyWebauthn(dn: string, input: { response: AuthenticationResponseJSON; challenge: string; origin: string; rpId: string }): Promise<boolean> {
    return this.throttled(dn, async () => {
      const entry = await this.read(dn);
      const value = entry.get(WEBAUTHN_ATTRIBUTE).find((v) => {
        const r = this.parseRegistration(v);
        return r !== undefined && base64ToBase64Url(r.credentialId) === input.response?.id;
      });
      const registration = value ? this.parseRegistration(value) : undefined;
      if (!value || !registration || registration.rpId !== input.rpId) return false;
      let result;
      try {
        result = await verifyAuthenticationResponse({
          response: input.response,
          expectedChallenge: input.challenge,
          expectedOrigin: input.origin,
          expectedRPID: registration.rpId,
          credential: { id: input.response.id, publicKey: pemToCose(registration.credentialPublicKey), counter: registration.signatureCounter ?? 0 },
          requireUserVerification: false,
        });
      } catch {
        return false;
      }
      if (!result.verified) return false;
      const updated = JSON.stringify({ ...registration, signatureCounter: result.authenticationInfo.newCounter });
      if (updated !== value) {
        try {
          await this.gateway.modify(dn, [
            { operation: 'delete', attribute: WEBAUTHN_ATTRIBUTE, values: [value] },
            { operation: 'add', attribute: WEBAUTHN_ATTRIBUTE, values: [updated] },
          ]);
        } catch (e) {
          // A concurrent use with the same counter: a cloned authenticator or a replay.
          if (e instanceof NoSuchAttributeError || e instanceof AttributeOrValueExistsError) return false;
          throw e;
        }
      }
      return true;
    });
  }

  /** Removes every factor of the user (an administrator's action). */
  async removeAll(dn: string): Promise<void> {
    const entry = await this.read(dn);
    const changes: LdapChange[] = ATTRIBUTES.filter((a) => entry.get(a).length > 0).map((attribute) => ({ operation: 'delete', attribute }));
    if (entry.get('objectClass').some((c) => c.toLowerCase() === SECOND_FACTOR_CLASS.toLowerCase())) changes.push({ operation: 'delete', attribute: 'objectClass', values: [SECOND_FACTOR_CLASS] });
    await this.gateway.modify(dn, changes);
  }
}
