// Turns a configured directory into an LDAP gateway: URIs, service-account bind, TLS, pool size and timeouts.
import { readFileSync } from 'node:fs';
import type { DirectoryConfig } from '../config/types.ts';
import { LdapGateway, type LdapBind, type LdapLogger, type LdapTransportSecurity } from '../ldap/LdapGateway.ts';
import { ContentSyncSource } from '../ldap/sync/ContentSyncSource.ts';

/** The transport security a directory's settings ask for. */
export function securityOf(config: DirectoryConfig): LdapTransportSecurity {
  const tlsOptions = { rejectUnauthorized: config.tlsVerify, ...(config.caFile ? { ca: readFileSync(config.caFile) } : {}) };
  if (config.startTLS) return { mode: 'startTLS', tlsOptions };
  if (config.uris.every((u) => u.toLowerCase().startsWith('ldaps://'))) return { mode: 'ldaps', tlsOptions };
  return { mode: 'none' };
}

/** How the service account binds: simple with a DN, EXTERNAL over ldapi, else anonymous. */
function bindOf(config: DirectoryConfig): LdapBind {
  const ldapi = config.uris.every((u) => u.toLowerCase().startsWith('ldapi://'));
  return config.bindDN ? { method: 'simple', dn: config.bindDN, password: config.bindPassword.reveal() } : ldapi ? { method: 'external' } : { method: 'anonymous' };
}

/** A content-synchronization change source on the directory, as the service account (for list indexes). */
export function openChangeSource(config: DirectoryConfig, logger?: LdapLogger): ContentSyncSource {
  return new ContentSyncSource({ urls: config.uris, bind: bindOf(config), security: securityOf(config), ...(logger ? { logger } : {}) });
}

/** A gateway bound as the directory's service account (anonymous when no bind DN is configured). */
export function openGateway(config: DirectoryConfig, logger?: LdapLogger): LdapGateway {
  const bind = bindOf(config);
  return new LdapGateway({
    urls: config.uris,
    bind,
    security: securityOf(config),
    poolSize: config.poolSize,
    operationTimeoutMs: config.timeoutMs,
    ...(logger ? { logger } : {}),
  });
}
