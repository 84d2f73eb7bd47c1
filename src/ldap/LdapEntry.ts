// An entry read from the directory: its DN and attribute values, text as strings and binary
// attributes as Buffers, looked up by attribute name without regard to case.
import { type Entry } from 'ldapts';

/** Values of one attribute: all text or all binary. */
export type AttributeValues = string[] | Buffer[];

/** Attributes returned as Buffers unless the caller says otherwise (any `;binary` one is too). */
export const DEFAULT_BINARY_ATTRIBUTES: readonly string[] = [
  'jpegPhoto', 'photo', 'audio', 'thumbnailPhoto', 'userCertificate', 'cACertificate', 'authorityRevocationList',
  'certificateRevocationList', 'deltaRevocationList', 'crossCertificatePair', 'userSMIMECertificate', 'userPKCS12',
  'objectGUID', 'objectSid',
];

/** A set of attribute names compared case-insensitively and without options (`;binary`, `;lang-fr`). */
export class AttributeNameSet {
  private readonly names = new Set<string>();

  public constructor(names: Iterable<string> = []) {
    for (const name of names) this.names.add(AttributeNameSet.key(name));
  }

  public static key(name: string): string {
    const semicolon = name.indexOf(';');
    return (semicolon < 0 ? name : name.slice(0, semicolon)).toLowerCase();
  }

  /** Answers by attribute name as the server spells it; memoized, as it is asked for every value read. */
  private readonly answers = new Map<string, boolean>();

  public has(name: string): boolean {
    let answer = this.answers.get(name);
    if (answer === undefined) {
      answer = this.names.has(AttributeNameSet.key(name)) || /;binary(;|$)/i.test(name);
      if (this.answers.size < 1000) this.answers.set(name, answer);
    }
    return answer;
  }

  public with(names: Iterable<string> | undefined): AttributeNameSet {
    if (!names) return this;
    const copy = new AttributeNameSet();
    for (const name of this.names) copy.names.add(name);
    for (const name of names) copy.names.add(AttributeNameSet.key(name));
    return copy;
  }

  /**
   * An array for ldapts' `explicitBufferAttributes`, whose `includes` asks this set: ldapts compares
   * names there case-sensitively with the name the server returns, which the caller cannot know.
   */
  public toLdaptsList(): string[] {
    const list = [...this.names];
    Object.defineProperty(list, 'includes', { value: (name: string) => this.has(name) });
    return list;
  }
}

export class LdapEntry {
  public readonly dn: string;
  /** Attribute name as the server returned it → values (never empty). */
  public readonly attributes: Readonly<Record<string, AttributeValues>>;
  private index?: Map<string, string>;

  public constructor(dn: string, attributes: Record<string, AttributeValues>) {
    this.dn = dn;
    this.attributes = attributes;
  }

  /** Converts an ldapts entry, giving Buffers for the attributes in `binary` and strings for the others. */
  public static fromLdapts(entry: Entry, binary: AttributeNameSet): LdapEntry {
    const attributes: Record<string, AttributeValues> = {};
    for (const name of Object.keys(entry)) {
      if (name === 'dn') continue;
      const raw = entry[name] as Entry[string];
      const list = (Array.isArray(raw) ? raw : [raw]) as (string | Buffer)[];
      if (list.length === 0) continue;
      if (binary.has(name)) {
        attributes[name] = list.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v));
      } else if (typeof list[0] === 'string') {
        attributes[name] = list as string[];
      } else {
        // Not valid UTF-8 (ldapts then gives Buffers); keep the bytes rather than mangle them.
        attributes[name] = list as Buffer[];
      }
    }
    return new LdapEntry(entry.dn, attributes);
  }

  private lookup(name: string): AttributeValues | undefined {
    const exact = this.attributes[name];
    if (exact) return exact;
    if (!this.index) {
      this.index = new Map();
      for (const key of Object.keys(this.attributes)) this.index.set(key.toLowerCase(), key);
    }
    const lower = name.toLowerCase();
    const key = this.index.get(lower) ?? (lower.includes(';') ? undefined : this.index.get(`${lower};binary`));
    return key === undefined ? undefined : this.attributes[key];
  }

  /** True when the entry has the attribute (case-insensitive name). */
  public has(name: string): boolean {
    return this.lookup(name) !== undefined;
  }

  /** Text values of an attribute ([] when absent). Binary values are decoded as UTF-8. */
  public get(name: string): string[] {
    const values = this.lookup(name);
    if (!values) return [];
    return values.map((v) => (typeof v === 'string' ? v : v.toString('utf8')));
  }

  /** The first text value, or undefined. */
  public first(name: string): string | undefined {
    return this.get(name)[0];
  }

  /** Values as bytes ([] when absent); text values are encoded as UTF-8. */
  public buffers(name: string): Buffer[] {
    const values = this.lookup(name);
    if (!values) return [];
    return values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v));
  }

  /** Attribute names as the server returned them. */
  public names(): string[] {
    return Object.keys(this.attributes);
  }

  /** JSON form: binary values as base64 strings. */
  public toJSON(): { dn: string; attributes: Record<string, string[]> } {
    const attributes: Record<string, string[]> = {};
    for (const [name, values] of Object.entries(this.attributes)) {
      attributes[name] = values.map((v) => (typeof v === 'string' ? v : v.toString('base64')));
    }
    return { dn: this.dn, attributes };
  }
}
