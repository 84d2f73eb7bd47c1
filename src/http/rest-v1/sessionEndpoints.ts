// /login, /logout, /token, /directories (fd-core.md §10.2).
import type { Endpoint, RestCall } from './Endpoint.ts';

function loginParameter(call: RestCall, name: string): string | undefined {
  const input = call.input;
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
    const v = (input as Record<string, unknown>)[name];
    if (typeof v === 'string') return v;
  }
  return call.query.get(name) ?? undefined;
}

/** POST /login — and, as FusionDirectory, any method; parameters from the JSON body or the query string. */
export const login: Endpoint = {
  input: 'optional',
  auth: false,
  async handle(call) {
    const directory = loginParameter(call, 'directory');
    const { token } = await call.sessions.login({
      ...(directory !== undefined ? { directory } : {}),
      user: loginParameter(call, 'user') ?? '',
      password: loginParameter(call, 'password') ?? '',
      userAgent: call.request.headers['user-agent'],
      ip: call.request.ip,
      releaseLocks: true,
    });
    return { body: token };
  },
};

/** POST /logout: every token of the session stops working, on every instance. */
export const logout: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    if (call.session) await call.sessions.logout(call.session, { ip: call.request.ip });
    return { status: 204, headers: { 'session-token': '' } };
  },
};

/** GET /token: the session's token (useful after HTTP Basic). */
export const token: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    return { body: call.token };
  },
};

/** GET /directories: the locations one may log in to; no authentication. */
export const directories: Endpoint = {
  input: 'none',
  auth: false,
  async handle(call) {
    return { body: Object.fromEntries(call.sessions.directoryNames().map((n) => [n, n])) };
  },
};
