// PHP's json_encode, for byte-compatible answers and JWTs (fd-orchestrator-tools.md §1.3.1, §1.4.6): `/` escaped as
// `\/`, non-ASCII as lower-case `\uXXXX`, empty arrays as `[]`, and JSON_PRETTY_PRINT's 4-space layout.

/**
 * A value as PHP would hold it. A `Map` is an ordered PHP array with string keys (needed where keys look like
 * integers, which plain objects would reorder, e.g. ldap_get_entries' `{"count":…,"0":…}`).
 */
export type PhpValue = string | number | boolean | null | undefined | PhpValue[] | Map<string, PhpValue> | { [key: string]: PhpValue };

function encodeString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const c = text[i]!;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '/') out += '\\/';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

function entriesOf(value: Map<string, PhpValue> | { [key: string]: PhpValue }): Array<[string, PhpValue]> {
  return value instanceof Map ? [...value.entries()] : Object.entries(value);
}

/** Whether PHP would see this array as a list (keys 0…n-1 in order) and encode it as a JSON array. */
function isList(entries: Array<[string, PhpValue]>): boolean {
  return entries.every(([key], i) => key === String(i));
}

function encode(value: PhpValue, pretty: boolean, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('PHP cannot encode a non-finite number');
    return String(value);
  }
  const list = Array.isArray(value);
  const entries: Array<[string, PhpValue]> = list ? value.map((v, i) => [String(i), v]) : entriesOf(value);
  // PHP cannot tell an empty array from an empty list: both are `[]`.
  if (entries.length === 0) return '[]';
  const asList = list || isList(entries);
  const items = entries.map(([key, v]) => (asList ? '' : `${encodeString(key)}:${pretty ? ' ' : ''}`) + encode(v, pretty, depth + 1));
  const [open, close] = asList ? ['[', ']'] : ['{', '}'];
  if (!pretty) return `${open}${items.join(',')}${close}`;
  const indent = '    '.repeat(depth + 1);
  return `${open}\n${items.map((item) => indent + item).join(',\n')}\n${'    '.repeat(depth)}${close}`;
}

/**
 * `json_encode($value)` (or with JSON_PRETTY_PRINT when `pretty`).
 * @example phpJsonEncode({ sub: 'a/b' }) // '{"sub":"a\\/b"}'
 */
export function phpJsonEncode(value: PhpValue, options: { pretty?: boolean } = {}): string {
  return encode(value, options.pretty ?? false, 0);
}
