// Benchmark of the ACL cost (issue 5): a department manager with 20 assignments (one per department he manages) over
// `count` users (default 100 000) spread across 40 departments, next to fd-admin (super administrator, uniform rights).
// Prints: rights loading (first evaluation, cold: assignments, roles, the user's groups), one rights check per entry
// (µs, over every user), and through REST v1 the first page of `GET /objects/user?limit=50` as the manager and as the
// administrator, opening an object (GET tab) and saving one (PUT attribute), with the LDAP operations each sends.
// The users come from bench/rest.bench.ts's generator, the server is its `trousseau serve` child process.
// Run: npx tsx bench/acl.bench.ts [count]   (or npm run bench:acl -- [count]; prints figures, asserts nothing)
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseEntryAttributes, bootstrapDirectory } from '../src/directory/bootstrap.ts';
import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { SLAPADD_BIN } from '../src/directory/installSlapd.ts';
import { escapeDnValue } from '../src/ldap/dn.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import { hashSalted } from '../src/passwords/ssha.ts';
import { AclPolicy } from '../src/services/acl/AclPolicy.ts';
import { people, ServerProcess, type Person } from './rest.bench.ts';

/** The base bench/rest.bench.ts's server process serves. */
const BASE_DN = 'dc=bench,dc=org';
const FD_ADMIN_PASSWORD = 'bench-fd-admin';
const FD_ADMIN_DN = `uid=fd-admin,ou=people,${BASE_DN}`;
const MANAGER_UID = 'dept-manager';
const MANAGER_PASSWORD = 'bench-dept-manager';
const MANAGER_DN = `uid=${MANAGER_UID},ou=people,${BASE_DN}`;
const ROLE_DN = `cn=department-manager,ou=aclroles,${BASE_DN}`;
/** FusionDirectory's "manager" role without delete. */
const ROLE_TEMPLATE = '0:user/user;cmrw,user/posixAccount;cmrw';
const DEPARTMENTS = 40;
/** The manager's departments: the first 20, one assignment each. */
const MANAGED = 20;
const API = '/rest.php/v1';
/** Runs of the list measurements, calls of the open and save series, cold loads. */
const RUNS = 21;
const CALLS = 200;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const department = (i: number): string => `ou=dept${String(i).padStart(2, '0')},${BASE_DN}`;
const departmentOf = (index: number): number => index % DEPARTMENTS;
const dnOf = (p: Person, index: number): string => `uid=${escapeDnValue(p.uid)},ou=people,${department(departmentOf(index))}`;
const assignment = (priority: number, role: string, members: string[]) => [priority, 'subtree', b64(role), members.map(b64).join(','), '', ''].join(':');

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};
const p50p95 = (values: number[], unit = 'ms', digits = 1) => `${fmt(percentile(values, 50), digits)} / ${fmt(percentile(values, 95), digits)} ${unit}`;

/** The base, ou=people, the role, 40 departments (the first 20 carrying the manager's assignment) and the users, as LDIF. */
async function writeLdif(file: string, list: Person[]): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const lines = (attributes: Record<string, string | string[]>) => Object.entries(attributes).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${name}:: ${b64(v)}`));
  await write(`dn: ${BASE_DN}\n${lines(baseEntryAttributes(BASE_DN)).join('\n')}\n\n`);
  await write(`dn: ou=people,${BASE_DN}\nobjectClass: organizationalUnit\nou: people\n\n`);
  await write(`dn: ou=aclroles,${BASE_DN}\nobjectClass: organizationalUnit\nou: aclroles\n\n`);
  await write(`dn: ${ROLE_DN}\n${lines({ objectClass: ['top', 'gosaRole'], cn: 'department-manager', description: 'Users of a department, no delete', gosaAclTemplate: ROLE_TEMPLATE }).join('\n')}\n\n`);
  await write(`dn: ${MANAGER_DN}\n${lines({ objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'], uid: MANAGER_UID, cn: 'Dept Manager', sn: 'Manager', givenName: 'Dept', userPassword: hashSalted(MANAGER_PASSWORD, 'SSHA') }).join('\n')}\n\n`);
  for (let d = 0; d < DEPARTMENTS; d += 1) {
    const ou = `dept${String(d).padStart(2, '0')}`;
    const managed = d < MANAGED;
    const attributes: Record<string, string | string[]> = { objectClass: ['organizationalUnit', 'gosaDepartment', ...(managed ? ['gosaAcl'] : [])], ou, description: `Department ${d}` };
    if (managed) attributes.gosaAclEntry = assignment(0, ROLE_DN, [MANAGER_DN]);
    await write(`dn: ${department(d)}\n${lines(attributes).join('\n')}\n\n`);
    await write(`dn: ou=people,${department(d)}\nobjectClass: organizationalUnit\nou: people\n\n`);
  }
  for (const [i, p] of list.entries()) {
    await write(
      `dn: ${dnOf(p, i)}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\n` +
        `uid: ${p.uid}\ncn:: ${b64(`${p.givenName} ${p.sn}`)}\nsn:: ${b64(p.sn)}\ngivenName:: ${b64(p.givenName)}\nmail: ${p.uid}@bench.org\n\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

interface Answer {
  status: number;
  text: string;
  ms: number;
  headers: Headers;
}

/** REST v1 over loopback as one user. */
class Client {
  private token = '';
  private readonly url: string;

  constructor(url: string) {
    this.url = url;
  }

  async login(user: string, password: string): Promise<void> {
    this.token = JSON.parse((await this.expect(200, 'POST', '/login', { user, password })).text) as string;
  }

  async expect(expected: number, method: string, pathAndQuery: string, body?: unknown): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(`${this.url}${API}${pathAndQuery}`, {
      method,
      headers: { 'user-agent': 'trousseau-bench/1.0', ...(this.token ? { 'session-token': this.token } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    const answer = { status: res.status, text, ms: performance.now() - started, headers: res.headers };
    if (answer.status !== expected) throw new Error(`${method} ${pathAndQuery}: ${answer.status} ${text.slice(0, 300)}`);
    return answer;
  }
}

const q = encodeURIComponent;
const objectUrl = (dn: string, ...rest: string[]) => ['/objects/user', q(dn), ...rest].join('/');
const entriesOf = (a: Answer) => Object.keys(JSON.parse(a.text) as object).length;
const sourceOf = (a: Answer): string => {
  const cursor = a.headers.get('x-next-cursor') ?? '';
  return cursor.startsWith('i.') ? 'index' : cursor.startsWith('v.') ? 'LDAP sssvlv' : 'unknown';
};

/** The same request `RUNS` times: p50/p95, and the entries of the last answer. */
async function series(client: Client, url: string): Promise<{ ms: number[]; entries: number; source: string }> {
  const ms: number[] = [];
  let last: Answer | undefined;
  for (let i = 0; i < RUNS; i += 1) {
    last = await client.expect(200, 'GET', url);
    ms.push(last.ms);
  }
  return { ms, entries: entriesOf(last!), source: sourceOf(last!) };
}

async function run(count: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-acl-bench-'));
  const password = `bench-${process.pid}`;
  const md = new ManagedDirectory({ dir: path.join(dir, 'slapd'), baseDN: BASE_DN, adminPassword: password });
  console.log(`\n== ACL cost, ${fmt(count)} users in ${DEPARTMENTS} departments; a manager with ${MANAGED} assignments (slapd and server state in ${dir})`);
  let server: ServerProcess | undefined;
  let gateway: LdapGateway | undefined;
  const figures: Array<[string, string]> = [];
  const report = (what: string, value: string) => {
    figures.push([what, value]);
    console.log(`${what}: ${value}`);
  };
  try {
    const list = people(count);
    await md.initialise();
    const ldif = path.join(dir, 'people.ldif');
    let t = performance.now();
    await writeLdif(ldif, list);
    const slapadd = spawnSync(SLAPADD_BIN, ['-q', '-F', path.join(dir, 'slapd', 'slapd.d'), '-b', BASE_DN, '-l', ldif], { encoding: 'utf8' });
    if (slapadd.status !== 0) throw new Error(`slapadd failed: ${slapadd.stderr || slapadd.stdout}`);
    await md.start();
    gateway = new LdapGateway({ urls: [md.url], bind: { method: 'simple', dn: md.adminDN, password } });
    await bootstrapDirectory({ gateway, baseDN: BASE_DN, adminPassword: FD_ADMIN_PASSWORD });
    // As FusionDirectory's setup suggests: everyone edits his own information and password.
    await gateway.modify(BASE_DN, [
      { operation: 'add', attribute: 'gosaAclEntry', values: [assignment(1, `cn=editowninfos,ou=aclroles,${BASE_DN}`, ['*']), assignment(2, `cn=editownpwd,ou=aclroles,${BASE_DN}`, ['*'])] },
    ]);
    report('load', `${fmt((performance.now() - t) / 1000, 1)} s (LDIF + slapadd -q + bootstrap)`);

    // ---- In this process: the ACL layer alone (AclPolicy over the gateway, as every service asks it).
    const target = (dn: string) => ({ dn, category: 'user', tab: 'user' });
    const managedUser = dnOf(list[0]!, 0);
    const coldLoads = async (actor: string) => {
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i += 1) {
        const policy = new AclPolicy({ gateway: gateway!, baseDN: BASE_DN });
        const started = performance.now();
        await policy.rights({ dn: actor }, target(managedUser));
        ms.push(performance.now() - started);
      }
      return ms;
    };
    report('rights loading, cold (new AclPolicy, first question) — manager', `${p50p95(await coldLoads(MANAGER_DN))} p50/p95 of ${RUNS}`);
    report('rights loading, cold — fd-admin', `${p50p95(await coldLoads(FD_ADMIN_DN))} p50/p95 of ${RUNS}`);

    const policy = new AclPolicy({ gateway, baseDN: BASE_DN });
    const evaluator = await policy.evaluator({ dn: MANAGER_DN });
    const dns = list.map((p, i) => dnOf(p, i));
    const perEntry = (ask: (dn: string) => string) => {
      const us: number[] = [];
      let granted = 0;
      const started = performance.now();
      for (const dn of dns) {
        const t0 = process.hrtime.bigint();
        if (ask(dn).includes('r')) granted += 1;
        us.push(Number(process.hrtime.bigint() - t0) / 1000);
      }
      return { us, granted, totalMs: performance.now() - started };
    };
    const first = perEntry((dn) => evaluator.rights(dn, 'user', 'user'));
    report('rights check per entry, manager, first ask of each DN (AclEvaluator)', `${p50p95(first.us, 'µs', 2)} p50/p95, ${fmt((first.totalMs * 1000) / dns.length, 2)} µs mean, ${fmt(first.totalMs)} ms for ${fmt(dns.length)} entries (${fmt(first.granted)} readable)`);
    const again = perEntry((dn) => evaluator.rights(dn, 'user', 'user'));
    report('rights check per entry, manager, asked again', `${p50p95(again.us, 'µs', 2)} p50/p95, ${fmt((again.totalMs * 1000) / dns.length, 2)} µs mean (the evaluator keeps 50 000 answers)`);
    const attribute = perEntry((dn) => evaluator.rights(dn, 'user', 'user', 'telephoneNumber'));
    report('rights check per entry, manager, one attribute', `${p50p95(attribute.us, 'µs', 2)} p50/p95, ${fmt((attribute.totalMs * 1000) / dns.length, 2)} µs mean`);
    const asyncUs: number[] = [];
    const asyncStarted = performance.now();
    for (const dn of dns.slice(0, 20_000)) {
      const t0 = process.hrtime.bigint();
      await policy.rights({ dn: MANAGER_DN }, target(dn));
      asyncUs.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
    report('rights check per entry through AclPolicy.rights (async, as services ask)', `${p50p95(asyncUs, 'µs', 2)} p50/p95, ${fmt(((performance.now() - asyncStarted) * 1000) / asyncUs.length, 2)} µs mean over ${fmt(asyncUs.length)}`);
    report('fd-admin', `uniform rights ${JSON.stringify(await policy.uniformRights({ dn: FD_ADMIN_DN }))}: lists need no check per entry`);

    // ---- Through REST v1, against `trousseau serve` in a child process.
    server = await ServerProcess.start({ dir: path.join(dir, 'server'), url: md.url, adminDN: md.adminDN, password });
    const admin = new Client(server.url);
    await admin.login('fd-admin', FD_ADMIN_PASSWORD);
    const manager = new Client(server.url);
    await manager.login(MANAGER_UID, MANAGER_PASSWORD);

    // The type's first listing starts its list index; pages come from slapd's sort until it is warm.
    t = performance.now();
    const cold = await admin.expect(200, 'GET', '/objects/user?limit=50');
    report('first page, first request (admin, list index cold)', `${fmt(cold.ms)} ms (${sourceOf(cold)})`);
    let warm = cold;
    while (sourceOf(warm) !== 'index' && performance.now() - t < 300_000) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      warm = await admin.expect(200, 'GET', '/objects/user?limit=1');
    }
    report('list index', sourceOf(warm) === 'index' ? `warm ${fmt((performance.now() - t) / 1000, 1)} s after the first listing` : `not warm (${sourceOf(warm)})`);

    const pageAdmin = await series(admin, '/objects/user?limit=50');
    report('GET /objects/user?limit=50 — fd-admin', `${p50p95(pageAdmin.ms)} p50/p95 of ${RUNS}, ${pageAdmin.entries} entries (${pageAdmin.source})`);
    const pageManager = await series(manager, '/objects/user?limit=50');
    report('GET /objects/user?limit=50 — manager', `${p50p95(pageManager.ms)} p50/p95 of ${RUNS}, ${pageManager.entries} entries (${pageManager.source})`);
    const pageDept = await series(manager, `/objects/user?limit=50&base=${q(department(0))}`);
    report('GET /objects/user?limit=50&base=<one of his departments> — manager', `${p50p95(pageDept.ms)} p50/p95 of ${RUNS}, ${pageDept.entries} entries (${pageDept.source})`);
    const pageOther = await series(manager, `/objects/user?limit=50&base=${q(department(MANAGED))}`);
    report('GET /objects/user?limit=50&base=<a department not his> — manager', `${p50p95(pageOther.ms)} p50/p95 of ${RUNS}, ${pageOther.entries} entries (${pageOther.source})`);

    // Objects of the manager's departments, varied so that neither server nor slapd answers from one cached entry.
    const managedIndexes = list.map((_, i) => i).filter((i) => departmentOf(i) < MANAGED);
    const sample = (i: number, round: number) => {
      const index = managedIndexes[(i * 7919 + round * 104_729) % managedIndexes.length]!;
      return dnOf(list[index]!, index);
    };
    const timed = async (client: Client, round: number, call: (dn: string, i: number) => Promise<Answer>) => {
      const ms: number[] = [];
      for (let i = 0; i < CALLS; i += 1) ms.push((await call(sample(i, round), i)).ms);
      return ms;
    };
    const openAdmin = await timed(admin, 1, (dn) => admin.expect(200, 'GET', objectUrl(dn, 'user')));
    const openManager = await timed(manager, 2, (dn) => manager.expect(200, 'GET', objectUrl(dn, 'user')));
    report('open an object (GET /objects/user/<dn>/user)', `fd-admin ${p50p95(openAdmin)}, manager ${p50p95(openManager)} (p50/p95 of ${CALLS})`);
    const saveAdmin = await timed(admin, 3, (dn, i) => admin.expect(200, 'PUT', objectUrl(dn, 'user', 'description'), `admin ${i}`));
    const saveManager = await timed(manager, 4, (dn, i) => manager.expect(200, 'PUT', objectUrl(dn, 'user', 'description'), `manager ${i}`));
    report('save an object (PUT /objects/user/<dn>/user/description)', `fd-admin ${p50p95(saveAdmin)}, manager ${p50p95(saveManager)} (p50/p95 of ${CALLS})`);

    // The server's first evaluation after an ACL change: a role written elsewhere makes every instance reload the
    // rules within its check interval (2 s); the next request pays the load.
    const reloads: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      await gateway.modify(ROLE_DN, [{ operation: 'replace', attribute: 'description', values: [`Users of a department, no delete (${i})`] }]);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      reloads.push((await manager.expect(200, 'GET', objectUrl(sample(i, 5), 'user'))).ms);
    }
    report('open an object, first request after an ACL change (rules reloaded) — manager', `${reloads.map((ms) => fmt(ms, 1)).join(', ')} ms (warm: ${fmt(percentile(openManager, 50), 1)} ms)`);

    const ops = async (what: string, fn: () => Promise<unknown>) => [what, await server!.ldapOperations(fn)] as const;
    const counted = [
      await ops('page, fd-admin', () => admin.expect(200, 'GET', '/objects/user?limit=50')),
      await ops('page, manager', () => manager.expect(200, 'GET', '/objects/user?limit=50')),
      await ops('open, manager', () => manager.expect(200, 'GET', objectUrl(sample(7, 6), 'user'))),
      await ops('save, manager', () => manager.expect(200, 'PUT', objectUrl(sample(7, 6), 'user', 'description'), 'counted')),
    ];
    report('LDAP operations per request', counted.map(([what, n]) => `${what} ${n}`).join('; '));
  } finally {
    await server?.close();
    await gateway?.close();
    await md.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n== Summary (node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}; client, server and slapd share the machine)`);
  for (const [what, value] of figures) console.log(`  ${what}: ${value}`);
}

async function main(): Promise<void> {
  const count = process.argv[2] === undefined ? 100_000 : Number(process.argv[2]);
  if (!Number.isInteger(count) || count < 1000) throw new Error('usage: npx tsx bench/acl.bench.ts [count] (count ≥ 1000)');
  console.log(`ACL benchmark (node ${process.version}, ${os.cpus().length} CPUs); the server runs in a child process as \`trousseau serve\` builds it, log level warn`);
  await run(count);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
