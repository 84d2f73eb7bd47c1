import { describe, expect, it } from 'vitest';

import { ConnectionFactory, parseLdapUrl } from './ConnectionFactory.ts';

describe('parseLdapUrl', () => {
  it('parses ldap, ldaps and ldapi URLs', () => {
    expect(parseLdapUrl('ldap://ldap.example.org')).toMatchObject({ scheme: 'ldap', host: 'ldap.example.org', port: 389 });
    expect(parseLdapUrl('ldaps://ldap.example.org:1636/')).toMatchObject({ scheme: 'ldaps', host: 'ldap.example.org', port: 1636 });
    expect(parseLdapUrl('LDAP://[::1]:3389')).toMatchObject({ scheme: 'ldap', host: '::1', port: 3389 });
    expect(parseLdapUrl('ldapi://%2Fvar%2Frun%2Fslapd%2Fldapi')).toMatchObject({ scheme: 'ldapi', socketPath: '/var/run/slapd/ldapi' });
  });

  it('rejects other URLs', () => {
    expect(() => parseLdapUrl('http://x')).toThrow(TypeError);
    expect(() => parseLdapUrl('ldapi://relative')).toThrow(TypeError);
  });
});

describe('ConnectionFactory', () => {
  const base = { connectTimeoutMs: 100, operationTimeoutMs: 100, downUriRetryMs: 1000 };

  it('refuses security settings that do not fit the URLs', () => {
    expect(() => new ConnectionFactory({ ...base, urls: ['ldap://a'], security: { mode: 'ldaps' } })).toThrow(/ldaps:\/\//);
    expect(() => new ConnectionFactory({ ...base, urls: ['ldaps://a'], security: { mode: 'none' } })).toThrow(/ldaps/);
    expect(() => new ConnectionFactory({ ...base, urls: ['ldapi://%2Fx'], security: { mode: 'startTLS' } })).toThrow(/StartTLS/);
    expect(() => new ConnectionFactory({ ...base, urls: [], security: { mode: 'none' } })).toThrow(/At least one/);
  });
});
