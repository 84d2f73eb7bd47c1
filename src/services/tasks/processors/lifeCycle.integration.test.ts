// The life-cycle processor on FusionDirectory-shaped tasks and SupAnn users in the real directory: ended accounts move
// to the post state and are locked (ldapwhoami refused), the others are left alone and their sub-tasks removed.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLdap, testSubtree } from '../../../../test/harness.ts';
import { loadFixture } from '../../../../test/ldifFixture.ts';
import { LdapGateway } from '../../../ldap/LdapGateway.ts';
import { Registry } from '../../../model/Registry.ts';
import { hashSalted } from '../../../passwords/ssha.ts';
import { configurationPlugin } from '../../../plugins/configuration/index.ts';
import { corePlugin } from '../../../plugins/core/index.ts';
import { posixPlugin } from '../../../plugins/posix/index.ts';
import { supannPlugin } from '../../../plugins/supann/index.ts';
import { SuperAdministratorPolicy } from '../../AccessPolicy.ts';
import { ObjectService } from '../../objects/ObjectService.ts';
import { SiteConfig } from '../../SiteConfig.ts';
import type { TaskObjectHooks, TaskRunContext } from '../types.ts';
import { changedLines, lifeCycleProcessor, needsChange, NO_LIFE_CYCLE_TASK } from './lifeCycle.ts';

const env = testLdap();
const PASSWORD = 'lifecycle-secret';
const tag = randomBytes(3).toString('hex');
/** 2026-11-27 00:30 in Paris, still the 26th in UTC. */
const NOW = new Date('2026-11-26T23:30:00Z');
let gateway: LdapGateway;
let base: string;
let service: ObjectService;
let refreshed: string[] = [];

const userDn = (name: string) => `uid=lc-${name}-${tag},ou=people,${base}`;
const subDn = (n: number) => `cn=lc-expire-${tag}-SubTask-1793523600_${n},ou=tasks,${base}`;

const hooks: TaskObjectHooks = {
  activateTask: () => Promise.resolve(),
  // What the lead wires: open and save the user unchanged through the object services, as the service account.
  refreshUser: async (dn) => {
    refreshed.push(dn);
    const admin = { dn: env.fdAdminDN };
    await service.save(admin, await service.open(admin, 'user', dn));
  },
};

function contextOf(overrides: Partial<TaskRunContext> = {}): TaskRunContext {
  return {
    gateway,
    baseDN: base,
    settings: { tasksBase: `ou=tasks,${base}`, mailTemplateBase: `ou=mailTemplate,${base}`, timezone: 'Europe/Paris', maxEmails: 50, intervalMinutes: 0, lastExecTime: 0 },
    now: () => NOW,
    owner: 'lifecycle-test',
    claimSeconds: 300,
    mailAttempts: 1,
    retryDelayMs: 0,
    log: () => undefined,
    ...overrides,
  };
}

async function whoami(dn: string): Promise<number> {
  try {
    await promisify(execFile)('ldapwhoami', ['-x', '-H', env.url, '-D', dn, '-w', PASSWORD]);
    return 0;
  } catch (e) {
    return typeof (e as { code?: unknown }).code === 'number' ? (e as { code: number }).code : -1;
  }
}

const statesOf = async (dn: string) => {
  const entry = (await gateway.read(dn, ['supannRessourceEtatDate', 'supannRessourceEtat', 'userPassword']))!;
  return { lines: entry.get('supannRessourceEtatDate').sort(), states: entry.get('supannRessourceEtat').sort(), password: entry.first('userPassword') ?? '' };
};

/** A SupAnn user of this file with one resource line. */
async function addUser(name: string, line: string): Promise<string> {
  const dn = userDn(name);
  await gateway.add(dn, {
    objectClass: ['inetOrgPerson', 'organizationalPerson', 'person', 'eduPerson', 'supannPerson'],
    uid: `lc-${name}-${tag}`,
    cn: name,
    sn: name,
    userPassword: hashSalted(PASSWORD, 'SSHA'),
    supannRessourceEtatDate: line,
  });
  return dn;
}

/** A due "Life Cycle" sub-task of a main task for a user. */
async function addSubTask(master: string, n: string, user: string): Promise<string> {
  const dn = `cn=lc-extra-${tag}-SubTask-${n},ou=tasks,${base}`;
  await gateway.add(dn, {
    objectClass: 'fdTasksGranular',
    cn: `lc-extra-${tag}-SubTask-${n}`,
    fdTasksGranularMaster: master,
    fdTasksGranularType: 'Life Cycle',
    fdTasksGranularSchedule: '20261101090000',
    fdTasksGranularStatus: '1',
    fdTasksGranularDN: user,
  });
  return dn;
}

beforeAll(async () => {
  gateway = new LdapGateway({ urls: [env.url], bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword }, poolSize: 4 });
  base = await testSubtree('lifecycle');
  await loadFixture(gateway, 'fd-lifecycle.ldif', { BASE: base, TAG: tag, PASSWORD: hashSalted(PASSWORD, 'SSHA') });
  service = new ObjectService({ gateway, registry: new Registry([corePlugin, posixPlugin, configurationPlugin, supannPlugin]), config: new SiteConfig(base, {}), access: new SuperAdministratorPolicy(gateway, env.baseDN) });
});
afterAll(() => gateway.close());

describe('the life-cycle rule', () => {
  const rule = { preResource: 'COMPTE', preState: 'A', preSubState: 'SupannActif', postResource: 'COMPTE', postState: 'I', postSubState: 'SupannExpire', postEndDays: 30 };

  it('counts an end date as a day of the state: the change comes the day after, on the directory’s calendar', () => {
    const lines = ['{COMPTE}A:SupannActif:20240101:20261126'];
    expect(needsChange(lines, rule, '20261126')).toBe(false);
    expect(needsChange(lines, rule, '20261127')).toBe(true);
    // FusionDirectory's hour-precision dates are days too.
    expect(needsChange(['{COMPTE}A:SupannActif:2024010100Z:2026112600Z'], rule, '20261127')).toBe(true);
    expect(needsChange(['{COMPTE}A:SupannActif:20240101:'], rule, '20261127')).toBe(false);
    expect(needsChange(['{COMPTE}A:SupannAnticipe:20240101:20261126'], rule, '20261127')).toBe(false);
    expect(needsChange(['{COMPTE}A:SupannAnticipe:20240101:20261126'], { ...rule, preSubState: '' }, '20261127')).toBe(true);
  });

  it('starts the post state at the old end date and adds the task’s days to it', () => {
    expect(changedLines(['{COMPTE}A:SupannActif:20240101:20261126', '{MAIL}A:SupannActif::'], rule, '20261127')).toEqual(['{COMPTE}I:SupannExpire:20261126:20261226', '{MAIL}A:SupannActif::']);
    expect(changedLines(['{MAIL}A:SupannActif::'], rule, '20261127')).toBeUndefined();
    expect(changedLines(['{COMPTE}A:SupannActif::'], { ...rule, postSubState: '', postEndDays: 0 }, '20261127')).toEqual(['{COMPTE}I::20261127:20261127']);
  });
});

describe('a life-cycle pass over FusionDirectory’s sub-tasks', () => {
  it('moves the ended account to the post state and locks it; leaves the others alone and removes their sub-tasks', async () => {
    expect(await whoami(userDn('ended'))).toBe(0);
    const before = { today: await statesOf(userDn('today')), later: await statesOf(userDn('later')), suspended: await statesOf(userDn('suspended')), waiting: await statesOf(userDn('waiting')) };
    refreshed = [];
    const run = await lifeCycleProcessor.run(contextOf({ hooks }));

    expect(run).toMatchObject({ noneOfType: false, completed: 1, failed: 0, removed: 3 });
    const ended = userDn('ended');
    expect(run.result).toEqual([
      {
        [subDn(1)]: { results: JSON.stringify(`Account states have been successfully modified for ${ended}`), statusUpdate: 'Success', refreshUser: `User: ${ended} has been correctly refreshed.` },
        [subDn(2)]: { results: `Sub-task removed for : ${userDn('today')} with result : 1`, statusUpdate: 'No updates required, sub-task will be removed.' },
        [subDn(3)]: { results: `Sub-task removed for : ${userDn('later')} with result : 1`, statusUpdate: 'No updates required, sub-task will be removed.' },
        [subDn(4)]: { results: `Sub-task removed for : ${userDn('suspended')} with result : 1`, statusUpdate: 'No updates required, sub-task will be removed.' },
      },
    ]);
    expect(refreshed).toEqual([ended]);

    // The example: {COMPTE}A:SupannActif:20240101:20261126 → {COMPTE}I:SupannExpire:20261126:<+30 days>.
    const after = await statesOf(ended);
    expect(after.lines).toEqual(['{COMPTE}I:SupannExpire:20261126:20261226', '{MAIL}A:SupannActif:20240101:']);
    expect(after.states).toEqual(['{COMPTE}I:SupannExpire', '{MAIL}A:SupannActif']);
    expect(after.password).toMatch(/^\{SSHA\}!/);
    expect(await whoami(ended)).not.toBe(0);
    expect((await gateway.read(subDn(1), ['fdTasksGranularStatus']))!.first('fdTasksGranularStatus')).toBe('2');

    // The others: untouched, able to sign in; their sub-tasks gone, the one not yet due still scheduled.
    for (const name of ['today', 'later', 'suspended', 'waiting'] as const) expect(await statesOf(userDn(name)), name).toEqual(before[name]);
    expect(await whoami(userDn('today'))).toBe(0);
    for (const n of [2, 3, 4]) expect(await gateway.read(subDn(n), ['cn'])).toBeNull();
    expect((await gateway.read(subDn(5), ['fdTasksGranularStatus']))!.first('fdTasksGranularStatus')).toBe('1');
  });

  it('answers FusionDirectory’s text when nothing is due, and "none of this type" on a branch without any', async () => {
    expect(await lifeCycleProcessor.run(contextOf({ hooks }))).toEqual({ noneOfType: false, result: [NO_LIFE_CYCLE_TASK], completed: 0, failed: 0, removed: 0 });
    const empty = contextOf();
    empty.settings = { ...empty.settings, tasksBase: `ou=nowhere,${base}` };
    expect((await lifeCycleProcessor.run(empty)).noneOfType).toBe(true);
  });

  it('without the object layer, still writes the state, its projection and the lock', async () => {
    const dn = await addUser('direct', '{COMPTE}A:SupannActif:20250901:20261120');
    const sub = await addSubTask(`cn=lc-expire-${tag},ou=tasks,${base}`, 'direct', dn);
    const run = await lifeCycleProcessor.run(contextOf());
    expect(run).toMatchObject({ completed: 1, failed: 0, removed: 0 });
    expect((run.result as Array<Record<string, { refreshUser: string }>>)[0]![sub]!.refreshUser).toContain('was not re-saved');
    expect(await statesOf(dn)).toMatchObject({ lines: ['{COMPTE}I:SupannExpire:20261120:20261220'], states: ['{COMPTE}I:SupannExpire'] });
    expect(await whoami(dn)).not.toBe(0);
  });

  it('fails a sub-task with a clear text when the user has no line of the post resource, writing nothing', async () => {
    const master = `cn=lc-library-${tag},ou=tasks,${base}`;
    await gateway.add(master, {
      objectClass: ['fdTasks', 'fdTasksLifeCycle'],
      cn: `lc-library-${tag}`,
      fdTasksStatus: '1',
      fdTasksCreationDate: '2026-11-01 09:00:00am',
      fdTasksLifeCyclePreResource: 'MAIL',
      fdTasksLifeCyclePreState: 'A',
      fdTasksLifeCyclePostResource: 'BIBLIO',
      fdTasksLifeCyclePostState: 'I',
    });
    const dn = await addUser('nolibrary', '{MAIL}A:SupannActif:20240101:20261001');
    const sub = await addSubTask(master, 'nolibrary', dn);
    const before = await statesOf(dn);
    const run = await lifeCycleProcessor.run(contextOf({ hooks }));
    expect(run).toMatchObject({ completed: 0, failed: 1 });
    const status = (await gateway.read(sub, ['fdTasksGranularStatus']))!.first('fdTasksGranularStatus');
    expect(status).toBe('The user has no "{BIBLIO}" state to change into "I"; nothing was written.');
    expect((run.result as Array<Record<string, { results: string }>>)[0]![sub]!.results).toBe(JSON.stringify(`Error updating ${dn}-${status}`));
    expect(await statesOf(dn)).toEqual(before);
  });

  it('processes each sub-task once when two workers run at the same time', async () => {
    const master = `cn=lc-expire-${tag},ou=tasks,${base}`;
    const subs: string[] = [];
    for (let i = 0; i < 6; i++) subs.push(await addSubTask(master, `race${i}`, await addUser(`race${i}`, '{COMPTE}A:SupannActif:20250901:20261125')));
    const [a, b] = await Promise.all([lifeCycleProcessor.run(contextOf({ owner: 'worker-a' })), lifeCycleProcessor.run(contextOf({ owner: 'worker-b' }))]);
    const keysOf = (r: typeof a) => (Array.isArray(r.result) && typeof r.result[0] === 'object' ? Object.keys(r.result[0] as object) : []);
    expect([...keysOf(a), ...keysOf(b)].sort()).toEqual([...subs].sort());
    expect(a.completed + b.completed).toBe(6);
    for (let i = 0; i < 6; i++) expect((await statesOf(userDn(`race${i}`))).lines).toEqual(['{COMPTE}I:SupannExpire:20261125:20261225']);
  });
});
