// Turns a configured directory into an LDAP gateway: URIs, service-account bind, TLS, pool size and timeouts.
import { readFileSync } from 'node:fs';
import type { DirectoryConfig } from '../config/types.ts';
import { LdapGateway, type LdapLogger, type LdapTransportSecurity } from '../ldap/LdapGateway.ts';

/** The transport security a directory's settings ask for. */
export function securityOf(config: DirectoryConfig): LdapTransportSecurity {
  const tlsOptions = { rejectUnauthorized: config.tlsVerify, ...(config.caFile ? { ca: readFileSync(config.caFile) } : {}) };
  if (config.startTLS) return { mode: 'startTLS', tlsOptions };
  if (config.uris.every((u) => u.toLowerCase().startsWith('ldaps://'))) return { mode: 'ldaps', tlsOptions };
  return { mode: 'none' };
}

/** A gateway bound as the directory's service account (anonymous when no bind DN is configured). */
export function openGateway(config: DirectoryConfig, logger?: LdapLogger): LdapGateway {
  const ldapi = config.uris.every((u) => u.toLowerCase().startsWith('ldapi://'));
  const bind = config.bindDN
    ? ({ method: 'simple', dn: config.bindDN, password: config.bindPassword.reveal() } as const)
    : ldapi
      ? ({ method: 'external' } as const)
      : ({ method: 'anonymous' } as const);
  return new LdapGateway({
    urls: config.uris,
    bind,
    security: securityOf(config),
    poolSize: config.poolSize,
    operationTimeoutMs: config.timeoutMs,
    ...(logger ? { logger } : {}),
  });
}
