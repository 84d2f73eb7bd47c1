// Loads trousseau.yaml (or .json), an optional fusiondirectory.conf, and TROUSSEAU_* environment overrides.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { AppError } from '../errors/AppError.ts';
import { FD_SUPANN_DIR } from '../nomenclatures/Nomenclatures.ts';
import { readFusionDirectoryConf } from './readFusionDirectoryConf.ts';
import { Secret } from './Secret.ts';
import { parseDn } from '../ldap/dn.ts';
import type { DirectoryConfig, OrchestratorConfig, SecondFactorConfig, SmtpConfig, SupannConfig, TrousseauConfig, WorkerConfig } from './types.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type Raw = Record<string, unknown>;

function invalid(where: string, message: string): AppError {
  return new AppError({ code: 'config.invalid', message: `${where}: ${message}` });
}

function str(raw: Raw, key: string, where: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw invalid(where, `"${key}" must be a string`);
  return String(v);
}

function bool(raw: Raw, key: string, where: string, fallback: boolean): boolean {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false|yes|no)$/i.test(v)) return /^(true|yes)$/i.test(v);
  throw invalid(where, `"${key}" must be true or false`);
}

function int(raw: Raw, key: string, where: string, fallback: number, min: number, max: number): number {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw invalid(where, `"${key}" must be a whole number from ${min} to ${max}`);
  return n;
}

function checkUri(uri: string, where: string): string {
  if (!/^(ldaps?:\/\/[^\s/]+\/?|ldapi:\/\/[^\s]*)$/i.test(uri)) throw invalid(where, `"${uri}" is not an ldap://, ldaps:// or ldapi:// URI`);
  return uri.replace(/\/$/, '');
}

function readPasswordFile(file: string, where: string): Secret {
  if (!existsSync(file)) throw invalid(where, `password file ${file} does not exist`);
  return new Secret(readFileSync(file, 'utf8').replace(/\r?\n$/, ''));
}

const SMTP_KEYS = ['host', 'port', 'secure', 'startTLS', 'tlsVerify', 'user', 'password', 'passwordFile', 'timeoutMs', 'folder'];

/** A directory's `smtp:` block: an SMTP server (`host`…), or a `folder` that receives each mail as an .eml file. */
function parseSmtp(value: unknown, where: string, baseDir: string): SmtpConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(where, '"smtp" must be a block with "host" (an SMTP server) or "folder"');
  const raw = value as Raw;
  const unknown = Object.keys(raw).filter((k) => !SMTP_KEYS.includes(k));
  if (unknown.length > 0) throw invalid(where, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${SMTP_KEYS.join(', ')})`);
  const folder = str(raw, 'folder', where);
  const host = str(raw, 'host', where);
  if (folder !== undefined) {
    const others = Object.keys(raw).filter((k) => k !== 'folder');
    if (others.length > 0) throw invalid(where, `"folder" writes mails into files instead of sending them: it takes no ${others.map((k) => `"${k}"`).join(', ')}`);
    if (folder === '') throw invalid(where, '"folder" must name a folder');
    return { transport: 'folder', folder: path.resolve(baseDir, folder) };
  }
  if (!host) throw invalid(where, 'give "host" (the SMTP server) or "folder" (to write mails into files)');
  const secure = bool(raw, 'secure', where, false);
  const startTLS = bool(raw, 'startTLS', where, false);
  if (secure && startTLS) throw invalid(where, '"secure" (TLS from the start, port 465) and "startTLS" (upgrade a plain connection, port 587) exclude each other');
  const user = str(raw, 'user', where);
  const passwordFile = str(raw, 'passwordFile', where);
  const password = str(raw, 'password', where);
  if (password !== undefined && passwordFile !== undefined) throw invalid(where, 'give "password" or "passwordFile", not both');
  const secret = passwordFile ? readPasswordFile(path.resolve(baseDir, passwordFile), where) : password !== undefined ? new Secret(password) : undefined;
  if (user !== undefined && secret === undefined) throw invalid(where, '"user" needs "password" or "passwordFile"');
  if (user === undefined && secret !== undefined) throw invalid(where, '"password" needs "user"');
  return {
    transport: 'smtp',
    host,
    port: int(raw, 'port', where, secure ? 465 : 587, 1, 65535),
    secure,
    startTLS,
    tlsVerify: bool(raw, 'tlsVerify', where, true),
    ...(user !== undefined && secret !== undefined ? { user, password: secret } : {}),
    timeoutMs: int(raw, 'timeoutMs', where, 15_000, 100, 600_000),
  };
}

function parseDirectory(raw: Raw, index: number, baseDir: string, source: string): DirectoryConfig {
  const where = `${source} directories[${index}]`;
  const name = str(raw, 'name', where) ?? (index === 0 ? 'default' : `directory${index + 1}`);
  const rawUris = raw.uris ?? raw.uri;
  const uris = (Array.isArray(rawUris) ? rawUris : typeof rawUris === 'string' ? rawUris.split(/[\s,]+/) : [])
    .filter((u) => String(u).length > 0)
    .map((u) => checkUri(String(u), where));
  if (uris.length === 0) throw invalid(where, '"uris" needs at least one LDAP URI');
  const base = str(raw, 'base', where);
  if (!base) throw invalid(where, '"base" (the base DN) is required');
  const bindDN = str(raw, 'bindDN', where) ?? '';
  const passwordFile = str(raw, 'passwordFile', where);
  const password = str(raw, 'password', where);
  if (password !== undefined && passwordFile !== undefined) throw invalid(where, 'give "password" or "passwordFile", not both');
  const bindPassword = passwordFile ? readPasswordFile(path.resolve(baseDir, passwordFile), where) : new Secret(password ?? '');
  const caFile = str(raw, 'caFile', where);
  const ignoreAclDN = str(raw, 'ignoreAclDN', where);
  return {
    name,
    uris,
    base,
    bindDN,
    bindPassword,
    startTLS: bool(raw, 'startTLS', where, false),
    tlsVerify: bool(raw, 'tlsVerify', where, true),
    poolSize: int(raw, 'poolSize', where, 4, 1, 64),
    timeoutMs: int(raw, 'timeoutMs', where, 30_000, 100, 600_000),
    ...(caFile ? { caFile: path.resolve(baseDir, caFile) } : {}),
    ...(ignoreAclDN ? { ignoreAclDN } : {}),
    ...(raw.smtp !== undefined && raw.smtp !== null ? { smtp: parseSmtp(raw.smtp, `${where} smtp`, baseDir) } : {}),
    ...(raw.orchestrator !== undefined && raw.orchestrator !== null ? { orchestrator: parseOrchestrator(raw.orchestrator, `${where} orchestrator`, baseDir) } : {}),
    ...(raw.secondFactor !== undefined && raw.secondFactor !== null ? { secondFactor: parseSecondFactor(raw.secondFactor, `${where} secondFactor`) } : {}),
    source,
  };
}

const SECOND_FACTOR_KEYS = ['requiredFor'];

/** A directory's `secondFactor:` block: `requiredFor`, the DNs of the roles, groups or departments that require one. */
function parseSecondFactor(value: unknown, where: string): SecondFactorConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(where, '"secondFactor" must be a block, e.g. "secondFactor: { requiredFor: [cn=admins,ou=roles,dc=example,dc=org] }"');
  const raw = value as Raw;
  const unknown = Object.keys(raw).filter((k) => !SECOND_FACTOR_KEYS.includes(k));
  if (unknown.length > 0) throw invalid(where, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${SECOND_FACTOR_KEYS.join(', ')})`);
  const list = raw.requiredFor ?? [];
  if (!Array.isArray(list)) throw invalid(where, '"requiredFor" must be a list of DNs (roles, groups or departments)');
  const requiredFor = list.map((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') throw invalid(where, `requiredFor[${i}] must be a DN`);
    let ok = false;
    try {
      ok = parseDn(item).length > 0;
    } catch {
      ok = false;
    }
    if (!ok) throw invalid(where, `requiredFor[${i}] "${item}" is not a DN`);
    return item.trim();
  });
  return { requiredFor };
}

const ORCHESTRATOR_KEYS = ['secretKey', 'secretKeyFile', 'tokenExpiry', 'refreshExpiry', 'dsaBase', 'orchestratorConf'];

/** A dotenv file (FusionDirectory's orchestrator.conf): KEY=value, KEY="value", KEY='value', # comments, `export `. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (value.startsWith('"')) value = value.replace(/^"((?:[^"\\]|\\.)*)".*$/, '$1').replace(/\\(.)/g, '$1');
    else if (value.startsWith("'")) value = value.replace(/^'([^']*)'.*$/, '$1');
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]!] = value;
  }
  return out;
}

/**
 * A directory's `orchestrator:` block: `secretKey` (or `secretKeyFile`), lifetimes and the DSA branch, or
 * `orchestratorConf: /etc/fusiondirectory-orchestrator/orchestrator.conf` to take them from the PHP orchestrator's file.
 */
function parseOrchestrator(value: unknown, where: string, baseDir: string): OrchestratorConfig {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalid(where, '"orchestrator" must be a block with "secretKey", "secretKeyFile" or "orchestratorConf"');
  const raw = { ...(value as Raw) };
  const unknown = Object.keys(raw).filter((k) => !ORCHESTRATOR_KEYS.includes(k));
  if (unknown.length > 0) throw invalid(where, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${ORCHESTRATOR_KEYS.join(', ')})`);
  const confFile = str(raw, 'orchestratorConf', where);
  if (confFile) {
    const file = path.resolve(baseDir, confFile);
    if (!existsSync(file)) throw invalid(where, `orchestratorConf ${file} does not exist`);
    const env = parseDotenv(readFileSync(file, 'utf8'));
    if (raw.secretKey === undefined && raw.secretKeyFile === undefined && env.SECRET_KEY !== undefined) raw.secretKey = env.SECRET_KEY;
    if (raw.tokenExpiry === undefined && env.TOKEN_EXPIRY !== undefined) raw.tokenExpiry = env.TOKEN_EXPIRY;
    if (raw.refreshExpiry === undefined && env.REFRESH_EXPIRY !== undefined) raw.refreshExpiry = env.REFRESH_EXPIRY;
    if (raw.dsaBase === undefined && env.LDAP_OU_DSA !== undefined) raw.dsaBase = env.LDAP_OU_DSA;
  }
  const keyFile = str(raw, 'secretKeyFile', where);
  const key = str(raw, 'secretKey', where);
  if (key !== undefined && keyFile !== undefined) throw invalid(where, 'give "secretKey" or "secretKeyFile", not both');
  const secretKey = keyFile ? readPasswordFile(path.resolve(baseDir, keyFile), where) : key !== undefined ? new Secret(key) : undefined;
  if (!secretKey) throw invalid(where, '"secretKey" (or "secretKeyFile", or an orchestratorConf with SECRET_KEY) is required');
  if (secretKey.reveal().length < 16) throw invalid(where, 'the secret key must be at least 16 characters long (e.g. `openssl rand -base64 32`)');
  const dsaBase = str(raw, 'dsaBase', where);
  return {
    secretKey,
    tokenExpiry: int(raw, 'tokenExpiry', where, 300, 10, 86_400),
    refreshExpiry: int(raw, 'refreshExpiry', where, 432_000, 60, 31_536_000),
    ...(dsaBase ? { dsaBase } : {}),
  };
}

const WORKER_KEYS = ['inServer', 'pollSeconds', 'claimSeconds', 'mailAttempts', 'retryDelayMs', 'auditRetentionDays'];

/** The `worker:` block (docs/tasks.md). */
function parseWorker(value: unknown, where: string, env: NodeJS.ProcessEnv): WorkerConfig {
  if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) throw invalid(where, '"worker" must be a block, e.g. "worker: { inServer: false }"');
  const raw: Raw = { ...((value ?? {}) as Raw) };
  const unknown = Object.keys(raw).filter((k) => !WORKER_KEYS.includes(k));
  if (unknown.length > 0) throw invalid(where, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${WORKER_KEYS.join(', ')})`);
  if (env.TROUSSEAU_WORKER_IN_SERVER !== undefined) raw.inServer = env.TROUSSEAU_WORKER_IN_SERVER;
  if (env.TROUSSEAU_WORKER_POLL_SECONDS !== undefined) raw.pollSeconds = env.TROUSSEAU_WORKER_POLL_SECONDS;
  return {
    inServer: bool(raw, 'inServer', where, true),
    pollSeconds: int(raw, 'pollSeconds', where, 30, 1, 86_400),
    claimSeconds: int(raw, 'claimSeconds', where, 300, 5, 86_400),
    mailAttempts: int(raw, 'mailAttempts', where, 3, 1, 10),
    retryDelayMs: int(raw, 'retryDelayMs', where, 2000, 0, 600_000),
    ...(raw.auditRetentionDays !== undefined && raw.auditRetentionDays !== null ? { auditRetentionDays: int(raw, 'auditRetentionDays', where, 0, 0, 36_500) } : {}),
  };
}

const isFolder = (folder: string): boolean => {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
};

/** The `supann:` block: the nomenclature folder set (or FusionDirectory's, when it is installed on this machine). */
function parseSupann(value: unknown, envFolder: string | undefined, source: string, baseDir: string, cwd: string, fdSupannDir: string): SupannConfig {
  const where = `${source} supann`;
  if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) throw invalid(where, '"supann" must be a block, e.g. "supann: { nomenclatures: /etc/fusiondirectory/supann }"');
  const raw = (value ?? {}) as Raw;
  const unknown = Object.keys(raw).filter((k) => k !== 'nomenclatures');
  if (unknown.length > 0) throw invalid(where, `unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: nomenclatures)`);
  const set = envFolder !== undefined && envFolder !== '' ? { folder: path.resolve(cwd, envFolder), from: 'TROUSSEAU_NOMENCLATURES' } : raw.nomenclatures !== undefined && raw.nomenclatures !== null ? { folder: str(raw, 'nomenclatures', where), from: `${where} "nomenclatures"` } : undefined;
  if (set) {
    if (!set.folder) throw invalid(where, '"nomenclatures" must name a folder of nomenclature files');
    const folder = path.resolve(baseDir, set.folder);
    if (!isFolder(folder)) throw invalid(where, `${set.from}: ${folder} is not a folder (it holds the nomenclature files, as FusionDirectory's ${FD_SUPANN_DIR} does)`);
    return { nomenclatures: folder };
  }
  return isFolder(fdSupannDir) ? { nomenclatures: fdSupannDir } : {};
}

export interface LoadConfigOptions {
  /** Explicit file (`--config`); else TROUSSEAU_CONFIG; else ./trousseau.yaml or ./trousseau.json when present. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** FusionDirectory's nomenclature folder, used when none is set and it exists (default /etc/fusiondirectory/supann). */
  fdSupannDir?: string;
}

/** Find and read the configuration; every problem is an AppError `config.invalid` naming the file and key. */
export function loadConfig(options: LoadConfigOptions = {}): TrousseauConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let file = options.file ?? env.TROUSSEAU_CONFIG;
  if (!file) file = ['trousseau.yaml', 'trousseau.yml', 'trousseau.json'].map((f) => path.join(cwd, f)).find((f) => existsSync(f));
  let raw: Raw = {};
  if (file) {
    file = path.resolve(cwd, file);
    if (!existsSync(file)) throw new AppError({ code: 'config.missing', message: `Configuration file ${file} does not exist.` });
    try {
      const parsed: unknown = file.endsWith('.json') ? JSON.parse(readFileSync(file, 'utf8')) : YAML.parse(readFileSync(file, 'utf8'));
      raw = parsed && typeof parsed === 'object' ? (parsed as Raw) : {};
    } catch (e) {
      throw invalid(file, `cannot be parsed: ${(e as Error).message}`);
    }
  }
  const source = file ?? 'defaults';
  const baseDir = file ? path.dirname(file) : cwd;
  const http = (raw.http ?? {}) as Raw;
  const managed = (raw.managed ?? {}) as Raw;
  const log = (raw.log ?? {}) as Raw;

  let directories = Array.isArray(raw.directories) ? (raw.directories as Raw[]).map((d, i) => parseDirectory(d, i, baseDir, source)) : [];
  const fdConf = env.TROUSSEAU_FD_CONF ?? str(raw, 'fusionDirectoryConf', source);
  if (fdConf) {
    const fd = readFusionDirectoryConf(path.resolve(baseDir, fdConf), env.TROUSSEAU_FD_KEY);
    // The location FusionDirectory marks as default comes first.
    const ordered = [...fd.directories].sort((a, b) => Number(b.name === fd.defaultName) - Number(a.name === fd.defaultName));
    directories = [...ordered, ...directories];
  }

  const envDirectory: Raw = {};
  if (env.TROUSSEAU_LDAP_URI) envDirectory.uris = env.TROUSSEAU_LDAP_URI;
  if (env.TROUSSEAU_LDAP_BASE) envDirectory.base = env.TROUSSEAU_LDAP_BASE;
  if (env.TROUSSEAU_LDAP_BIND_DN) envDirectory.bindDN = env.TROUSSEAU_LDAP_BIND_DN;
  if (env.TROUSSEAU_LDAP_PASSWORD !== undefined) envDirectory.password = env.TROUSSEAU_LDAP_PASSWORD;
  if (env.TROUSSEAU_LDAP_PASSWORD_FILE) envDirectory.passwordFile = env.TROUSSEAU_LDAP_PASSWORD_FILE;
  if (Object.keys(envDirectory).length > 0) {
    // Environment variables override the first directory, or define it.
    const first = directories[0];
    const merged: Raw = first
      ? { name: first.name, uris: first.uris, base: first.base, bindDN: first.bindDN, startTLS: first.startTLS, tlsVerify: first.tlsVerify, poolSize: first.poolSize, timeoutMs: first.timeoutMs, caFile: first.caFile, ignoreAclDN: first.ignoreAclDN }
      : {};
    if (first && envDirectory.password === undefined && envDirectory.passwordFile === undefined) merged.password = first.bindPassword.reveal();
    Object.assign(merged, envDirectory);
    if (envDirectory.passwordFile !== undefined) delete merged.password;
    const parsed = parseDirectory(merged, 0, cwd, 'environment');
    // The mail settings of the directory the variables override stay its own.
    directories = [{ ...parsed, ...(first?.smtp ? { smtp: first.smtp } : {}), ...(first?.secondFactor ? { secondFactor: first.secondFactor } : {}) }, ...directories.slice(1)];
  }
  const names = new Set<string>();
  for (const d of directories) {
    if (names.has(d.name)) throw invalid(d.source, `two directories are named "${d.name}"`);
    names.add(d.name);
  }

  const level = (env.TROUSSEAU_LOG_LEVEL ?? str(log, 'level', `${source} log`) ?? 'info') as TrousseauConfig['log']['level'];
  if (!LOG_LEVELS.includes(level)) throw invalid(`${source} log`, `"level" must be one of ${LOG_LEVELS.join(', ')}`);
  const envHttp: Raw = { ...http };
  if (env.TROUSSEAU_HTTP_HOST) envHttp.host = env.TROUSSEAU_HTTP_HOST;
  if (env.TROUSSEAU_HTTP_PORT) envHttp.port = env.TROUSSEAU_HTTP_PORT;
  if (env.TROUSSEAU_PUBLIC_URL) envHttp.publicUrl = env.TROUSSEAU_PUBLIC_URL;
  const publicUrl = str(envHttp, 'publicUrl', `${source} http`);
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(publicUrl)) {
    throw invalid(`${source} http`, `"publicUrl" must be the http:// or https:// address users reach Trousseau at (no query), not "${publicUrl}"`);
  }

  const config: TrousseauConfig = {
    http: {
      host: str(envHttp, 'host', `${source} http`) ?? '127.0.0.1',
      port: int(envHttp, 'port', `${source} http`, 8080, 0, 65535),
      trustProxy: bool(envHttp, 'trustProxy', `${source} http`, false),
      ...(publicUrl !== undefined ? { publicUrl: publicUrl.replace(/\/+$/, '') } : {}),
    },
    directories,
    managed: { dir: path.resolve(baseDir, env.TROUSSEAU_DIRECTORY_DIR ?? str(managed, 'dir', `${source} managed`) ?? 'var/directory') },
    log: { level },
    worker: parseWorker(raw.worker, `${source} worker`, env),
    supann: parseSupann(raw.supann, env.TROUSSEAU_NOMENCLATURES, source, baseDir, cwd, options.fdSupannDir ?? FD_SUPANN_DIR),
  };
  if (file) config.file = file;
  return config;
}
