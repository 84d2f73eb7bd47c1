import { AddRequest, Change, ModifyRequest } from 'ldapts';
import { describe, expect, it } from 'vitest';

import { redactedBuffer, toLdaptsAttribute } from './attributes.ts';

describe('toLdaptsAttribute', () => {
  it('keeps text as strings and switches to Buffers when one value is binary', () => {
    expect(toLdaptsAttribute('cn', ['a', 'b']).values).toEqual(['a', 'b']);
    expect(toLdaptsAttribute('jpegPhoto', ['a', Buffer.from([1])]).values).toEqual([Buffer.from('a'), Buffer.from([1])]);
  });

  it('keeps secret values out of what ldapts logs, but sends their bytes', () => {
    const attribute = toLdaptsAttribute('userPassword', ['s3cret!']);
    const add = new AddRequest({ messageId: 1, dn: 'uid=a', attributes: [attribute] });
    const modify = new ModifyRequest({ messageId: 2, dn: 'uid=a', changes: [new Change({ operation: 'replace', modification: toLdaptsAttribute('userPassword;x-foo', ['s3cret!']) })] });
    expect(JSON.stringify(add)).not.toContain('s3cret');
    expect(JSON.stringify(modify)).not.toContain('s3cret');
    expect(JSON.stringify(add)).toContain('[redacted]');
    expect(add.write().includes(Buffer.from('s3cret!'))).toBe(true);
  });

  it('redactedBuffer copies the bytes', () => {
    const source = Buffer.from('x');
    const copy = redactedBuffer(source);
    expect(copy.equals(source)).toBe(true);
    expect(copy).not.toBe(source);
  });
});
