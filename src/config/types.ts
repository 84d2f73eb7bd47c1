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
  /** Where this directory's mails (password recovery) go; without it, recovery by mail is unavailable. */
  smtp?: SmtpConfig;
  /** The orchestrator API of this directory (`/orchestrator/api/…`); without it, that API answers 404. */
  orchestrator?: OrchestratorConfig;
  /** Second-factor requirements of the web interface (docs/second-factors.md); absent: a second factor is optional. */
  secondFactor?: SecondFactorConfig;
  /** Where this entry came from, for messages (`trousseau.yaml`, `fusiondirectory.conf`, `environment`). */
  source: string;
}

/** A directory's `secondFactor:` block. */
export interface SecondFactorConfig {
  /** DNs of roles, groups or departments whose members (or, for a department, whose users below it) must have a second factor. */
  requiredFor: string[];
}

/** An SMTP server (submission), with optional TLS and authentication. */
export interface SmtpServerConfig {
  transport: 'smtp';
  host: string;
  port: number;
  /** Implicit TLS from the first byte (SMTPS, usually port 465). */
  secure: boolean;
  /** Require STARTTLS on a plain connection (usually port 587); without it, STARTTLS is still used when offered. */
  startTLS: boolean;
  /** Verify the server's certificate (default true). */
  tlsVerify: boolean;
  /** SMTP AUTH credentials, both or neither. */
  user?: string;
  password?: Secret;
  /** Milliseconds to connect, to get the greeting, and of silence on the socket before giving up. */
  timeoutMs: number;
}

/** A folder each message is written into as one `.eml` file instead of being sent (the demo, trying things out). */
export interface MailFolderConfig {
  transport: 'folder';
  folder: string;
}

/** Where mail goes: `smtp:` in a directory of trousseau.yaml. */
export type SmtpConfig = SmtpServerConfig | MailFolderConfig;

/**
 * FusionDirectory Orchestrator settings (its orchestrator.conf, fd-orchestrator-tools.md §1.2): the key that signs
 * its JWTs and the lifetimes of its tokens. The same key as the PHP orchestrator's `SECRET_KEY` makes tokens minted
 * by either valid in the other.
 */
export interface OrchestratorConfig {
  /** HMAC-SHA256 key, used as the raw bytes of the string (`SECRET_KEY`). */
  secretKey: Secret;
  /** Access-token lifetime in seconds (`TOKEN_EXPIRY`, default 300). */
  tokenExpiry: number;
  /** Refresh-token lifetime in seconds (`REFRESH_EXPIRY`, default 432000 = 5 days). */
  refreshExpiry: number;
  /** Where the DSA accounts that may log in live (`LDAP_OU_DSA`, default `ou=dsa,<base>`). */
  dsaBase?: string;
}

/** The task worker (`worker:`): how often it looks for due sub-tasks and how it claims them. */
export interface WorkerConfig {
  /** Run the worker inside `trousseau serve` (default true); false when `trousseau worker` runs it apart. */
  inServer: boolean;
  /** Seconds between two passes (default 30). */
  pollSeconds: number;
  /** Seconds a claimed sub-task stays claimed; a worker that died leaves it to others after this (default 300). */
  claimSeconds: number;
  /** Attempts at a mail the SMTP server refused temporarily (4xx) before the sub-task fails (default 3). */
  mailAttempts: number;
  /** Milliseconds before the first retry; each further retry waits four times longer (default 2000). */
  retryDelayMs: number;
  /** Days audit events are kept: each pass deletes older ones (docs/audit.md); absent or 0 keeps them for ever. */
  auditRetentionDays?: number;
}

export const DEFAULT_WORKER_CONFIG: WorkerConfig = { inServer: true, pollSeconds: 30, claimSeconds: 300, mailAttempts: 3, retryDelayMs: 2000 };

export interface HttpConfig {
  host: string;
  port: number;
  /** Trust X-Forwarded-* from a reverse proxy. */
  trustProxy: boolean;
  /**
   * The address users reach the web interface at (`https://idm.example.org`), for links in mails. Without it, links
   * are built from the request's Host header, which a client chooses.
   */
  publicUrl?: string;
}

export interface ManagedDirectoryConfig {
  /** Folder of the private slapd (`trousseau directory start|stop|status`, `demo`). */
  dir: string;
}

/** The `supann:` block: where the SupAnn value lists come from. */
export interface SupannConfig {
  /**
   * The folder of nomenclature files (FusionDirectory's SUPANN_DIR): `supann.nomenclatures`, TROUSSEAU_NOMENCLATURES,
   * or /etc/fusiondirectory/supann when it exists; absent: only the lists Trousseau ships (docs/nomenclatures.md).
   */
  nomenclatures?: string;
}

export interface TrousseauConfig {
  http: HttpConfig;
  directories: DirectoryConfig[];
  managed: ManagedDirectoryConfig;
  supann?: SupannConfig;
  /** Absent in hand-built configurations: DEFAULT_WORKER_CONFIG applies. */
  worker?: WorkerConfig;
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' };
  /** File the configuration was read from, if any. */
  file?: string;
}
