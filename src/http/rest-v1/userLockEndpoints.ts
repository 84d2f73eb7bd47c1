// /userlock/{dn} (fd-core.md §3.4, §10.3): read and change whether a user may sign in.
import type { Endpoint } from './Endpoint.ts';
import { badRequest } from './restErrors.ts';
import { requireDn, withWriteLock } from './restHelpers.ts';

/** GET /userlock/{dn}: true when the user is locked (needs `r` on userLock). */
export const getUserLock: Endpoint = {
  input: 'none',
  auth: true,
  async handle(call) {
    return { body: await call.directory.userLocks.isLocked(call.actor, requireDn(call.args[0])) };
  },
};

/** PUT /userlock/{dn} with `true` or `false` (needs `w` on userLock). */
export const putUserLock: Endpoint = {
  input: 'required',
  auth: true,
  async handle(call) {
    const dn = requireDn(call.args[0]);
    const input = call.input === 'TRUE' ? true : call.input === 'FALSE' ? false : call.input;
    if (typeof input !== 'boolean') throw badRequest('Invalid request: the body must be true or false');
    await withWriteLock(call, dn, () => call.directory.userLocks.setLocked(call.actor, dn, input));
    return { status: 204 };
  },
};
