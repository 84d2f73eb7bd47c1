// WebAuthn public keys between the COSE form authenticators send and the PEM (SPKI) form FusionDirectory stores in
// fdWebauthnRegistrations (its lbuchs/WebAuthn library keeps `credentialPublicKey` as PEM).
import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

// COSE key parameters (RFC 9053): kty=1, alg=3, crv=-1, x=-2 (RSA n), y=-3 (RSA e=-2).
const KTY = 1;
const ALG = 3;
const CRV = -1;
const X = -2;
const Y = -3;
const EC_CURVES: Record<number, { crv: string; alg: number }> = { 1: { crv: 'P-256', alg: -7 }, 2: { crv: 'P-384', alg: -35 }, 3: { crv: 'P-521', alg: -36 } };
const b64u = (bytes: unknown) => isoBase64URL.fromBuffer(bytes as Uint8Array<ArrayBuffer>);

/** The PEM (SPKI) of a COSE-encoded public key. */
export function coseToPem(cose: Uint8Array<ArrayBuffer>): string {
  const key = isoCBOR.decodeFirst<Map<number, unknown>>(cose);
  const kty = key.get(KTY);
  let jwk: JsonWebKey;
  if (kty === 2) {
    const curve = EC_CURVES[key.get(CRV) as number];
    if (!curve) throw new Error('Unsupported EC curve in the credential key.');
    jwk = { kty: 'EC', crv: curve.crv, x: b64u(key.get(X)), y: b64u(key.get(Y)) };
  } else if (kty === 1) {
    if (key.get(CRV) !== 6) throw new Error('Unsupported OKP curve in the credential key.');
    jwk = { kty: 'OKP', crv: 'Ed25519', x: b64u(key.get(X)) };
  } else if (kty === 3) {
    jwk = { kty: 'RSA', n: b64u(key.get(-1)), e: b64u(key.get(-2)) };
  } else throw new Error('Unsupported key type in the credential key.');
  return createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

/** The COSE form of a PEM (SPKI) public key; the algorithm is the usual one of its key type (ES256, EdDSA, RS256…). */
export function pemToCose(pem: string): Uint8Array<ArrayBuffer> {
  const jwk = createPublicKey(pem).export({ format: 'jwk' });
  const bytes = (text: string | undefined) => isoBase64URL.toBuffer(text ?? '');
  const map = new Map<number, unknown>();
  if (jwk.kty === 'EC') {
    const [id, curve] = Object.entries(EC_CURVES).find(([, c]) => c.crv === jwk.crv) ?? [];
    if (!id || !curve) throw new Error(`Unsupported EC curve ${String(jwk.crv)}.`);
    map.set(KTY, 2).set(ALG, curve.alg).set(CRV, Number(id)).set(X, bytes(jwk.x)).set(Y, bytes(jwk.y));
  } else if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
    map.set(KTY, 1).set(ALG, -8).set(CRV, 6).set(X, bytes(jwk.x));
  } else if (jwk.kty === 'RSA') {
    map.set(KTY, 3).set(ALG, -257).set(-1, bytes(jwk.n)).set(-2, bytes(jwk.e));
  } else throw new Error(`Unsupported key type ${String(jwk.kty)}.`);
  return isoCBOR.encode(map as never) as Uint8Array<ArrayBuffer>;
}
