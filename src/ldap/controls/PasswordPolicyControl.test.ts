import { describe, expect, it } from 'vitest';
import { decodePasswordPolicyResponse } from './PasswordPolicyControl.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('password policy response value (draft-behera)', () => {
  it('reads the error of a refused bind', () => {
    // SEQUENCE { error [1] accountLocked(1) }
    expect(decodePasswordPolicyResponse(hex('30 03 81 01 01'))).toEqual({ error: 'accountLocked' });
    expect(decodePasswordPolicyResponse(hex('30 03 81 01 00'))).toEqual({ error: 'passwordExpired' });
    expect(decodePasswordPolicyResponse(hex('30 03 81 01 02'))).toEqual({ error: 'changeAfterReset' });
  });

  it('reads the warnings: time before expiration, grace sign-ins left', () => {
    // SEQUENCE { warning [0] { timeBeforeExpiration [0] 3600 } }
    expect(decodePasswordPolicyResponse(hex('30 06 a0 04 80 02 0e 10'))).toEqual({ timeBeforeExpiration: 3600 });
    // SEQUENCE { warning [0] { graceAuthNsRemaining [1] 0 } }, error changeAfterReset
    expect(decodePasswordPolicyResponse(hex('30 08 a0 03 81 01 00 81 01 02'))).toEqual({ graceAuthNsRemaining: 0, error: 'changeAfterReset' });
  });

  it('gives nothing for an empty or malformed value', () => {
    expect(decodePasswordPolicyResponse(hex('30 00'))).toEqual({});
    expect(decodePasswordPolicyResponse(hex('04 01 00'))).toEqual({});
    expect(decodePasswordPolicyResponse(hex('30 05 81 01'))).toEqual({});
  });
});
