// Starts, stops and describes the private OpenLDAP slapd Trousseau owns in a folder (default var/directory/).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AppError } from '../errors/AppError.ts';
import { hashSalted } from '../passwords/ssha.ts';
import { ensureSlapdInstalled, SLAPADD_BIN, SLAPD_BIN } from './installSlapd.ts';
import { slapdConfigLdif } from './slapdConfig.ts';
import { definedAttributeNames, schemaLdifFor } from './shippedSchemas.ts';

export interface ManagedDirectoryOptions {
  /** Folder the server lives in; created when missing. */
  dir: string;
  /** Suffix of the directory, e.g. `dc=example,dc=org`. Only used when the folder is initialised. */
  baseDN?: string;
  /** Password of the directory's root DN (`cn=admin,<base>`), the service account. Only used at initialisation. */
  adminPassword?: string;
  /** TCP port on 127.0.0.1; a free one is chosen at initialisation when absent, then kept. */
  port?: number;
  /** `all` loads Trousseau's schemas at initialisation (default); `stock` only Debian's (to test schema install). */
  schemas?: 'all' | 'stock';
  /** Progress messages (never secrets). */
  log?: (line: string) => void;
}

/** What is remembered about an initialised folder, in `<dir>/directory.json`. */
interface DirectoryState {
  baseDN: string;
  rootDN: string;
  port: number;
  ldapiPath: string;
  schemas: 'all' | 'stock';
}

export interface DirectoryStatus {
  initialised: boolean;
  running: boolean;
  pid?: number;
  url?: string;
  ldapiUrl?: string;
  baseDN?: string;
  adminDN?: string;
  dir: string;
}

/** Ask the kernel for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A private slapd in a folder: `start()` initialises it on first use (config, schemas), later starts reuse it. */
export class ManagedDirectory {
  readonly dir: string;
  private readonly options: ManagedDirectoryOptions;
  private state: DirectoryState | undefined;

  constructor(options: ManagedDirectoryOptions) {
    this.options = options;
    this.dir = path.resolve(options.dir);
    this.state = this.readState();
  }

  private get statePath(): string {
    return path.join(this.dir, 'directory.json');
  }
  private get pidPath(): string {
    return path.join(this.dir, 'slapd.pid');
  }
  private get configDir(): string {
    return path.join(this.dir, 'slapd.d');
  }

  private readState(): DirectoryState | undefined {
    if (!existsSync(this.statePath)) return undefined;
    return JSON.parse(readFileSync(this.statePath, 'utf8')) as DirectoryState;
  }

  private requireState(): DirectoryState {
    if (!this.state) throw new AppError({ code: 'directory.start_failed', message: `No directory initialised in ${this.dir}; run \`trousseau directory start\` first.` });
    return this.state;
  }

  get initialised(): boolean {
    return this.state !== undefined && existsSync(this.configDir);
  }
  get baseDN(): string {
    return this.requireState().baseDN;
  }
  get adminDN(): string {
    return this.requireState().rootDN;
  }
  get port(): number {
    return this.requireState().port;
  }
  get url(): string {
    return `ldap://127.0.0.1:${this.port}`;
  }
  get ldapiPath(): string {
    return this.requireState().ldapiPath;
  }
  get ldapiUrl(): string {
    return `ldapi://${encodeURIComponent(this.ldapiPath)}`;
  }

  /** The pid of the running server, if any. */
  pid(): number | undefined {
    if (!existsSync(this.pidPath)) return undefined;
    const pid = Number(readFileSync(this.pidPath, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  status(): DirectoryStatus {
    const pid = this.pid();
    const base: DirectoryStatus = { dir: this.dir, initialised: this.initialised, running: pid !== undefined };
    if (!this.state) return base;
    return { ...base, ...(pid !== undefined ? { pid } : {}), url: this.url, ldapiUrl: this.ldapiUrl, baseDN: this.baseDN, adminDN: this.adminDN };
  }

  /** Create the folder's cn=config (slapadd -n0) and data directory. Idempotent: does nothing when initialised. */
  async initialise(): Promise<void> {
    if (this.initialised) return;
    const log = this.options.log ?? (() => {});
    ensureSlapdInstalled(log);
    const baseDN = this.options.baseDN ?? 'dc=example,dc=org';
    const password = this.options.adminPassword;
    if (!password) throw new AppError({ code: 'config.missing', message: 'An administrator password is needed to initialise the directory.' });
    const port = this.options.port ?? (await freePort());
    const schemas = this.options.schemas ?? 'all';
    const rootDN = `cn=admin,${baseDN}`;
    mkdirSync(path.join(this.dir, 'data'), { recursive: true, mode: 0o700 });
    rmSync(this.configDir, { recursive: true, force: true });
    mkdirSync(this.configDir, { recursive: true, mode: 0o700 });
    const ldif = slapdConfigLdif({
      dir: this.dir,
      baseDN,
      rootDN,
      rootPasswordHash: hashSalted(password, 'SSHA512'),
      schemaLdif: schemaLdifFor(schemas),
      definedAttributes: definedAttributeNames(schemas),
    });
    const configFile = path.join(this.dir, 'config.ldif');
    writeFileSync(configFile, ldif, { mode: 0o600 });
    const r = spawnSync(SLAPADD_BIN, ['-n0', '-F', this.configDir, '-l', configFile], { encoding: 'utf8' });
    rmSync(configFile, { force: true }); // it holds the root password hash
    if (r.status !== 0) {
      rmSync(this.configDir, { recursive: true, force: true });
      throw new AppError({ code: 'directory.start_failed', message: `slapd rejected the generated configuration: ${(r.stderr || r.stdout).trim().slice(-1500)}` });
    }
    const ldapiCandidate = path.join(this.dir, 'ldapi');
    // A unix socket path must fit in sun_path (108 bytes); deep checkouts fall back to /tmp.
    const ldapiPath = ldapiCandidate.length < 100 ? ldapiCandidate : `/tmp/trousseau-${createHash('sha1').update(this.dir).digest('hex').slice(0, 12)}.ldapi`;
    this.state = { baseDN, rootDN, port, ldapiPath, schemas };
    writeFileSync(this.statePath, JSON.stringify(this.state, null, 2) + '\n');
    log(`Initialised a private directory for ${baseDN} in ${this.dir}`);
  }

  /** Start slapd (initialising the folder first if needed) and wait until it answers on its port. */
  async start(): Promise<void> {
    await this.initialise();
    if (this.pid() !== undefined) return;
    const state = this.requireState();
    if (await canConnect(state.port)) {
      throw new AppError({ code: 'directory.start_failed', message: `Port ${state.port} on 127.0.0.1 is taken by another program; stop it or set another port in ${this.statePath}.` });
    }
    rmSync(state.ldapiPath, { force: true });
    const urls = `${this.url}/ ${this.ldapiUrl}/`;
    const child = spawn(SLAPD_BIN, ['-F', this.configDir, '-h', urls], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    // slapd forks: the process we started exits once the daemon is initialised (or failed).
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    if (code !== 0) {
      throw new AppError({ code: 'directory.start_failed', message: `slapd failed to start (exit ${code}): ${output.trim().slice(-1500)}` });
    }
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (this.pid() !== undefined && (await canConnect(state.port))) return;
      await sleep(50);
    }
    throw new AppError({ code: 'directory.start_failed', message: `slapd did not answer on ${this.url} within 15 s.` });
  }

  /** Stop the server and wait until it has exited (SIGKILL after 15 s). */
  async stop(): Promise<void> {
    const pid = this.pid();
    if (pid === undefined) return;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && isAlive(pid)) await sleep(25);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await sleep(25);
    rmSync(this.pidPath, { force: true });
  }

  /** Stop the server and delete its folder (configuration and data). */
  async destroy(): Promise<void> {
    await this.stop();
    if (this.state) rmSync(this.state.ldapiPath, { force: true });
    if (existsSync(this.dir)) {
      for (const name of readdirSync(this.dir)) rmSync(path.join(this.dir, name), { recursive: true, force: true });
      rmSync(this.dir, { recursive: true, force: true });
    }
    this.state = undefined;
  }
}
