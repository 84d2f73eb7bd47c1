// Endpoints of FusionDirectory's API whose feature Trousseau does not offer (yet): archive and password recovery.
import type { Endpoint } from './Endpoint.ts';
import { RestError, badRequest } from './restErrors.ts';
import { requireDn, resolveType } from './restHelpers.ts';

const unavailable = (message: string) => new RestError(501, { code: 'feature.unavailable', message });

/** POST /archive/{type}/{dn}: FusionDirectory's own answer when its archive plugin is missing. */
export const archiveObject: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    resolveType(call, call.args[0]);
    requireDn(call.args[1]);
    throw unavailable('Archive action is not available: archive plugin is not installed');
  },
};

function requireRecoveryActivated(call: Parameters<Endpoint['handle']>[0]): void {
  if (!call.directory.config.bool('fdPasswordRecoveryActivated', false)) throw badRequest('Password recovery is not activated');
}

/** GET /recovery?email=…: refused as FusionDirectory does when recovery is off; not implemented yet when it is on. */
export const getRecoveryToken: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    requireRecoveryActivated(call);
    throw unavailable('Password recovery through the REST API is not available in this version of Trousseau');
  },
};

/** PUT /recovery {login, token, password1, password2}. */
export const putRecovery: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    requireRecoveryActivated(call);
    const body = call.input !== null && typeof call.input === 'object' ? (call.input as Record<string, unknown>) : {};
    for (const p of ['login', 'token', 'password1', 'password2']) if (body[p] === undefined) throw badRequest(`Missing parameter "${p}" in POST data`);
    throw unavailable('Password recovery through the REST API is not available in this version of Trousseau');
  },
};
