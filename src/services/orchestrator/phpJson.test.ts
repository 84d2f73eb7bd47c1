import { describe, expect, it } from 'vitest';
import { phpJsonEncode } from './phpJson.ts';

describe('phpJsonEncode', () => {
  it('escapes slashes and non-ASCII as PHP json_encode does (lower-case hex, UTF-16 pairs)', () => {
    expect(phpJsonEncode({ dn: 'cn=Tâche/1,ou=tasks', emoji: '😀', quote: 'a"b\\c', ctl: '\n\t\u0001', del: '\u007f' })).toBe(
      '{"dn":"cn=T\\u00e2che\\/1,ou=tasks","emoji":"\\ud83d\\ude00","quote":"a\\"b\\\\c","ctl":"\\n\\t\\u0001","del":"\u007f"}',
    );
  });

  it('encodes empty containers as [] and sequential keys as a list, like PHP arrays', () => {
    expect(phpJsonEncode({})).toBe('[]');
    expect(phpJsonEncode([])).toBe('[]');
    expect(phpJsonEncode({ 0: 'a', 1: 'b' })).toBe('["a","b"]');
    expect(phpJsonEncode(new Map<string, number | string>([['count', 1], ['0', 'x']]))).toBe('{"count":1,"0":"x"}');
    expect(phpJsonEncode([true, false, null, 42])).toBe('[true,false,null,42]');
  });

  it('pretty-prints with JSON_PRETTY_PRINT layout: 4 spaces, ": " separator', () => {
    expect(phpJsonEncode({ 'cn=a,ou=tasks': { result: true, list: ['x/y'], empty: [] } }, { pretty: true })).toBe(
      '{\n    "cn=a,ou=tasks": {\n        "result": true,\n        "list": [\n            "x\\/y"\n        ],\n        "empty": []\n    }\n}',
    );
    expect(phpJsonEncode('No results ?', { pretty: true })).toBe('"No results ?"');
  });
});
