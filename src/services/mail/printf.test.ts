import { describe, expect, it } from 'vitest';
import { printf } from './printf.ts';

describe('printf', () => {
  it('fills %s in order, as FusionDirectory does with its recovery mail body', () => {
    expect(printf('Hello,\n - Login : %s\n - Link : %s\n', 'jdoe', 'https://idm/recovery?uniq=x')).toBe('Hello,\n - Login : jdoe\n - Link : https://idm/recovery?uniq=x\n');
  });

  it('fills positional %2$s and %1$s, and writes %% as one %', () => {
    expect(printf('%2$s then %1$s, 100%%', 'a', 'b')).toBe('b then a, 100%');
  });

  it('leaves missing values empty and other sequences as written', () => {
    expect(printf('%s and %s', 'only')).toBe('only and ');
    expect(printf('50 %x off %', 'x')).toBe('50 %x off %');
  });
});
