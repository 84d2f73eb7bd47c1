// Accent removal (mask modifier `a`) and locale transliteration (modifier `t`), in plain JavaScript:
// FusionDirectory used PHP's htmlentities() and glibc's iconv//TRANSLIT, whose results are reproduced
// where they are sensible (see the quirks in docs/compatibility.md, "Template masks").

/** Latin letters that Unicode decomposition does not reduce to ASCII. */
const LETTERS: Readonly<Record<string, string>> = {
  'ß': 'ss', 'ẞ': 'SS',
  'Æ': 'AE', 'æ': 'ae', 'Œ': 'OE', 'œ': 'oe',
  'Ø': 'O', 'ø': 'o',
  'Ð': 'D', 'ð': 'd', 'Đ': 'D', 'đ': 'd',
  'Þ': 'TH', 'þ': 'th',
  'Ł': 'L', 'ł': 'l',
  'Ħ': 'H', 'ħ': 'h',
  'ı': 'i',
  'Ŋ': 'N', 'ŋ': 'n',
  'Ŧ': 'T', 'ŧ': 't',
  'ƒ': 'f',
};

/** Punctuation and symbols iconv//TRANSLIT turns into ASCII. */
const SYMBOLS: Readonly<Record<string, string>> = {
  '\u2018': "'", '\u2019': "'", '\u201a': "'", '\u201b': "'", '\u2032': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u201f': '"', '\u2033': '"',
  '\u00ab': '<<', '\u00bb': '>>', '\u2039': '<', '\u203a': '>',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2212': '-',
  '\u2026': '...', '\u00a0': ' ', '\u202f': ' ', '\u2009': ' ',
  '\u20ac': 'EUR', '\u00a9': '(C)', '\u00ae': '(R)', '\u2122': '(TM)', '\u00d7': 'x', '\u00b7': '.',
};

/**
 * Language-specific rules of glibc's locales (`de_DE`, `da_DK`, `nb_NO`…), tried before the generic ones:
 * German writes umlauts as `ae`/`oe`/`ue`, Danish and Norwegian write `å`/`ø` as `aa`/`oe`.
 */
const LOCALE_LETTERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  de: { 'Ä': 'AE', 'Ö': 'OE', 'Ü': 'UE', 'ä': 'ae', 'ö': 'oe', 'ü': 'ue' },
  da: { 'Å': 'AA', 'å': 'aa', 'Ø': 'OE', 'ø': 'oe', 'Æ': 'AE', 'æ': 'ae' },
  nb: { 'Å': 'AA', 'å': 'aa', 'Ø': 'OE', 'ø': 'oe', 'Æ': 'AE', 'æ': 'ae' },
  nn: { 'Å': 'AA', 'å': 'aa', 'Ø': 'OE', 'ø': 'oe', 'Æ': 'AE', 'æ': 'ae' },
  no: { 'Å': 'AA', 'å': 'aa', 'Ø': 'OE', 'ø': 'oe', 'Æ': 'AE', 'æ': 'ae' },
};

/** Decomposes one character and drops its combining marks; '' if nothing ASCII is left. */
function asciiBase(char: string): string {
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
  for (let k = 0; k < base.length; k++) if (base.charCodeAt(k) >= 0x80) return '';
  return base;
}

/**
 * Removes accents, FusionDirectory's modifier `a`. Mode `ascii` keeps ASCII characters, reduces accented
 * and special Latin letters to ASCII (`é`→`e`, `ß`→`ss`, `Ø`→`O`, `Æ`→`AE`) and drops everything else.
 * Mode `uid` then keeps only what a uid may contain: with strict naming rules `[a-z0-9_-]` after lowercasing,
 * otherwise `[A-Za-z0-9 _.-]`.
 * @example removeAccents("Léa N'Diaye", 'uid', true) // 'leandiaye'
 */
export function removeAccents(value: string, mode: 'ascii' | 'uid' = 'ascii', strictNamingRules = true): string {
  let out = '';
  for (const char of value) {
    if (char.charCodeAt(0) < 0x80) out += char;
    else out += LETTERS[char] ?? asciiBase(char);
  }
  if (mode === 'uid') {
    out = strictNamingRules ? out.toLowerCase().replace(/[^a-z0-9_-]/g, '') : out.replace(/[^a-zA-Z0-9 _.-]/g, '');
  }
  return out;
}

/**
 * Transliterates to ASCII as `iconv('UTF-8', 'ASCII//TRANSLIT')` does under the given locale (modifier `t`):
 * locale rules first (German `ü`→`ue`), then accents and special letters, then common punctuation;
 * a character with no transliteration becomes `?`, as with iconv.
 * @example transliterate('Süßkartoffel', 'de_DE') // 'Suesskartoffel'
 */
export function transliterate(value: string, locale: string): string {
  const language = (locale.split(/[_.@-]/)[0] ?? '').toLowerCase();
  const local = LOCALE_LETTERS[language] ?? {};
  let out = '';
  for (const char of value.normalize('NFC')) {
    if (char.charCodeAt(0) < 0x80) {
      out += char;
      continue;
    }
    if (/^\p{M}$/u.test(char)) continue; // a combining mark left over after composition
    const mapped = local[char] ?? LETTERS[char] ?? SYMBOLS[char] ?? asciiBase(char);
    out += mapped === '' ? '?' : mapped;
  }
  return out;
}
