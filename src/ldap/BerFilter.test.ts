import { BerReader, BerWriter, FilterParser } from 'ldapts';
import { describe, expect, it } from 'vitest';

import { BerFilter, decodeBerFilter } from './BerFilter.ts';
import { type FilterNode, parseFilter } from './filter.ts';

function encode(node: FilterNode): Buffer {
  const writer = new BerWriter();
  new BerFilter(node).write(writer);
  return writer.buffer;
}

describe('BerFilter', () => {
  it('encodes an equality filter as RFC 4511 BER', () => {
    // [3] { "uid", "a" }
    expect(encode(parseFilter('(uid=a)')).toString('hex')).toBe('a30804037569640401' + '61');
  });

  it('encodes a presence filter as a primitive [7]', () => {
    expect(encode(parseFilter('(cn=*)')).toString('hex')).toBe('8702636e');
  });

  it.each(['(&(uid=a)(|(cn=b*)(sn=*c*d)(!(mail=*))))', '(uidNumber>=10)', '(uidNumber<=10)', '(sn~=smith)', '(cn:caseExactMatch:=A)', '(:dn:2.5.13.5:=A)'])(
    'encodes %s like ldapts does for plain ASCII filters',
    (text) => {
      const ours = encode(parseFilter(text));
      const writer = new BerWriter();
      FilterParser.parseString(text).write(writer);
      expect(ours.toString('hex')).toBe(writer.buffer.toString('hex'));
    },
  );

  it('sends escaped UTF-8 bytes as the same bytes (ldapts would re-encode them as Latin-1)', () => {
    const bytes = encode(parseFilter('(cn=Ren\\c3\\a9e)'));
    expect(bytes.includes(Buffer.from('Renée', 'utf8'))).toBe(true);
  });

  it('sends non-UTF-8 bytes untouched', () => {
    const bytes = encode(parseFilter('(objectGUID=\\ff\\00\\fe)'));
    expect(bytes.subarray(-3).toString('hex')).toBe('ff00fe');
  });

  it.each(['(&(uid=a)(|(cn=b*)(sn=*c*d)(!(mail=*))))', '(cn=Zoë\\2a\\28)', '(cn:dn:caseExactMatch:=x)', '(objectGUID=\\ff\\fe)', '(&)', '(cn;lang-fr>=x)'])(
    'decodes %s back to the same AST',
    (text) => {
      const node = parseFilter(text);
      expect(decodeBerFilter(new BerReader(encode(node)))).toEqual(node);
    },
  );

  it('prints as filter text', () => {
    expect(new BerFilter(parseFilter('(uid=a\\2a)')).toString()).toBe('(uid=a\\2a)');
  });
});
