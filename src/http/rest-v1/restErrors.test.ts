import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors/AppError.ts';
import { ConnectError } from '../../ldap/errors.ts';
import { toRestError } from './restErrors.ts';

describe('REST v1 error mapping', () => {
  it('keeps FusionDirectory statuses and classes, adding our code', () => {
    expect(toRestError(new AppError({ code: 'entry.conflict', message: 'changed', dn: 'uid=a,dc=x' }))).toMatchObject({ status: 409, body: [{ class: 'WebServiceError', code: 'entry.conflict', dn: 'uid=a,dc=x' }] });
    expect(toRestError(new AppError({ code: 'acl.denied', message: 'no' }))).toMatchObject({ status: 403, body: [{ class: 'WebServiceError', code: 'acl.denied' }] });
    expect(toRestError(new AppError({ code: 'value.invalid', message: 'You have no permission to modify the field "sn" of object "new"', tab: 'user', attribute: 'sn' }))).toMatchObject({
      status: 400,
      body: [{ class: 'SimplePluginPermissionError', tab: 'user', attribute: 'sn' }],
    });
  });

  it('answers 401 with a JSON string and the Basic challenge', () => {
    expect(toRestError(new AppError({ code: 'auth.failed', message: 'Invalid credentials' }))).toEqual({
      status: 401,
      body: 'Invalid credentials',
      headers: { 'www-authenticate': 'Basic realm="FusionDirectory"', 'x-error-code': 'auth.failed' },
      log: false,
    });
  });

  it('answers 503 when the directory is down and hides the details of a bug', () => {
    expect(toRestError(new ConnectError('connect ECONNREFUSED'))).toMatchObject({ status: 503, body: [{ code: 'directory.unreachable' }], log: true });
    const bug = toRestError(new TypeError('x is undefined'));
    expect(bug).toMatchObject({ status: 500, body: [{ class: 'FusionDirectoryError', code: 'internal' }], log: true });
    expect(JSON.stringify(bug.body)).not.toContain('undefined');
  });
});
