// Archive (FusionDirectory's 501 without its plugin) and password recovery over REST.
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

/** GET /recovery?email=…: a recovery token for the user of that address, without sending mail (fd-core.md §10.3). */
export const getRecoveryToken: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    return { body: await call.directory.recovery.issueToken(call.actor, call.query.get('email') ?? '') };
  },
};

/** PUT /recovery {login, token, password1, password2}: a new password with a token. */
export const putRecovery: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    if (!call.directory.config.bool('fdPasswordRecoveryActivated', false)) throw badRequest('Password recovery is not activated');
    const body = call.input !== null && typeof call.input === 'object' ? (call.input as Record<string, unknown>) : {};
    for (const p of ['login', 'token', 'password1', 'password2']) if (typeof body[p] !== 'string') throw badRequest(`Missing parameter "${p}" in POST data`);
    await call.directory.recovery.resetPassword(body as { login: string; token: string; password1: string; password2: string });
    return { status: 204 };
  },
};
