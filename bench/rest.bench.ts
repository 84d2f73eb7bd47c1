// Benchmark of REST v1 over HTTP at 10 000 and 100 000 users: first 50-user page sorted by sn (and the same page
// read with ldapsearch), a substring search, a full listing with the server's memory, p50/p95 of GET tab, PUT attribute
// and POST /login (also right after a full listing), and users created per second. Loopback only.
// The server runs as `trousseau serve` builds it (src/cli/commands/serve.ts), in a child process, so that its memory
// is measured alone (peak RSS from /proc/<pid>/status VmHWM, reset before each listing) and the client does not
// compete with it inside one event loop.
// Where the time goes: the LDAP operations each kind of request sends are counted in the server process, and with
// `--profile` a CPU profile of the server is taken during one full listing and 100 PUTs (top functions printed).
// Run: npx tsx bench/rest.bench.ts [count …] [--profile]   (prints figures; asserts nothing)
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client as LdapClient } from 'ldapts';

import { serve } from '../src/cli/commands/serve.ts';
import { Secret } from '../src/config/Secret.ts';
import type { DirectoryConfig, TrousseauConfig } from '../src/config/types.ts';
import { baseEntryAttributes, bootstrapDirectory } from '../src/directory/bootstrap.ts';
import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { SLAPADD_BIN } from '../src/directory/installSlapd.ts';
import { escapeDnValue } from '../src/ldap/dn.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';

const SERVE_FLAG = '--serve-child';
const BASE_DN = 'dc=bench,dc=org';
const PEOPLE = `ou=people,${BASE_DN}`;
const FD_ADMIN_PASSWORD = 'bench-fd-admin';
const API = '/rest.php/v1';
/** Calls per latency series (GET tab, PUT attribute, POST /login). */
const CALLS = 1000;
/** Runs of the short measurements (first page, search). */
const RUNS = 21;
/** The list columns FusionDirectory shows for users (fd-core.md §3.1), all held by the list index. */
const PAGE_ATTRS = ['uid', 'sn', 'givenName', 'mail'];

const GIVEN = ['Alice', 'Bruno', 'Chloé', 'David', 'Émile', 'Fatima', 'Gaël', 'Hugo', 'Inès', 'Jules', 'Katia', 'Léa', 'Marc', 'Nadia', 'Oscar', 'Paul', 'Quentin', 'Rose', 'Sami', 'Théo', 'Ugo', 'Valérie', 'Wassim', 'Xavier', 'Yasmine', 'Zoé'];
const SYLLABLES = ['ber', 'dan', 'mar', 'ti', 'nel', 'lo', 'rou', 'gen', 'vil', 'pa', 'cha', 'mon', 'leb', 'ras', 'dou', 'fer', 'qui', 'sol'];

export interface Person {
  uid: string;
  givenName: string;
  sn: string;
}

/** A deterministic pseudo-random generator, so runs load the same data (same as the other benches). */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The generated users (bench/acl.bench.ts imports them too). */
export function people(count: number): Person[] {
  const random = prng(42);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const out: Person[] = [];
  for (let i = 0; i < count; i += 1) {
    const sn = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    out.push({ uid: `user${String(i).padStart(6, '0')}`, givenName: pick(GIVEN), sn: sn.charAt(0).toUpperCase() + sn.slice(1) });
  }
  return out;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const dnOf = (uid: string): string => `uid=${escapeDnValue(uid)},${PEOPLE}`;

/** The base (a department, as the bootstrap writes it), ou=people and FusionDirectory-shaped users, as LDIF. */
async function writeLdif(file: string, list: Person[]): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const baseLines = Object.entries(baseEntryAttributes(BASE_DN)).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v}`));
  await write(`dn: ${BASE_DN}\n${baseLines.join('\n')}\n\n`);
  await write(`dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n`);
  for (const p of list) {
    await write(
      `dn: ${dnOf(p.uid)}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\n` +
        `uid: ${p.uid}\ncn:: ${b64(`${p.givenName} ${p.sn}`)}\nsn:: ${b64(p.sn)}\ngivenName:: ${b64(p.givenName)}\nmail: ${p.uid}@bench.org\n\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const median = (values: number[]): number => percentile(values, 50);
const mb = (bytes: number): string => `${fmt(bytes / 1024 / 1024, 1)} MB`;

// ---------------------------------------------------------------------------------------------------------------
// The server process.

export interface ServeOptions {
  dir: string;
  url: string;
  adminDN: string;
  password: string;
}

type ToChild = { type: 'gc' } | { type: 'sample'; on: boolean } | { type: 'ops' } | { type: 'profile'; on: boolean; file?: string } | { type: 'close' };
type FromChild =
  | { type: 'ready'; url: string }
  | { type: 'memory'; usage: NodeJS.MemoryUsage }
  | { type: 'sampling' }
  | { type: 'peaks'; heapUsed: number; external: number; samples: number }
  | { type: 'ops'; counts: Record<string, number> }
  | { type: 'profiling' }
  | { type: 'profile'; top: string[] }
  | { type: 'closed' };

/** The LDAP operations of ldapts' client, counted in the server process (a measuring wrapper; the bench only). */
const LDAP_OPERATIONS = ['bind', 'search', 'searchPaginated', 'add', 'modify', 'del', 'modifyDN', 'compare', 'exop'] as const;

function countLdapOperations(): Record<string, number> {
  const counts: Record<string, number> = {};
  const proto = LdapClient.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of LDAP_OPERATIONS) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    counts[name] = 0;
    proto[name] = function (this: unknown, ...args: unknown[]) {
      counts[name] = (counts[name] ?? 0) + 1;
      return original.apply(this, args);
    };
  }
  return counts;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The project's functions (src/…) by inclusive share of the profile's samples: where a request spends its CPU. */
function topFunctions(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }, limit = 10): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    if (byId.get(id)?.callFrame.functionName === '(idle)') idle += dt;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const at = f.url.indexOf('/src/');
      if (at < 0) continue;
      const key = `${f.functionName || '(anonymous)'} ${f.url.slice(at + 1)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const line = (us: number, what: string) => `${fmt((100 * us) / total, 0).padStart(3)}%  ${fmt(us / 1000).padStart(6)} ms  ${what}`;
  return [
    line(total, 'profiled (wall)'),
    line(idle, '(idle: waiting for slapd or the client)'),
    ...[...inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([key, us]) => line(us, key)),
  ];
}

/** Child: `trousseau serve` on 127.0.0.1 with a free port, answering memory questions over IPC. */
async function serveChild(options: ServeOptions): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const ops = countLdapOperations();
  let inspector: Session | undefined;
  const config: TrousseauConfig = { http: { host: '127.0.0.1', port: 0, trustProxy: false }, directories: [], managed: { dir: options.dir }, log: { level: 'warn' } };
  const directory: DirectoryConfig = {
    name: 'default',
    uris: [options.url],
    base: BASE_DN,
    bindDN: options.adminDN,
    bindPassword: new Secret(options.password),
    startTLS: false,
    tlsVerify: true,
    poolSize: 4,
    timeoutMs: 120_000,
    source: 'bench/rest.bench.ts',
  };
  const server = await serve(config, [directory], { port: 0 });
  const send = (m: FromChild) => process.send?.(m);
  let sampler: NodeJS.Timeout | undefined;
  let peaks = { heapUsed: 0, external: 0, samples: 0 };
  process.on('message', (m: ToChild) => {
    if (m.type === 'gc') {
      gc();
      gc();
      send({ type: 'memory', usage: process.memoryUsage() });
    } else if (m.type === 'sample' && m.on) {
      peaks = { heapUsed: 0, external: 0, samples: 0 };
      const sample = () => {
        const u = process.memoryUsage();
        peaks = { heapUsed: Math.max(peaks.heapUsed, u.heapUsed), external: Math.max(peaks.external, u.external + u.arrayBuffers), samples: peaks.samples + 1 };
      };
      sample();
      sampler = setInterval(sample, 2);
      send({ type: 'sampling' });
    } else if (m.type === 'sample') {
      clearInterval(sampler);
      send({ type: 'peaks', ...peaks });
    } else if (m.type === 'ops') {
      send({ type: 'ops', counts: { ...ops } });
    } else if (m.type === 'profile' && m.on) {
      inspector = new Session();
      inspector.connect();
      void inspector
        .post('Profiler.enable')
        .then(() => inspector!.post('Profiler.start'))
        .then(() => send({ type: 'profiling' }));
    } else if (m.type === 'profile') {
      void inspector!.post('Profiler.stop').then(({ profile }) => {
        if (m.file) writeFileSync(m.file, JSON.stringify(profile));
        inspector!.disconnect();
        send({ type: 'profile', top: topFunctions(profile as unknown as Parameters<typeof topFunctions>[0]) });
      });
    } else if (m.type === 'close') {
      void server.close().then(() => {
        send({ type: 'closed' });
        process.exit(0);
      });
    }
  });
  send({ type: 'ready', url: server.url });
}

/** Parent's handle on the server process. */
export class ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;

  private constructor(child: ChildProcess, url: string) {
    this.child = child;
    this.url = url;
  }

  static async start(options: ServeOptions): Promise<ServerProcess> {
    // Through bin/run-ts.mjs, so the child runs TypeScript however this process was started.
    const runTs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/run-ts.mjs');
    const env = { ...process.env };
    delete env.TROUSSEAU_SESSION_KEY;
    delete env.TROUSSEAU_SESSION_KEY_FILE;
    const child = fork(runTs, [fileURLToPath(import.meta.url), SERVE_FLAG, JSON.stringify(options)], { execArgv: [], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<FromChild>((resolve, reject) => {
      child.once('message', (m: FromChild) => resolve(m));
      child.once('exit', (code) => reject(new Error(`the server process exited with ${code}`)));
    });
    if (ready.type !== 'ready') throw new Error(`unexpected message from the server process: ${JSON.stringify(ready)}`);
    return new ServerProcess(child, ready.url);
  }

  ask<T extends FromChild['type']>(message: ToChild, answer: T): Promise<Extract<FromChild, { type: T }>> {
    return new Promise((resolve) => {
      const listener = (m: FromChild) => {
        if (m.type !== answer) return;
        this.child.off('message', listener);
        resolve(m as Extract<FromChild, { type: T }>);
      };
      this.child.on('message', listener);
      this.child.send(message);
    });
  }

  /** The LDAP operations the server sends while `fn` runs, e.g. `9 (searchPaginated 3, search 3, add 1, …)`. */
  async ldapOperations(fn: () => Promise<unknown>): Promise<string> {
    const before = (await this.ask({ type: 'ops' }, 'ops')).counts;
    await fn();
    const after = (await this.ask({ type: 'ops' }, 'ops')).counts;
    const diff = Object.entries(after)
      .map(([name, n]) => [name, n - (before[name] ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]);
    return `${diff.reduce((sum, [, n]) => sum + n, 0)}${diff.length ? ` (${diff.map(([name, n]) => `${name} ${n}`).join(', ')})` : ''}`;
  }

  /** A CPU profile of the server while `fn` runs: the top project functions, and the profile written to `file`. */
  async profile(file: string, fn: () => Promise<unknown>): Promise<string[]> {
    await this.ask({ type: 'profile', on: true }, 'profiling');
    await fn();
    return (await this.ask({ type: 'profile', on: false, file }, 'profile')).top;
  }

  /** VmRSS and VmHWM (peak RSS) of the server process, in bytes. */
  rss(): { rss: number; peak: number } {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  }

  /** Reset the peak RSS (Linux: write 5 to clear_refs); false when the kernel refuses. */
  resetPeak(): boolean {
    try {
      writeFileSync(`/proc/${this.child.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.send({ type: 'close' } satisfies ToChild);
    await exited;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The client.

interface Answer {
  status: number;
  text: string;
  ms: number;
  headers: Headers;
}

class Client {
  token = '';
  private readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async call(method: string, pathAndQuery: string, body?: unknown, token = this.token): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`${this.url}${API}${pathAndQuery}`, {
      method,
      headers: { 'user-agent': 'trousseau-bench/1.0', ...(token ? { 'session-token': token } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, ms: performance.now() - started, headers: res.headers };
  }

  /** Like {@link call}, but a status other than `expected` stops the benchmark. */
  async expect(expected: number, method: string, pathAndQuery: string, body?: unknown, token?: string): Promise<Answer> {
    const a = await this.call(method, pathAndQuery, body, token);
    if (a.status !== expected) throw new Error(`${method} ${pathAndQuery}: ${a.status} ${a.text.slice(0, 300)}`);
    return a;
  }

  async login(): Promise<Answer> {
    return this.expect(200, 'POST', '/login', { user: 'fd-admin', password: FD_ADMIN_PASSWORD }, '');
  }
}

const q = encodeURIComponent;
const objectUrl = (dn: string, ...rest: string[]) => ['/objects/user', q(dn), ...rest].join('/');
/** Where a sorted page came from: the list index (`i.` cursors) or LDAP's server-side sort (`v.`). */
const sourceOf = (a: Answer): string => {
  const cursor = a.headers.get('x-next-cursor') ?? '';
  return cursor.startsWith('i.') ? 'index' : cursor.startsWith('v.') ? 'LDAP sssvlv' : 'unknown';
};

/**
 * The same 50-entry page read by ldapsearch (sort + VLV controls, as REST's LDAP path sends them), process start and
 * bind included. ldapsearch then offers the next VLV window on stdin (and moves on at EOF): it is stopped at its prompt,
 * which `stdbuf -oL` makes visible through the pipe.
 */
async function ldapsearchWindow(md: ManagedDirectory, passwordFile: string): Promise<{ ms: number; entries: number }> {
  const args = ['-x', '-H', md.url, '-D', md.adminDN, '-y', passwordFile, '-LLL', '-b', BASE_DN, '-s', 'sub', '-E', 'sss=sn:2.5.13.3', '-E', 'vlv=0/49/1/0', '(objectClass=inetOrgPerson)', ...PAGE_ATTRS];
  const started = performance.now();
  const child = spawn('stdbuf', ['-oL', 'ldapsearch', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ldapsearch gave no first window within 120 s')), 120_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (!out.includes('Press [')) return;
        clearTimeout(timer);
        resolve(performance.now() - started);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`ldapsearch exited with ${code} before its first window: ${err.trim()}`));
      });
    });
    return { ms, entries: (out.slice(0, out.indexOf('Press [')).match(/^dn: /gm) ?? []).length };
  } finally {
    child.removeAllListeners('exit');
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'close');
    }
  }
}

/** Median of 5 ldapsearch windows, and of 5 base reads of one entry (what process start and bind cost). */
async function ldapsearchPage(md: ManagedDirectory, passwordFile: string): Promise<{ ms: number; startMs: number; entries: number }> {
  const windows: Array<{ ms: number; entries: number }> = [];
  for (let i = 0; i < 5; i += 1) windows.push(await ldapsearchWindow(md, passwordFile));
  const start = () => {
    const t = performance.now();
    spawnSync('ldapsearch', ['-x', '-H', md.url, '-D', md.adminDN, '-y', passwordFile, '-LLL', '-b', PEOPLE, '-s', 'base', '(objectClass=*)', '1.1'], { encoding: 'utf8' });
    return performance.now() - t;
  };
  return { ms: median(windows.map((w) => w.ms)), startMs: median(Array.from({ length: 5 }, start)), entries: windows[0]!.entries };
}

interface Latencies {
  getTab: number[];
  putAttribute: number[];
  login: number[];
}

/** p50/p95 series of GET one tab, PUT one attribute and POST /login, each {@link CALLS} sequential calls on varied users. */
async function latencies(client: Client, list: Person[], round: string): Promise<Latencies> {
  const dn = (i: number) => dnOf(list[(i * 7919 + round.length * 104_729) % list.length]!.uid);
  const getTab: number[] = [];
  for (let i = 0; i < CALLS; i += 1) getTab.push((await client.expect(200, 'GET', objectUrl(dn(i), 'user'))).ms);
  const putAttribute: number[] = [];
  for (let i = 0; i < CALLS; i += 1) putAttribute.push((await client.expect(200, 'PUT', objectUrl(dn(i), 'user', 'description'), `bench ${round} ${i}`)).ms);
  const login: number[] = [];
  for (let i = 0; i < CALLS; i += 1) login.push((await client.login()).ms);
  return { getTab, putAttribute, login };
}

const p50p95 = (values: number[]) => `${fmt(percentile(values, 50), 1)} / ${fmt(percentile(values, 95), 1)} ms`;

interface Figures {
  count: number;
  load: string;
  coldPage: string;
  warmUp: string;
  page: string;
  ldapsearch: string;
  ratio: string;
  search: string;
  listing: string;
  listingMemory: string;
  before: Latencies;
  after: Latencies;
  firstAfterListing: string;
  created: string;
  ldapOperations: Array<[string, string]>;
}

async function run(count: number, profile: boolean): Promise<Figures> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-rest-bench-'));
  const password = `bench-${process.pid}`;
  const md = new ManagedDirectory({ dir: path.join(dir, 'slapd'), baseDN: BASE_DN, adminPassword: password });
  console.log(`\n== REST v1, ${fmt(count)} users (slapd and server state in ${dir})`);
  let server: ServerProcess | undefined;
  try {
    // Load: generated LDIF through slapadd into the stopped server, then FusionDirectory's bootstrap (config entry,
    // branches, ACL roles, fd-admin as super administrator) through LDAP.
    const list = people(count);
    await md.initialise();
    const ldif = path.join(dir, 'people.ldif');
    let t = performance.now();
    await writeLdif(ldif, list);
    const slapadd = spawnSync(SLAPADD_BIN, ['-q', '-F', path.join(dir, 'slapd', 'slapd.d'), '-b', BASE_DN, '-l', ldif], { encoding: 'utf8' });
    if (slapadd.status !== 0) throw new Error(`slapadd failed: ${slapadd.stderr || slapadd.stdout}`);
    await md.start();
    const gateway = new LdapGateway({ urls: [md.url], bind: { method: 'simple', dn: md.adminDN, password } });
    try {
      await bootstrapDirectory({ gateway, baseDN: BASE_DN, adminPassword: FD_ADMIN_PASSWORD });
    } finally {
      await gateway.close();
    }
    const load = `${fmt((performance.now() - t) / 1000, 1)} s (LDIF + slapadd -q + bootstrap)`;
    console.log(`load: ${load}`);
    const passwordFile = path.join(dir, 'bench.pw');
    writeFileSync(passwordFile, password, { mode: 0o600 });

    server = await ServerProcess.start({ dir: path.join(dir, 'server'), url: md.url, adminDN: md.adminDN, password });
    const client = new Client(server.url);
    client.token = JSON.parse((await client.login()).text) as string;
    console.log(`server: ${server.url} (pid ${server.child.pid}), rss ${mb(server.rss().rss)} after the first login`);

    // First page of 50 sorted by sn. The type's first listing starts its list index; until it is warm, pages come
    // from slapd's server-side sort (sssvlv).
    const pageQuery = `?sort=sn&limit=50&${PAGE_ATTRS.map((a) => `attrs[${a}]=1`).join('&')}`;
    const firstListing = performance.now();
    const cold = await client.expect(200, 'GET', `/objects/user${pageQuery}`);
    const coldPage = `${fmt(cold.ms)} ms (${sourceOf(cold)})`;
    console.log(`first page of 50 by sn, first request: ${coldPage}`);
    let warm = cold;
    while (sourceOf(warm) === 'LDAP sssvlv' && performance.now() - firstListing < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      warm = await client.expect(200, 'GET', '/objects/user?sort=sn&limit=1');
    }
    const warmUp = sourceOf(warm) === 'index' ? `${fmt((performance.now() - firstListing) / 1000, 1)} s after the first listing` : `not warm (${sourceOf(warm)})`;
    console.log(`list index: ${warmUp}`);
    const pages: number[] = [];
    let pageSource = '';
    for (let i = 0; i < RUNS; i += 1) {
      const a = await client.expect(200, 'GET', `/objects/user${pageQuery}`);
      if (Object.keys(JSON.parse(a.text) as object).length !== 50) throw new Error('the first page does not have 50 users');
      pages.push(a.ms);
      pageSource = sourceOf(a);
    }
    const page = `${fmt(median(pages), 1)} ms p50, ${fmt(percentile(pages, 95), 1)} ms p95 (${pageSource})`;
    const ls = await ldapsearchPage(md, passwordFile);
    const ldapsearch = `${fmt(ls.ms, 1)} ms (${ls.entries} entries; of which ~${fmt(ls.startMs, 1)} ms process start + bind)`;
    const ratio = `${fmt(median(pages) / ls.ms, 2)} (warm), ${fmt(cold.ms / ls.ms, 2)} (first request)`;
    console.log(`first page of 50 by sn: REST ${page}; ldapsearch -E sss -E vlv ${ldapsearch}; ratio REST/ldapsearch ${ratio}`);

    // Substring search on the quick-search attributes, each run on another surname (≤ 50 users each).
    const surnames = [...new Set(list.filter((_, i) => i % 97 === 0).map((p) => p.sn))].slice(0, RUNS);
    const searches: number[] = [];
    const hits: number[] = [];
    for (const sn of surnames) {
      const text = sn.toLowerCase();
      const filter = `(|(uid=*${text}*)(cn=*${text}*)(mail=*${text}*))`;
      const a = await client.expect(200, 'GET', `/objects/user?filter=${q(filter)}`);
      const n = Object.keys(JSON.parse(a.text) as object).length;
      const expected = list.filter((p) => `${p.givenName} ${p.sn}`.toLowerCase().includes(text)).length;
      if (n !== expected || n > 50) throw new Error(`search ${filter}: ${n} users, expected ${expected} (≤ 50)`);
      searches.push(a.ms);
      hits.push(n);
    }
    const search = `${fmt(median(searches), 1)} ms p50, ${fmt(percentile(searches, 95), 1)} ms p95 (${surnames.length} surnames, ${Math.min(...hits)}–${Math.max(...hits)} users each)`;
    console.log(`substring search (|(uid=*x*)(cn=*x*)(mail=*x*)): ${search}`);

    // LDAP operations per request, counted in the server (the list index answers lists without LDAP once warm).
    const sample = dnOf(list[4242 % list.length]!.uid);
    const ldapOperations: Array<[string, string]> = [
      ['first page of 50 by sn', await server.ldapOperations(() => client.expect(200, 'GET', `/objects/user${pageQuery}`))],
      ['substring search', await server.ldapOperations(() => client.expect(200, 'GET', `/objects/user?filter=${q('(cn=*zzz*)')}`))],
      ['GET tab', await server.ldapOperations(() => client.expect(200, 'GET', objectUrl(sample, 'user')))],
      ['PUT attribute', await server.ldapOperations(() => client.expect(200, 'PUT', objectUrl(sample, 'user', 'description'), 'counted'))],
      ['POST /login', await server.ldapOperations(() => client.login())],
      ['POST /objects/user', await server.ldapOperations(() => client.expect(201, 'POST', '/objects/user', { attrs: { user: { base: BASE_DN, uid: 'counted-1', givenName: 'Compté', sn: 'Une fois' } } }))],
    ];
    console.log(`LDAP operations per request: ${ldapOperations.map(([what, n]) => `${what} ${n}`).join('; ')}`);

    const before = await latencies(client, list, 'before');
    console.log(`p50/p95 over ${fmt(CALLS)} calls: GET tab ${p50p95(before.getTab)}, PUT attribute ${p50p95(before.putAttribute)}, POST /login ${p50p95(before.login)}`);

    // Full listing {dn: uid} of the users, fd-admin and the one created above: time to the last byte, and the
    // server's memory growth while it answers.
    const listings: Array<{ ms: number; rssGrowth: number; heapGrowth: number; externalGrowth: number }> = [];
    let peakExact = true;
    for (let i = 0; i < 3; i += 1) {
      const baseline = (await server.ask({ type: 'gc' }, 'memory')).usage;
      const rssBefore = server.rss().rss;
      peakExact = server.resetPeak() && peakExact;
      await server.ask({ type: 'sample', on: true }, 'sampling');
      const a = await client.expect(200, 'GET', '/objects/user');
      const peaks = await server.ask({ type: 'sample', on: false }, 'peaks');
      const { peak } = server.rss();
      const n = Object.keys(JSON.parse(a.text) as object).length;
      if (n !== count + 2) throw new Error(`the full listing has ${n} users, expected ${count + 2}`);
      listings.push({ ms: a.ms, rssGrowth: peak - rssBefore, heapGrowth: peaks.heapUsed - baseline.heapUsed, externalGrowth: peaks.external - (baseline.external + baseline.arrayBuffers) });
    }
    // The tab read right after a full listing, in the same session.
    const firstAfter = await client.expect(200, 'GET', objectUrl(dnOf(list[12_345 % list.length]!.uid), 'user'));
    const listing = `${fmt(median(listings.map((l) => l.ms)))} ms p50 of 3 (${listings.map((l) => fmt(l.ms)).join(', ')}), ${fmt(count + 2)} entries`;
    const listingMemory = `peak RSS +${mb(Math.max(...listings.map((l) => l.rssGrowth)))}${peakExact ? '' : ' (VmHWM not resettable: lower bound)'}, heap peak +${mb(Math.max(...listings.map((l) => l.heapGrowth)))} (sampled every 2 ms), external+buffers +${mb(Math.max(...listings.map((l) => l.externalGrowth)))}`;
    console.log(`full listing GET /objects/user: ${listing}; server memory during it: ${listingMemory}`);
    const firstAfterListing = `${fmt(firstAfter.ms, 1)} ms`;

    const after = await latencies(client, list, 'after-listing');
    console.log(`right after the listing — first GET tab ${firstAfterListing}; p50/p95 over ${fmt(CALLS)} calls: GET tab ${p50p95(after.getTab)}, PUT attribute ${p50p95(after.putAttribute)}, POST /login ${p50p95(after.login)}`);

    if (profile) {
      const file = path.join(os.tmpdir(), `trousseau-rest-bench-${count}-listing.cpuprofile`);
      const top = await server.profile(file, () => client.expect(200, 'GET', '/objects/user'));
      console.log(`CPU profile of the server during a full listing (${file}), project functions by inclusive time:\n  ${top.join('\n  ')}`);
      const putFile = path.join(os.tmpdir(), `trousseau-rest-bench-${count}-put.cpuprofile`);
      const putTop = await server.profile(putFile, async () => {
        for (let i = 0; i < 100; i += 1) await client.expect(200, 'PUT', objectUrl(dnOf(list[(i * 389) % list.length]!.uid), 'user', 'description'), `profiled ${i}`);
      });
      console.log(`CPU profile of the server during 100 PUT attribute (${putFile}):\n  ${putTop.join('\n  ')}`);
      const pageFile = path.join(os.tmpdir(), `trousseau-rest-bench-${count}-page.cpuprofile`);
      const pageTop = await server.profile(pageFile, async () => {
        for (let i = 0; i < 50; i += 1) await client.expect(200, 'GET', `/objects/user${pageQuery}`);
      });
      console.log(`CPU profile of the server during 50 first pages sorted by sn (${pageFile}):\n  ${pageTop.join('\n  ')}`);
    }
    // Users created through REST: one at a time, then 8 requests in flight.
    const create = (i: number, tag: string) => client.expect(201, 'POST', '/objects/user', { attrs: { user: { base: BASE_DN, uid: `new-${tag}-${i}`, givenName: 'Nouveau', sn: `Arrivant${i}` } } });
    t = performance.now();
    const sequential = 300;
    for (let i = 0; i < sequential; i += 1) await create(i, 'seq');
    const sequentialRate = sequential / ((performance.now() - t) / 1000);
    const concurrent = 800;
    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < concurrent) await create(next++, 'par');
      }),
    );
    const concurrentRate = concurrent / ((performance.now() - t) / 1000);
    const created = `${fmt(sequentialRate, 1)}/s one at a time (${sequential}), ${fmt(concurrentRate, 1)}/s with 8 in flight (${concurrent})`;
    console.log(`users created through POST /objects/user: ${created}`);

    return { count, load, coldPage, warmUp, page, ldapsearch, ratio, search, listing, listingMemory, before, after, firstAfterListing, created, ldapOperations };
  } finally {
    await server?.close();
    await md.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(all: Figures[]): void {
  const rows: Array<[string, (f: Figures) => string, string]> = [
    ['first 50 by sn, REST (first request)', (f) => f.coldPage, ''],
    ['list index warm', (f) => f.warmUp, ''],
    ['first 50 by sn, REST', (f) => f.page, '< 100 ms at 100 000'],
    ['same page, ldapsearch', (f) => f.ldapsearch, ''],
    ['ratio REST / ldapsearch', (f) => f.ratio, ''],
    ['substring search ≤ 50', (f) => f.search, ''],
    ['full listing {dn: uid}', (f) => f.listing, '< 750 ms at 100 000'],
    ['  server memory', (f) => f.listingMemory, 'growth < 100 MB'],
    ['GET tab p50/p95', (f) => p50p95(f.before.getTab), 'p50 < 8 ms'],
    ['PUT attribute p50/p95', (f) => p50p95(f.before.putAttribute), 'p50 < 12 ms'],
    ['POST /login p50/p95', (f) => p50p95(f.before.login), 'p50 < 10 ms'],
    ['after listing: first GET tab', (f) => f.firstAfterListing, ''],
    ['after listing: GET tab', (f) => p50p95(f.after.getTab), ''],
    ['after listing: PUT attribute', (f) => p50p95(f.after.putAttribute), ''],
    ['after listing: POST /login', (f) => p50p95(f.after.login), ''],
    ['users created', (f) => f.created, ''],
    ['load', (f) => f.load, ''],
  ];
  console.log(`\n== Summary (node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}; client, server and slapd share the machine)`);
  for (const f of all) {
    console.log(`\n${fmt(f.count)} users`);
    for (const [label, value, target] of rows) console.log(`  ${label.padEnd(32)} ${value(f)}${target ? `   [target ${target}]` : ''}`);
    for (const [what, n] of f.ldapOperations) console.log(`  ${`LDAP ops: ${what}`.padEnd(32)} ${n}`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const profile = args.includes('--profile');
  const given = args.filter((a) => a !== '--profile').map(Number);
  const counts = given.length > 0 ? given : [10_000, 100_000];
  if (counts.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('usage: npx tsx bench/rest.bench.ts [count …] [--profile] (each count ≥ 1000)');
  console.log(`REST v1 benchmark (node ${process.version}, ${os.cpus().length} CPUs); the server runs in a child process as \`trousseau serve\` builds it, log level warn`);
  const all: Figures[] = [];
  for (const count of counts) all.push(await run(count, profile));
  printTable(all);
}

if (process.argv[2] === SERVE_FLAG) {
  serveChild(JSON.parse(process.argv[3] ?? '{}') as ServeOptions).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
} else if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Run, not imported (bench/acl.bench.ts imports the generator and the server process).
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
