// The site's FusionDirectory configuration entry (`cn=config,ou=fusiondirectory,<base>`), read as fd* keys.
import type { LdapGateway } from '../ldap/LdapGateway.ts';
import type { LdapEntry } from '../ldap/LdapEntry.ts';

/** Config keys, case-insensitive, with or without the `fd` prefix (FusionDirectory strips it). */
export class SiteConfig {
  readonly baseDN: string;
  private values: Map<string, string[]>;

  constructor(baseDN: string, values: Record<string, string[]> = {}) {
    this.baseDN = baseDN;
    this.values = new Map(Object.entries(values).map(([k, v]) => [SiteConfig.key(k), v]));
  }

  static key(name: string): string {
    return name.toLowerCase().replace(/^fd/, '');
  }

  static configDN(baseDN: string): string {
    return `cn=config,ou=fusiondirectory,${baseDN}`;
  }

  /** Read the entry; a missing entry gives an empty configuration (every key at its default). */
  static async load(gateway: LdapGateway, baseDN: string, overrides: Record<string, string | string[]> = {}): Promise<SiteConfig> {
    const entry = await gateway.read(SiteConfig.configDN(baseDN), ['*']);
    return SiteConfig.fromEntry(baseDN, entry, overrides);
  }

  /** The fd* values of the entry, with `overrides` (a site's settings in tests and demos) replacing theirs. */
  static fromEntry(baseDN: string, entry: LdapEntry | null, overrides: Record<string, string | string[]> = {}): SiteConfig {
    const values: Record<string, string[]> = {};
    for (const name of entry?.names() ?? []) if (/^fd/i.test(name)) values[name] = entry!.get(name);
    for (const [name, value] of Object.entries(overrides)) values[name] = Array.isArray(value) ? value : [value];
    return new SiteConfig(baseDN, values);
  }

  /** Re-read the entry in place, so every service holding this configuration sees a saved change at once. */
  async refresh(gateway: LdapGateway): Promise<void> {
    const fresh = await SiteConfig.load(gateway, this.baseDN);
    this.values = fresh.values;
  }

  get(name: string, fallback?: string): string | undefined {
    return this.values.get(SiteConfig.key(name))?.[0] ?? fallback;
  }

  list(name: string): string[] {
    return this.values.get(SiteConfig.key(name)) ?? [];
  }

  /** FusionDirectory compares booleans with `== 'TRUE'`: anything else is false. */
  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    return v === undefined ? fallback : v === 'TRUE';
  }

  int(name: string, fallback: number): number {
    const v = Number(this.get(name));
    return Number.isFinite(v) && this.get(name) !== undefined ? v : fallback;
  }

  /** A branch RDN key resolved as FusionDirectory's get_ou: `people` → `ou=people`; '' means none. */
  branch(name: string, fallback: string): string {
    const v = (this.get(name) ?? fallback).trim().replace(/,$/, '');
    if (v === '') return '';
    return v.includes('=') ? v : `ou=${v}`;
  }
}
