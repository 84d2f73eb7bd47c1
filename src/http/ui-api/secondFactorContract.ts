// The UI API's second-factor shapes (secondFactorApi.ts), shared with the web interface (web/src/account/secondFactorContract.ts).

import type { SecondFactorMethod, SecondFactorSummary } from '../../services/secondFactor/SecondFactors.ts';

export type { SecondFactorMethod };

/**
 * The `details` of the 401 `auth.required` answer to `POST /session` when the password was right but a second factor
 * is needed: a short-lived HttpOnly cookie then carries the pending sign-in to `POST /session/second-factor`.
 */
export interface SecondFactorChallenge {
  secondFactor: { methods: SecondFactorMethod[] };
}

/** `POST /session/second-factor`. */
export type SecondFactorProof =
  | { method: 'totp'; code: string }
  | { method: 'recovery'; code: string }
  | { method: 'webauthn'; response: unknown };

/** `GET /account/second-factors` (and the administrators' `GET /second-factors/users/{dn}`). */
export interface SecondFactorList extends SecondFactorSummary {
  /**
   * The DNs of the roles, groups or departments (trousseau.yaml `secondFactor.requiredFor`) that require the user to
   * have an authentication app or a security key; absent when none does. The user may not remove the last one.
   */
  requiredBy?: string[];
}

/** `POST /account/second-factors/totp/new`: a secret to show (QR code and text), not saved until a code proves it. */
export interface NewTotpAnswer {
  secret: string;
  uri: string;
  /** The QR code of `uri`, as an SVG data: URL. */
  qrCode: string;
  /** Give it back with the first code to `POST /account/second-factors/totp`. */
  ticket: string;
}

/** `POST /account/second-factors/webauthn/options`: the browser's `navigator.credentials.create` options. */
export interface WebauthnOptionsAnswer {
  options: unknown;
  ticket: string;
}

/** `POST /account/second-factors/recovery-codes`: shown once. */
export interface RecoveryCodesAnswer {
  codes: string[];
}
