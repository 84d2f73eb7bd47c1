// A software WebAuthn authenticator for tests: makes the registration ("packed" self-attestation, ES256) and
// authentication answers a browser would send, so the server's checks run for real without a browser.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import { pemToCose } from '../coseKey.ts';

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

/**
 * One credential of a software authenticator.
 * @example
 * const key = new SoftAuthenticator('localhost', 'http://localhost:8080');
 * const attestation = key.register(options.challenge);
 * const assertion = key.assert(getOptions.challenge);
 */
export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicPem: string;
  private counter = 0;

  constructor(
    private readonly rpId: string,
    private readonly origin: string,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  private authData(attested: boolean): Buffer {
    this.counter += 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.counter);
    const head = Buffer.concat([sha256(this.rpId), Buffer.from([attested ? 0x45 : 0x05]), count]);
    if (!attested) return head;
    const length = Buffer.alloc(2);
    length.writeUInt16BE(this.credentialId.length);
    return Buffer.concat([head, Buffer.alloc(16), length, this.credentialId, Buffer.from(pemToCose(this.publicPem))]);
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  /** The `PublicKeyCredential` JSON of `navigator.credentials.create`. */
  register(challenge: string) {
    const clientDataJSON = this.clientData('webauthn.create', challenge);
    const authData = this.authData(true);
    const sig = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    const attStmt = new Map<string, unknown>([['alg', -7], ['sig', new Uint8Array(sig)]]);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'packed'], ['attStmt', attStmt], ['authData', new Uint8Array(authData)]]) as never);
    return { id: this.id, rawId: this.id, type: 'public-key', response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['usb'] }, clientExtensionResults: {} };
  }

  /** The `PublicKeyCredential` JSON of `navigator.credentials.get`. */
  assert(challenge: string) {
    const clientDataJSON = this.clientData('webauthn.get', challenge);
    const authenticatorData = this.authData(false);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    return { id: this.id, rawId: this.id, type: 'public-key', response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authenticatorData), signature: b64u(signature) }, clientExtensionResults: {} };
  }
}
