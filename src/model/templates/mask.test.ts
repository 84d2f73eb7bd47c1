import { describe, expect, it } from 'vitest';

import { AppError } from '../../errors/AppError.ts';
import { escapeFilterValue } from '../../ldap/filter.ts';
import { IncrementalCounters } from './IncrementalCounters.ts';
import { MaskError } from './MaskError.ts';
import {
  chooseUniqueValue,
  expandMask,
  expandMaskValue,
  hasPlaceholders,
  maskAttributes,
  parseMask,
  type MaskContext,
  type MaskValues,
} from './mask.ts';

const NOW = new Date('2017-03-15T14:12:18Z'); // the date of the FusionDirectory manual's examples
/** A "random" source that always draws the smallest value: deterministic `r`. */
const lowest = (min: number): number => min;
const context: MaskContext = { now: NOW, randomInt: lowest };

const people: MaskValues = {
  givenName: ['Léa'],
  sn: ["N'Diaye"],
  uid: ['lndiaye'],
  zoe: ['Zoë Ørsted'],
  mail: ['b@example.org', 'a@test.net', 'c@example.org'],
  ipHostNumber: ['10.0.0.1', 'fe80::1', '::1', '192.168.1.300', 'not-an-ip'],
  noValue: [],
};

const value = (mask: string, values: MaskValues = people, ctx: MaskContext = context): string => expandMaskValue(mask, values, ctx);
const candidates = (mask: string, values: MaskValues = people, limit = 10): string[] => expandMask(mask, values, context).take(limit);

function maskError(run: () => unknown): MaskError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MaskError);
    expect(error).toBeInstanceOf(AppError);
    expect((error as MaskError).code).toBe('value.invalid');
    return error as MaskError;
  }
  throw new Error('expected a MaskError');
}

describe('parseMask', () => {
  it('splits text and placeholders and records their offsets', () => {
    expect(parseMask('Hello %givenName% %sn%!')).toEqual({
      source: 'Hello %givenName% %sn%!',
      verbatim: false,
      nodes: [
        { type: 'text', value: 'Hello ', start: 0, end: 6 },
        { type: 'placeholder', attribute: 'givenName', modifiers: [], start: 6, end: 17 },
        { type: 'text', value: ' ', start: 17, end: 18 },
        { type: 'placeholder', attribute: 'sn', modifiers: [], start: 18, end: 22 },
        { type: 'text', value: '!', start: 22, end: 23 },
      ],
    });
  });

  it('reads modifiers before the pipe, with their arguments and offsets', () => {
    const [node] = parseMask('%s[2,4-8]l|sn%').nodes;
    expect(node).toMatchObject({
      type: 'placeholder',
      attribute: 'sn',
      modifiers: [
        { name: 's', position: 1, end: 9, rawArgs: '2,4-8', start: 2, length: { from: 4, to: 8 } },
        { name: 'l', position: 9, end: 10 },
      ],
    });
  });

  it('takes a mask starting with %% verbatim, prefix removed, never parsed', () => {
    const parsed = parseMask('%%50% of %sn%');
    expect(parsed.verbatim).toBe(true);
    expect(value('%%50% of %sn%')).toBe('50% of %sn%');
    expect(value('%%')).toBe('');
  });

  it('reads %|% as a literal percent sign', () => {
    expect(value('100%|%')).toBe('100%');
    expect(value('%|%%sn%%|%')).toBe("%N'Diaye%");
  });

  it('leaves a % that opens no placeholder as text, as FusionDirectory does', () => {
    expect(value('100%')).toBe('100%');
    expect(value('a%%b')).toBe('a%%b');
    // "%%" mid-string: the first % is text, the second opens "%sn%".
    expect(value('x%%sn%')).toBe("x%N'Diaye");
  });

  it('treats a name without a pipe as an attribute name, spaces included', () => {
    expect(parseMask('%c|this is just a comment%').nodes[0]).toMatchObject({ attribute: 'this is just a comment' });
    expect(parseMask('%some attr%').nodes[0]).toMatchObject({ attribute: 'some attr', modifiers: [] });
  });

  it('allows placeholders that read no attribute', () => {
    expect(parseMask('%r|%').nodes[0]).toMatchObject({ attribute: '', modifiers: [{ name: 'r' }] });
  });

  it.each([
    ['%x|sn%', 1, 'unknown modifier "x"'],
    ['ab %lx|sn%', 5, 'unknown modifier "x"'],
    ['%s[1|sn%', 2, '"[" of modifier s is never closed'],
    ['%|sn%', 1, 'nothing before "|"'],
    ['%s|sn%', 3, 's: needs a length'],
    ['%s[a]|sn%', 3, 's: length must be an integer'],
    ['%s[1,2,3]|sn%', 3, 's: takes at most 2 arguments'],
    ['%s[8-4]|sn%', 3, 's: length range 8-4 is empty'],
    ['%r[5,2]|%', 3, 'r: minimum length is above the maximum'],
    ['%r[5,8,x]|%', 3, 'r: characters must be l (letters), d (digits) or b (both)'],
    ['%r[-1]|%', 3, 'r: length must be at least 0'],
    ['%n[yes]|%', 3, 'n: first argument must be 0 or 1'],
    ['%n[1,1,0]|%', 3, 'n: step must not be 0'],
    ['%e|%', 3, 'e: needs a counter id'],
    ['%e[id,one]|%', 3, 'e: start must be an integer'],
    ['%t|sn%', 3, 't: needs at least one locale'],
    ['%t[de_DE,]|sn%', 3, 't: empty locale name'],
    ['%a[latin]|sn%', 3, 'a: mode must be "ascii" or "uid"'],
    ['%b[x]|sn%', 3, 'b: argument must be "d" (decode) or "e" (encode)'],
    ['%l[1]|sn%', 3, 'l: takes no argument'],
    ['%M|mail%', 3, 'M: needs a regular expression'],
    ['%M[abc]|mail%', 3, 'M: a regular expression must start with a delimiter'],
    ['%p[/abc|sn%', 3, 'p: no closing delimiter "/"'],
    ['%p[/a(/]|sn%', 3, 'p: invalid regular expression'],
    ['%p[/a/x]|sn%', 6, 'p: unsupported regular expression flag "x"'],
    ['%p[/a/;]|sn%', 6, 'p: expected "," or "]" after the regular expression'],
    ['%p[/a|b/]%', 9, 'expected "|" between the modifiers and the attribute name'],
    ['%d[next blursday]|%', 8, 'd: cannot read the date "next blursday": unknown unit "blursday"'],
    ['%d[sometime]|%', 3, 'd: cannot read the date "sometime": unknown word "sometime"'],
  ])('rejects %s with the offset of the problem', (mask, position, reason) => {
    const error = maskError(() => parseMask(mask));
    expect(error.position).toBe(position);
    expect(error.reason).toContain(reason);
    expect(error.details).toEqual({ mask, position });
    expect(error.message).toContain(`at offset ${position} in ${JSON.stringify(mask)}`);
  });
});

describe('maskAttributes and hasPlaceholders', () => {
  it('lists the attributes a mask reads, once each, ignoring comments and attribute-less placeholders', () => {
    expect(maskAttributes('%as[1]|givenName%%a|sn%%n|%-%givenName%%c|note%%r|%')).toEqual(['givenName', 'sn']);
    expect(maskAttributes('%%%sn%')).toEqual([]);
  });

  it('tells whether a mask has placeholders', () => {
    expect(hasPlaceholders('%sn%')).toBe(true);
    expect(hasPlaceholders('100%')).toBe(false);
    expect(hasPlaceholders('%%%sn%')).toBe(false);
  });
});

describe('expandMask: attributes', () => {
  it('substitutes the first value of a multi-valued attribute', () => {
    expect(value('%mail%')).toBe('b@example.org');
    expect(candidates('%mail%')).toEqual(['b@example.org']);
  });

  it("computes FusionDirectory's default cn pattern (fdCnPattern)", () => {
    expect(value('%givenName% %sn%')).toBe("Léa N'Diaye");
    expect(value('%givenName% %sn%', { givenName: ['Zoë'], sn: ['Ørsted'] })).toBe('Zoë Ørsted');
  });

  it('gives an empty string for an attribute without values', () => {
    expect(value('[%noValue%]')).toBe('[]');
    expect(value('[%u|noValue%]')).toBe('[]');
  });

  it('looks attribute names up exactly first, then ignoring case', () => {
    expect(value('%givenname%')).toBe('Léa');
    expect(value('%A%', { a: ['lower'], A: ['upper'] })).toBe('upper');
  });

  it('reports an unknown attribute with the offset of its placeholder', () => {
    const error = maskError(() => value('uid=%uid%,%department%'));
    expect(error.reason).toBe('unknown attribute "department"');
    expect(error.position).toBe(10);
  });

  it('accepts an unknown attribute when the placeholder has a c modifier', () => {
    expect(value('%c|this is just a comment%')).toBe('');
    expect(value('%cu|nothing%')).toBe('');
  });

  it('reads the first character of the uid as %s[1]|uid% (there is no %uid[1]%)', () => {
    expect(value('%s[1]|uid%')).toBe('l');
    expect(() => value('%uid[1]%')).toThrow(MaskError);
  });

  it('reads %a|b% as attribute b with modifier a, not as "a or b"', () => {
    expect(value('%a|b%', { a: ['first'], b: ['Bé'] })).toBe('Be');
  });
});

describe('expandMask: string modifiers', () => {
  it('a removes accents (manual example: Valérie → Valerie)', () => {
    expect(value('%a|sn%', { sn: ['Valérie'] })).toBe('Valerie');
    expect(value('%a|zoe%')).toBe('Zoe Orsted');
    expect(value('%a|x%', { x: ["Léa N'Diaye"] })).toBe("Lea N'Diaye");
    expect(value('%a|x%', { x: ['Straße & Söhne, Łódź, Æsir, þorn, 王Wang'] })).toBe('Strasse & Sohne, Lodz, AEsir, thorn, Wang');
  });

  it('a[uid] keeps only what a strict uid may hold, lowercased', () => {
    expect(value('%a[uid]|x%', { x: ["Léa N'Diaye"] })).toBe('leandiaye');
    expect(value('%a[uid]|zoe%')).toBe('zoeorsted');
    expect(value('%a[uid]|x%', { x: ['Jean-Pierre_2 O.K.'] })).toBe('jean-pierre_2ok');
  });

  it('a[uid] without strict naming rules keeps letters of both cases, spaces, dots and dashes', () => {
    const loose = { ...context, strictNamingRules: false };
    expect(value('%a[uid]|x%', { x: ["Léa N'Diaye"] }, loose)).toBe('Lea NDiaye');
    expect(value('%a[uid]|x%', { x: ['Jean-Pierre_2 O.K.'] }, loose)).toBe('Jean-Pierre_2 O.K.');
  });

  it('b encodes UTF-8 in base64; b[d] decodes', () => {
    expect(value('%b|zoe%')).toBe('Wm/DqyDDmHJzdGVk');
    expect(value('%b[d]|x%', { x: ['Wm/DqyDDmHJzdGVk'] })).toBe('Zoë Ørsted');
    expect(value('%b[e]|x%', { x: ['*'] })).toBe('Kg==');
  });

  it('b[d] refuses a value that is not base64 or not UTF-8', () => {
    expect(maskError(() => value('%b[d]|x%', { x: ['not base64!'] })).reason).toBe('b[d]: the value is not base64');
    expect(maskError(() => value('%b[d]|x%', { x: ['/w=='] })).reason).toBe('b[d]: the decoded value is not UTF-8 text');
  });

  it('c is a comment: it yields nothing (manual: one uid pattern per template)', () => {
    expect(value('%al|sn%%c|template1%', { sn: ['Valérie'] })).toBe('valerie');
    expect(value('%al|sn%%c|template2%', { sn: ['Valérie'] })).toBe('valerie');
  });

  it('i title-cases each word (manual: MY LAST NAME → My Last Name)', () => {
    expect(value('%i|sn%', { sn: ['MY LAST NAME'] })).toBe('My Last Name');
    expect(value('%i|x%', { x: ['jean-pierre de la FONTAINE'] })).toBe('Jean-Pierre De La Fontaine');
    expect(value('%i|x%', { x: ['zoë ørsted'] })).toBe('Zoë Ørsted');
  });

  it("i keeps PHP's Unicode rule: an apostrophe does not start a word (N'DIAYE → N'diaye)", () => {
    expect(value('%i|x%', { x: ["LÉA N'DIAYE"] })).toBe("Léa N'diaye");
  });

  it('l and u change case, Unicode included (manual: Valérie → valérie)', () => {
    expect(value('%l|sn%', { sn: ['Valérie'] })).toBe('valérie');
    expect(value('%u|zoe%')).toBe('ZOË ØRSTED');
    expect(value('%u|x%', { x: ['straße'] })).toBe('STRASSE');
  });

  it('p removes whitespace by default (manual: O Connor → OConnor)', () => {
    expect(value('%p|sn%', { sn: ['O Connor'] })).toBe('OConnor');
    expect(value('%p|sn%', { sn: ['O\u00a0Connor\t Jr'] })).toBe('OConnorJr');
  });

  it('p[regex,replacement] replaces every match (manual: O Connor → O-Connor)', () => {
    expect(value('%p[/\\s/,-]|sn%', { sn: ['O Connor'] })).toBe('O-Connor');
    expect(value('%p[/(\\w+)@(\\w+)/,$2 at \\1]|mail%')).toBe('example at b.org');
    expect(value('%p[/(\\w+)/,${1}!]|x%', { x: ['ab cd'] })).toBe('ab! cd!');
  });

  it('p takes regexes with classes, commas, pipes, flags and other delimiters', () => {
    expect(value('%p[#[^a-z]#i,]|zoe%')).toBe('Zorsted');
    expect(value('%p[/o{1,2}|t/,0]|x%', { x: ['Dupontel foot'] })).toBe('Dup0n0el f00');
    expect(value('%p[{^\\w}u,X]|x%', { x: ['élan'] })).toBe('Xlan');
  });

  it('s takes substrings by character, as mb_substr (manual examples)', () => {
    const sn = { sn: ['Dupontel'] };
    expect(value('%s[1,3]|sn%', sn)).toBe('upo');
    expect(value('%s[0,1]|sn%', sn)).toBe('D');
    expect(value('%s[1]|sn%', sn)).toBe('D');
    expect(value('%s[5]|sn%', sn)).toBe('Dupon');
    expect(value('%s[-5,2]|sn%', sn)).toBe('on');
    expect(value('%s[-5,5]|sn%', sn)).toBe('ontel');
    expect(value('%s[3,-2]|sn%', sn)).toBe('ont');
    expect(value('%s[20,3]|sn%', sn)).toBe('');
    expect(value('%s[1]|x%', { x: ['😀abc'] })).toBe('😀');
  });

  it('s with a length range yields one candidate per length, shortest first, without repeats', () => {
    const sn = { sn: ['Dupontel'] };
    expect(candidates('%s[4-8]|sn%', sn)).toEqual(['Dupo', 'Dupon', 'Dupont', 'Duponte', 'Dupontel']);
    expect(candidates('%s[2,4-8]|sn%', sn)).toEqual(['pont', 'ponte', 'pontel']);
  });

  it('t transliterates per locale, one candidate per locale (manual: Süßkartoffel)', () => {
    expect(value('%t[de_DE]|sn%', { sn: ['Süßkartoffel'] })).toBe('Suesskartoffel');
    expect(candidates('%t[de_DE,fr_FR]|sn%', { sn: ['Müller'] })).toEqual(['Mueller', 'Muller']);
    expect(candidates('%t[de_DE,fr_FR]|zoe%')).toEqual(['Zoe Orsted']);
    expect(value('%t[da_DK]|x%', { x: ['Søren Ågård'] })).toBe('Soeren AAgaard');
    expect(value('%t[fr_FR]|x%', { x: ['王 “Wang”'] })).toBe('? "Wang"');
  });

  it('manual combinations: al, au, alp, us, ls, las', () => {
    expect(value('%al|sn%', { sn: ['Valérie'] })).toBe('valerie');
    expect(value('%au|sn%', { sn: ['Valérie'] })).toBe('VALERIE');
    expect(value('%alp|sn%', { sn: ['Valérie DUPONT'] })).toBe('valeriedupont');
    expect(value('%us[0,4]|sn%', { sn: ['Valérie'] })).toBe('VALÉ');
    expect(value('%ls[1,4]|sn%', { sn: ['Valérie'] })).toBe('alér');
    expect(value('%las[4]|sn%', { sn: ['Valérie'] })).toBe('vale');
  });

  it('applies a string modifier to every candidate of an earlier one, in order', () => {
    expect(candidates('%s[1-3]l|givenName%')).toEqual(['l', 'lé', 'léa']);
    expect(candidates('%s[1-3]a|givenName%')).toEqual(['L', 'Le', 'Lea']);
    expect(candidates('%t[de_DE,fr_FR]l|sn%', { sn: ['Müller'] })).toEqual(['mueller', 'muller']);
  });

  it('reads the first value of a multi-valued attribute', () => {
    expect(value('%u|mail%')).toBe('B@EXAMPLE.ORG');
  });
});

describe('expandMask: generators', () => {
  it('d formats today as Y-m-d by default (the code, not the manual, decides)', () => {
    expect(value('%d|%')).toBe('2017-03-15');
  });

  it('d takes a PHP date string and format (manual examples)', () => {
    expect(value('%d[tomorrow]|%')).toBe('2017-03-16');
    expect(value('%d[today+6days]|%')).toBe('2017-03-21');
    expect(value('%d[now,l jS \\of F Y h:i:s A]|%')).toBe('Wednesday 15th of March 2017 02:12:18 PM');
    expect(value('%d[+1 year,d.m.Y]|%')).toBe('15.03.2018');
    expect(value('%d[last day of next month,Y-m-d H:i]|%')).toBe('2017-04-30 14:12');
    expect(value('%d[,d/m/Y]|%')).toBe('15/03/2017');
  });

  it('d with format "epoch" gives days since 1970, for shadowExpire', () => {
    // The manual prints 15.04.2017 here; 2017-03-15 + 30 days is 2017-04-14, day 17270.
    expect(value('%d[today+30days,epoch]|%')).toBe('17270');
    expect(value('%d[1970-01-02,epoch]|%')).toBe('1');
  });

  it('d keeps commas of the format (only the first comma separates the arguments)', () => {
    expect(value('%d[now,D, d M Y]|%')).toBe('Wed, 15 Mar 2017');
  });

  it('d reads the clock once per expansion, from the context', () => {
    let calls = 0;
    const clock = (): Date => {
      calls++;
      return NOW;
    };
    expect(value('%d|% %d[tomorrow]|%', {}, { now: clock })).toBe('2017-03-15 2017-03-16');
    expect(calls).toBe(1);
  });

  it('e draws the next value of a persistent counter, start then start+step', () => {
    const counters = new IncrementalCounters();
    const ctx = { ...context, counters };
    expect(value('EMP-%e[employee,100,10]|%', {}, ctx)).toBe('EMP-100');
    expect(value('EMP-%e[employee,100,10]|%', {}, ctx)).toBe('EMP-110');
    expect(value('%e[other]|%-%e[other]|%', {}, ctx)).toBe('1-2');
    expect(counters.snapshot()).toEqual({ employee: { value: 110, date: '2017-03-15' }, other: { value: 2, date: '2017-03-15' } });
  });

  it('e passes the counter id, start, step and the day to the store', () => {
    const calls: unknown[] = [];
    const counters = {
      next: (id: string, options: { start: number; step: number; date: string }): number => {
        calls.push({ id, ...options });
        return 7;
      },
    };
    expect(value('%e[badge,-5,-1]|%', {}, { ...context, counters })).toBe('7');
    expect(calls).toEqual([{ id: 'badge', start: -5, step: -1, date: '2017-03-15' }]);
  });

  it('e without a counter store is an error', () => {
    expect(maskError(() => value('x%e[id]|%')).reason).toBe('modifier e needs a counter store (fdIncrementalModifierStates)');
  });

  it('n yields "" then 1, 2, 3…; n[1] starts with 1; n[always,start,step]', () => {
    expect(candidates('%n|%', {}, 4)).toEqual(['', '1', '2', '3']);
    expect(candidates('%n[1]|%', {}, 3)).toEqual(['1', '2', '3']);
    expect(candidates('%n[0,10,5]|%', {}, 3)).toEqual(['', '10', '15']);
    expect(candidates('%n[true,0,-1]|%', {}, 3)).toEqual(['0', '-1', '-2']);
    const expansion = expandMask('%n|%', {});
    expect(expansion.endless).toBe(true);
    expect(expansion.value).toBe('');
  });

  it('r draws a random string: 8 letters or digits by default', () => {
    expect(value('%r|%')).toBe('AAAAAAAA');
    const draws: Array<[number, number]> = [];
    const random = (min: number, max: number): number => {
      draws.push([min, max]);
      return max;
    };
    expect(value('%r|%', {}, { randomInt: random })).toBe('99999999');
    expect(draws).toEqual(Array(8).fill([0, 61]));
  });

  it('r[length], r[min,max] and r[min,max,chars] (manual examples)', () => {
    expect(value('%r[12]|%')).toHaveLength(12);
    const highest = (_min: number, max: number): number => max;
    expect(value('%r[6,10]|%', {}, { randomInt: highest })).toHaveLength(10);
    expect(value('%r[5,10,d]|%', {}, { randomInt: highest })).toBe('9999999999');
    expect(value('%r[5,10,d]|%', {}, { randomInt: lowest })).toBe('00000');
    expect(value('%r[8,8,l]u|%', {}, { randomInt: highest })).toBe('ZZZZZZZZ');
    expect(value('%r[8,8,l]u|%')).toMatch(/^[A-Z]{8}$/);
  });

  it('r uses a cryptographic source when none is injected', () => {
    const drawn = expandMaskValue('%r[32,32,b]|%', {});
    expect(drawn).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(expandMaskValue('%r[32,32,b]|%', {})).not.toBe(drawn);
  });

  it('generators ignore the attribute and run once even after a candidate list', () => {
    const counters = new IncrementalCounters();
    expect(expandMask('%s[1-3]e[x]|givenName%', people, { counters }).take(5)).toEqual(['1']);
  });
});

describe('expandMask: list modifiers', () => {
  it('F, L, J and C read every value (manual: J[:])', () => {
    expect(value('%F|mail%')).toBe('b@example.org');
    expect(value('%L|mail%')).toBe('c@example.org');
    expect(value('%J[:]|mail%')).toBe('b@example.org:a@test.net:c@example.org');
    expect(value('%J|mail%')).toBe('b@example.orga@test.netc@example.org');
    expect(value('%C|mail%')).toBe('3');
    expect(value('%C|noValue%')).toBe('0');
    expect(value('%J[, ]|mail%')).toBe('b@example.org, a@test.net, c@example.org');
  });

  it('M keeps the values a regex matches; the first one is used unless another list modifier follows', () => {
    expect(value('%M[/@example\\.org$/]|mail%')).toBe('b@example.org');
    expect(value('%M[/@example\\.org$/]L|mail%')).toBe('c@example.org');
    expect(value('%M[/@example\\.org$/]C|mail%')).toBe('2');
    expect(value('%M[/nothing/]|mail%')).toBe('');
  });

  it('4 and 6 keep IPv4 and IPv6 values', () => {
    expect(value('%4J[ ]|ipHostNumber%')).toBe('10.0.0.1');
    expect(value('%6J[ ]|ipHostNumber%')).toBe('fe80::1 ::1');
    expect(value('%6|ipHostNumber%')).toBe('fe80::1');
  });

  it('a string modifier after a list modifier reads the first remaining value', () => {
    expect(value('%Lu|mail%')).toBe('C@EXAMPLE.ORG');
    expect(value('%M[/test/]s[1]|mail%')).toBe('a');
  });

  it('a list modifier after candidates reads the candidates', () => {
    expect(value('%s[1-3]C|givenName%')).toBe('3');
    expect(value('%s[1-3]J[/]|givenName%')).toBe('L/Lé/Léa');
  });

  it('refuses a list modifier after the endless n', () => {
    const error = maskError(() => value('%nC|%'));
    expect(error.reason).toBe('modifier C cannot follow n: its list of candidates is endless');
    expect(error.position).toBe(2);
  });
});

describe('expandMask: candidates', () => {
  it("generates unique uids the reference's way: %as[1]|givenName%%a|sn%%n|%", () => {
    expect(candidates('%as[1]|givenName%%a|sn%%n|%', people, 3)).toEqual(["LN'Diaye", "LN'Diaye1", "LN'Diaye2"]);
    expect(candidates('%a[uid]s[1]|givenName%%a[uid]|sn%%n|%', people, 3)).toEqual(['lndiaye', 'lndiaye1', 'lndiaye2']);
  });

  it('varies the last placeholder slowest, so longer prefixes come before numbers', () => {
    const names = { givenName: ['Zoë'], sn: ['Ørsted'] };
    expect(candidates('%las[1-2]|givenName%%la|sn%%n|%', names, 5)).toEqual(['zorsted', 'zoorsted', 'zorsted1', 'zoorsted1', 'zorsted2']);
  });

  it('drops repeated candidates', () => {
    expect(candidates('%s[1-3]|x%%s[1-2]|y%', { x: ['ab'], y: ['c'] })).toEqual(['ac', 'abc']);
  });

  it('takes a parsed mask, so a pattern is parsed once and expanded many times', () => {
    const parsed = parseMask('%givenName% %sn%');
    expect(expandMaskValue(parsed, { givenName: ['Zoë'], sn: ['Ørsted'] })).toBe('Zoë Ørsted');
    expect(expandMask(parsed, people).source).toBe('%givenName% %sn%');
  });

  it('reports whether there is a single candidate', () => {
    expect(expandMask('%givenName% %sn%', people).single).toBe(true);
    expect(expandMask('%s[1-2]|sn%', people).single).toBe(false);
    expect(expandMask('plain', people).hasPlaceholders).toBe(false);
  });
});

describe('expandMask: escaping', () => {
  it('escapes substituted values for an LDAP filter, not the literal text (foreign key filters)', () => {
    const ctx = { escape: escapeFilterValue };
    expect(value('manager=%oldvalue%', { oldvalue: ['cn=Smith (John)*,dc=example'] }, ctx)).toBe('manager=cn=Smith \\28John\\29\\2a,dc=example');
    expect(value('(&(uid=%uid%)(objectClass=*))', { uid: ['a*'] }, ctx)).toBe('(&(uid=a\\2a)(objectClass=*))');
  });

  it('base64-encodes ACL members in gosaAclEntry filters', () => {
    const oldvalue = { oldvalue: ['cn=admin,ou=aclroles,dc=example,dc=org'] };
    const encoded = Buffer.from(oldvalue.oldvalue[0] as string).toString('base64');
    expect(value('gosaAclEntry=*:*:%b|oldvalue%:*', oldvalue, { escape: escapeFilterValue })).toBe(`gosaAclEntry=*:*:${encoded}:*`);
    expect(value('gosaAclEntry=*:*:*:*%b|oldvalue%*', oldvalue)).toBe(`gosaAclEntry=*:*:*:*${encoded}*`);
    expect(value('manager=*%oldvalue%', { oldvalue: ['ou=sales,dc=example'] })).toBe('manager=*ou=sales,dc=example');
  });

  it('shell-escapes trigger arguments', () => {
    const shell = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
    expect(value('/usr/local/bin/hook %uid% %sn% %|%', people, { escape: shell })).toBe(`/usr/local/bin/hook 'lndiaye' 'N'\\''Diaye' %`);
  });

  it('escapes every candidate, and nothing in a verbatim mask', () => {
    const upper = (v: string): string => `<${v}>`;
    expect(expandMask('%s[1-2]|sn%', people, { escape: upper }).take(3)).toEqual(['<N>', "<N'>"]);
    expect(value('%%%sn%', people, { escape: upper })).toBe('%sn%');
  });
});

describe('chooseUniqueValue', () => {
  it('picks the first candidate not taken', async () => {
    const taken = new Set(['lndiaye', 'lndiaye1']);
    const asked: string[] = [];
    const expansion = expandMask('%a[uid]s[1]|givenName%%a[uid]|sn%%n|%', people);
    const uid = await chooseUniqueValue(expansion, async (v) => {
      asked.push(v);
      return taken.has(v);
    });
    expect(uid).toBe('lndiaye2');
    expect(asked).toEqual(['lndiaye', 'lndiaye1', 'lndiaye2']);
  });

  it('does not ask when there is only one candidate', async () => {
    let asked = 0;
    const isTaken = (): boolean => {
      asked++;
      return true;
    };
    expect(await chooseUniqueValue(expandMask('/home/%uid%', people), isTaken)).toBe('/home/lndiaye');
    expect(await chooseUniqueValue(expandMask('static', people), isTaken)).toBe('static');
    expect(asked).toBe(0);
  });

  it('returns the first candidate when every one of a finite list is taken, as FusionDirectory does', async () => {
    expect(await chooseUniqueValue(expandMask('%s[1-3]|givenName%', people), () => true)).toBe('L');
  });

  it('gives up on an endless list after maxAttempts lookups', async () => {
    const expansion = expandMask('user%n[1]|%', {});
    await expect(chooseUniqueValue(expansion, () => true, { maxAttempts: 5, attribute: 'uid' })).rejects.toThrow(/uid: no free value found after 5 candidates/);
  });
});
