// GET /objects/{type} (fd-core.md §10.5): FusionDirectory's result shapes, and our paging and sorting additions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSubtree } from '../../../test/harness.ts';
import { restTestApp, uniqueUid, type RestTestApp } from './restTestKit.ts';

let t: RestTestApp;
let token: string;
let base: string;
let people: string;
const names = ['Dubois', 'Martin', 'Bernard', 'Petit', 'Durand'];
const dns: Record<string, string> = {};
const photo = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10]);

beforeAll(async () => {
  t = await restTestApp();
  token = await t.adminToken();
  base = await testSubtree('rest-listing');
  people = `ou=people,${base}`;
  await t.gateway.add(people, { objectClass: 'organizationalUnit', ou: 'people' });
  for (const sn of names) {
    const uid = uniqueUid(sn.toLowerCase());
    dns[sn] = `uid=${uid},${people}`;
    await t.gateway.add(dns[sn], {
      objectClass: ['inetOrgPerson', 'organizationalPerson', 'person'],
      uid,
      sn,
      givenName: 'Camille',
      cn: `Camille ${sn}`,
      title: sn === 'Martin' ? ['Chef', 'Auteur'] : ['Agent'],
      ...(sn === 'Petit' ? { jpegPhoto: photo } : {}),
    });
  }
  // Not a user: left out of every list of users.
  await t.gateway.add(`cn=printer,${people}`, { objectClass: 'organizationalRole', cn: 'printer' });
});
afterAll(() => t.close());

const list = (query: string) => t.call({ method: 'GET', url: `/rest.php/v1/objects/user?${query}`, token });
const q = encodeURIComponent;

describe('FusionDirectory shapes', () => {
  it('maps each DN to the main attribute by default', async () => {
    const res = await list(`base=${q(base)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json<Record<string, string>>();
    expect(Object.keys(body).sort()).toEqual(Object.values(dns).sort());
    expect(body[dns.Dubois!]).toBe(dns.Dubois!.slice(4, dns.Dubois!.indexOf(',')));
  });

  it('returns the asked attributes in modes 1, *, raw and b64, and a single attribute as a plain map', async () => {
    const res = await list(`base=${q(base)}&attrs[sn]=1&attrs[title]=*&attrs[dn]=raw&attrs[cn]=raw&attrs[jpegPhoto]=b64&attrs[givenName]=b64`);
    const body = res.json<Record<string, Record<string, unknown>>>();
    expect(body[dns.Martin!]).toEqual({
      sn: 'Martin',
      // Values as LDAP holds them, like FusionDirectory's listing.
      title: ['Chef', 'Auteur'],
      dn: dns.Martin,
      cn: { count: 1, 0: 'Camille Martin' },
      givenName: [Buffer.from('Camille').toString('base64')],
    });
    expect(body[dns.Petit!]!.jpegPhoto).toEqual([photo.toString('base64')]);
    const single = await list(`base=${q(base)}&attrs=sn`);
    expect(single.json<Record<string, string>>()[dns.Bernard!]).toBe('Bernard');
  });

  it('ANDs the filter with the type, and refuses attributes no tab of the type has', async () => {
    const res = await list(`base=${q(base)}&filter=${q('(|(sn=D*)(title=Chef))')}&attrs[sn]=1`);
    expect(Object.values(res.json<Record<string, { sn: string }>>()).map((v) => v.sn).sort()).toEqual(['Dubois', 'Durand', 'Martin']);
    const unknown = await list(`base=${q(base)}&filter=${q('(shoeSize=42)')}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<Array<{ message: string }>>()[0]!.message).toBe('Could not find ACL for attribute "shoeSize" for type "user"');
    expect((await list(`base=${q(base)}&attrs[shoeSize]=1`)).statusCode).toBe(400);
    expect((await list(`base=${q(base)}&filter=${q('(sn=Du')}`)).statusCode).toBe(400);
  });

  it('applies the scope to the base literally, answers {} for a base that does not exist, and refuses other scopes', async () => {
    expect(Object.keys((await list(`base=${q(people)}&scope=one`)).json())).toHaveLength(5);
    expect((await list(`base=${q(base)}&scope=one`)).json()).toEqual({});
    expect((await list(`base=${q(dns.Petit!)}&scope=base`)).json()).toEqual({ [dns.Petit!]: expect.any(String) });
    expect((await list(`base=${q(`ou=nowhere,${base}`)}`)).json()).toEqual({});
    const bad = await list(`base=${q(base)}&scope=deep`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json<Array<{ message: string }>>()[0]!.message).toBe('Invalid scope "deep"');
  });
});

describe('paging and sorting (Trousseau additions)', () => {
  it('pages through the sorted list with the cursor of X-Next-Cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await list(`base=${q(base)}&attrs[sn]=1&sort=sn&limit=2${cursor ? `&cursor=${q(cursor)}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...Object.values(res.json<Record<string, { sn: string }>>()).map((v) => v.sn));
      cursor = res.headers['x-next-cursor'] as string | undefined;
      if (!cursor) break;
    }
    expect(seen).toEqual([...names].sort());
    const reversed = await list(`base=${q(base)}&attrs[sn]=1&sort=-sn&limit=2`);
    expect(Object.values(reversed.json<Record<string, { sn: string }>>()).map((v) => v.sn)).toEqual(['Petit', 'Martin']);
    expect((await list(`base=${q(base)}&limit=0`)).statusCode).toBe(400);
  });
});

describe('templates', () => {
  it('lists templates with their cn and matching fields; templates=0 lists objects (and, as FD, templates=false lists templates)', async () => {
    const templates = `ou=templates,${people}`;
    await t.gateway.add(templates, { objectClass: 'organizationalUnit', ou: 'templates' });
    const tpl = `cn=intern,${templates}`;
    await t.gateway.add(tpl, { objectClass: 'fdTemplate', cn: 'intern', fdTemplateField: ['objectClass:inetOrgPerson', 'objectClass:organizationalPerson', 'objectClass:person', 'sn:%askme%', 'title:Intern'] });
    const res = await list(`base=${q(base)}&templates=1&attrs[title]=*&attrs[sn]=1`);
    expect(res.json()).toEqual({ [tpl]: { cn: 'intern', title: ['Intern'], sn: '%askme%' } });
    expect((await list(`base=${q(base)}&templates=1`)).json()).toEqual({ [tpl]: 'intern' });
    expect(Object.keys((await list(`base=${q(base)}&templates=false`)).json())).toEqual([tpl]);
    expect(Object.keys((await list(`base=${q(base)}&templates=0`)).json())).toHaveLength(5);
  });
});
