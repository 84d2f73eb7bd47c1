import { describe, expect, it } from 'vitest';

import { PhpRegexError, compilePhpRegex, parsePhpReplacement, phpMatches, phpReplace, scanPhpRegex } from './phpRegex.ts';

describe('scanPhpRegex', () => {
  it('finds the end of a delimited pattern and its flags', () => {
    expect(scanPhpRegex('/a\\/b/i,rest', 0)).toBe(7);
    expect(scanPhpRegex('x#[#]#,', 1)).toBe(4);
    expect(scanPhpRegex('{a{1,2}}u]', 0)).toBe(9);
  });

  it('refuses a missing delimiter or an unclosed pattern', () => {
    expect(() => scanPhpRegex('abc/', 0)).toThrow(PhpRegexError);
    expect(() => scanPhpRegex('/abc', 0)).toThrow(/no closing delimiter "\/"/);
  });
});

describe('compilePhpRegex', () => {
  it('maps PHP flags to JavaScript ones, always Unicode', () => {
    expect(compilePhpRegex('/a/ims')).toMatchObject({ source: 'a', flags: 'uims' });
    expect(compilePhpRegex('/a/A').flags).toBe('uy');
    expect(compilePhpRegex('/a/uSDX').flags).toBe('u');
  });

  it('refuses flags it cannot honour', () => {
    expect(() => compilePhpRegex('/a/x')).toThrow(/unsupported regular expression flag "x"/);
    expect(() => compilePhpRegex('/a/U')).toThrow(/unsupported/);
    expect(() => compilePhpRegex('/a/e')).toThrow(/unsupported/);
  });

  it('makes \\w and \\d Unicode-aware, as PHP does with the u flag', () => {
    expect(phpReplace('élan 42 ٣', compilePhpRegex('/\\w/'), ['x'])).toBe('xxxx xx x');
    expect(phpReplace('a1٣', compilePhpRegex('/[\\d]/'), ['#'])).toBe('a##');
    expect(phpReplace('é-è', compilePhpRegex('/\\W/'), ['_'])).toBe('é_è');
  });

  it("reads PCRE's literal ] at the start of a class, escaped delimiters and named groups", () => {
    expect(phpMatches(']', compilePhpRegex('/[]a]/'))).toBe(true);
    expect(phpMatches('a#b', compilePhpRegex('#a\\#b#'))).toBe(true);
    expect(phpReplace('ab', compilePhpRegex('/(?P<first>a)/'), [1, 1])).toBe('aab');
  });

  it('lets $ match before a final newline unless D or m says otherwise', () => {
    expect(phpMatches('abc\n', compilePhpRegex('/c$/'))).toBe(true);
    expect(phpMatches('abc\n', compilePhpRegex('/c$/D'))).toBe(false);
    expect(phpMatches('abc\nd', compilePhpRegex('/c$/m'))).toBe(true);
  });

  it('reads \\A and \\z as string anchors', () => {
    expect(phpReplace('aa', compilePhpRegex('/\\Aa/'), ['b'])).toBe('ba');
    expect(phpReplace('aa', compilePhpRegex('/a\\z/'), ['b'])).toBe('ab');
  });

  it('refuses an invalid pattern', () => {
    expect(() => compilePhpRegex('/(/')).toThrow(/invalid regular expression/);
    expect(() => compilePhpRegex('/a/ trailing')).toThrow(/unexpected text/);
  });
});

describe('preg_replace replacements', () => {
  it('reads $n, ${n} and \\n references (two digits at most); everything else is literal', () => {
    expect(parsePhpReplacement('$1-${2}-\\3$45 \\x $ \\')).toEqual([1, '-', 2, '-', 3, 45, ' \\x $ \\']);
  });

  it('replaces every match; a missing group gives nothing', () => {
    const re = compilePhpRegex('/(\\w+) (\\w+)?/');
    expect(phpReplace('John Smith', re, parsePhpReplacement('$2, $1$9'))).toBe('Smith, John');
    expect(phpReplace('a-b-c', compilePhpRegex('/-/'), parsePhpReplacement('+'))).toBe('a+b+c');
  });
});
