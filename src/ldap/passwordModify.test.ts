import { describe, expect, it } from 'vitest';

import { DecodingError } from './errors.ts';
import { decodePasswordModifyResponse, encodePasswordModifyRequest } from './passwordModify.ts';

describe('password modify', () => {
  it('encodes the optional fields with their context tags', () => {
    expect(encodePasswordModifyRequest({ userIdentity: 'uid=a', oldPassword: 'o', newPassword: 'n' }).toString('hex')).toBe(
      '300d' + '8005' + Buffer.from('uid=a').toString('hex') + '8101' + '6f' + '8201' + '6e',
    );
    expect(encodePasswordModifyRequest({}).toString('hex')).toBe('3000');
  });

  it('decodes a generated password from raw bytes', () => {
    expect(decodePasswordModifyResponse(Buffer.from('300a8008' + Buffer.from('Ab3./xyz').toString('hex'), 'hex'))).toBe('Ab3./xyz');
    expect(decodePasswordModifyResponse(Buffer.from('3000', 'hex'))).toBeUndefined();
    expect(decodePasswordModifyResponse(undefined)).toBeUndefined();
  });

  it('repairs the string ldapts makes of the response', () => {
    const bytes = Buffer.from('300a8008' + Buffer.from('Ab3./xyz').toString('hex'), 'hex');
    expect(decodePasswordModifyResponse(bytes.toString('utf8'))).toBe('Ab3./xyz');
    expect(decodePasswordModifyResponse(Buffer.from('3000', 'hex').toString('utf8'))).toBeUndefined();
  });

  it('refuses what it cannot decode safely', () => {
    expect(() => decodePasswordModifyResponse('garbage')).toThrow(DecodingError);
  });
});
