// Trousseau's runtime configuration: HTTP server, one or more directories (FusionDirectory "locations"), logging.
import type { Secret } from './Secret.ts';

/** One LDAP directory Trousseau manages; FusionDirectory calls it a location. */
export interface DirectoryConfig {
  /** Name shown at sign-in and used by REST's `directory` parameter. */
  name: string;
  /** URIs tried in order (failover): ldap://, ldaps:// or ldapi://. */
  uris: string[];
  /** Base DN of the tree (FusionDirectory's BASE). */
  base: string;
  /** Service account DN; Trousseau writes as this account and enforces ACLs itself. */
  bindDN: string;
  bindPassword: Secret;
  /** Upgrade ldap:// connections with StartTLS. */
  startTLS: boolean;
  /** PEM file of the CA to trust for ldaps:// and StartTLS (else the system's). */
  caFile?: string;
  /** Verify the server certificate (default true). */
  tlsVerify: boolean;
  /** Connections in the service-account pool. */
  poolSize: number;
  /** Milliseconds before an operation is abandoned. */
  timeoutMs: number;
  /** A user DN that bypasses ACLs (FusionDirectory's `ignoreAcl`). */
  ignoreAclDN?: string;
  /** Where this entry came from, for messages (`trousseau.yaml`, `fusiondirectory.conf`, `environment`). */
  source: string;
}

export interface HttpConfig {
  host: string;
  port: number;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
}

export interface ManagedDirectoryConfig {
  /** Folder of the private slapd (`trousseau directory start|stop|status`, `demo`). */
  dir: string;
}

export interface TrousseauConfig {
  http: HttpConfig;
  directories: DirectoryConfig[];
  managed: ManagedDirectoryConfig;
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  /** File the configuration was read from, if any. */
  file?: string;
}
