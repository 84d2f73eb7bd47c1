// Text keys for lists: a case- and accent-insensitive fold (search-as-you-type and sort keys), and
// the string preparation LDAP's caseIgnore/caseExact matching rules apply (RFC 4518, simplified).

/** Letters that Unicode decomposition leaves whole but that users type without their accent. */
const SPECIAL_FOLDS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i', ŀ: 'l', ĸ: 'k', ŉ: "'n", ſ: 's',
};
const SPECIAL_RE = /[ßæœøđðłþıŀĸŉſ]/g;
const MARKS_RE = /\p{M}+/gu;
const SPACES_RE = /\s+/g;
const ASCII_RE = /^[\x20-\x7e]*$/;

/**
 * True for printable ASCII without upper-case letters, edge spaces or doubled spaces: a text that
 * folding and caseIgnore preparation leave as it is (most uids, mails, object classes).
 */
function isFoldedAscii(text: string): boolean {
  const n = text.length;
  for (let i = 0; i < n; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || (c >= 0x41 && c <= 0x5a)) return false;
    if (c === 0x20 && (i === 0 || i === n - 1 || text.charCodeAt(i + 1) === 0x20)) return false;
  }
  return true;
}

/** Below this code point, folding is a table lookup (Latin-1, Latin Extended-A and -B). */
const TABLE_LIMIT = 0x250;
/** Code point → its fold (`' '` for spaces); `undefined` where the slow path must decide. */
const FOLD_TABLE: (string | undefined)[] = [];
/** Code points that NFKC leaves alone (then caseIgnore preparation needs no normalization). */
const NFKC_STABLE: boolean[] = [];
for (let c = 0; c < TABLE_LIMIT; c += 1) {
  const ch = String.fromCharCode(c);
  NFKC_STABLE.push(ch.normalize('NFKC') === ch);
  if (/\s/.test(ch)) FOLD_TABLE.push(' ');
  else if (c < 0x20 || (c >= 0x7f && c < 0xa0)) FOLD_TABLE.push(undefined);
  else {
    const folded = ch.normalize('NFKD').replace(MARKS_RE, '').toLowerCase();
    FOLD_TABLE.push(folded.replace(SPECIAL_RE, (x) => SPECIAL_FOLDS[x] ?? x));
  }
}

const scratch = Buffer.alloc(1024);

/**
 * Folds with the table, into a flat Latin-1 string (concatenation would build a rope, costing
 * memory); undefined when some character is outside the table (combining marks, other scripts),
 * folds beyond Latin-1, or the text is long: the slow path decides then.
 */
function foldWithTable(text: string): string | undefined {
  if (text.length > 256) return undefined;
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= TABLE_LIMIT) return undefined;
    const f = FOLD_TABLE[c];
    if (f === undefined) return undefined;
    if (f === ' ') {
      pendingSpace = n > 0;
      continue;
    }
    if (pendingSpace) {
      scratch[n++] = 0x20;
      pendingSpace = false;
    }
    for (let k = 0; k < f.length; k += 1) {
      const code = f.charCodeAt(k);
      if (code > 0xff) return undefined;
      scratch[n++] = code;
    }
  }
  return scratch.toString('latin1', 0, n);
}

/**
 * The search and sort key of a text: lower-case, without accents (NFKD, combining marks removed,
 * ß → ss, æ → ae …), spaces trimmed and collapsed. Returns `text` itself when nothing changes, so an
 * index can share the string.
 * @example foldText('  Émile  Zola ') // 'emile zola'
 */
export function foldText(text: string): string {
  if (isFoldedAscii(text)) return text;
  let out = foldWithTable(text);
  if (out === undefined) {
    out = text.normalize('NFKD').replace(MARKS_RE, '').toLowerCase().replace(SPECIAL_RE, (c) => SPECIAL_FOLDS[c] ?? c);
    out = out.replace(SPACES_RE, ' ').trim();
  }
  return out === text ? text : out;
}

/** RFC 4518 insignificant space handling (simplified): trim, and collapse inner runs to one space. */
function squeeze(text: string): string {
  return text.replace(SPACES_RE, ' ').trim();
}

/**
 * The prepared form of a value for caseIgnoreMatch / caseIgnoreIA5Match / caseIgnoreSubstringsMatch:
 * NFKC, case folded, insignificant spaces removed. Accents stay significant, as in LDAP.
 */
export function prepareCaseIgnore(text: string): string {
  if (isFoldedAscii(text)) return text;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= TABLE_LIMIT || !NFKC_STABLE[c]) return squeeze(text.normalize('NFKC').toLowerCase());
  }
  return squeeze(text.toLowerCase());
}

/** The prepared form of a value for caseExactMatch / caseExactIA5Match: NFKC, spaces squeezed. */
export function prepareCaseExact(text: string): string {
  return squeeze(ASCII_RE.test(text) ? text : text.normalize('NFKC'));
}

/** telephoneNumberMatch ignores case, spaces and hyphens (RFC 4517 §4.2.29). */
export function prepareTelephone(text: string): string {
  return prepareCaseIgnore(text).replace(/[\s-]/g, '');
}

/** numericStringMatch ignores spaces. */
export function prepareNumericString(text: string): string {
  return text.replace(/\s/g, '');
}
