// Benchmark of the LDAP gateway on 100 000 people: load time, full paged read through the gateway
// and through ldapsearch (entries/s and their ratio), and one 50-entry VLV page sorted on sn.
// Run: npx tsx bench/ldap-read.bench.ts [count]   (prints figures; asserts nothing)
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { SLAPADD_BIN } from '../src/directory/installSlapd.ts';
import { escapeDnValue } from '../src/ldap/dn.ts';
import { eq } from '../src/ldap/filter.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';

const COUNT = Number(process.argv[2] ?? 100_000);
const BASE_DN = 'dc=bench,dc=org';
const PEOPLE = `ou=people,${BASE_DN}`;
const PASSWORD = `bench-${process.pid}`;
const COLUMNS = ['uid', 'cn', 'sn', 'givenName', 'mail', 'entryCSN'];
const PAGE_SIZE = 1000;
/** sn has no ORDERING rule in the standard schema: name one for sssvlv. */
const SN_ORDERING = 'caseIgnoreOrderingMatch';

const GIVEN = ['Alice', 'Bruno', 'Chloé', 'David', 'Émile', 'Fatima', 'Gaël', 'Hugo', 'Inès', 'Jules', 'Katia', 'Léa', 'Marc', 'Nadia', 'Oscar', 'Paul', 'Quentin', 'Rose', 'Sami', 'Théo', 'Ugo', 'Valérie', 'Wassim', 'Xavier', 'Yasmine', 'Zoé'];
const SYLLABLES = ['ber', 'dan', 'mar', 'ti', 'nel', 'lo', 'rou', 'gen', 'vil', 'pa', 'cha', 'mon', 'leb', 'ras', 'dou', 'fer', 'qui', 'sol'];

/** A deterministic pseudo-random generator, so runs load the same data. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function* people(count: number): Generator<{ uid: string; givenName: string; sn: string }> {
  const random = prng(42);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < count; i += 1) {
    const sn = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    yield { uid: `user${String(i).padStart(6, '0')}`, givenName: pick(GIVEN), sn: sn.charAt(0).toUpperCase() + sn.slice(1) };
  }
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Writes the base, ou=people and the people as LDIF (values base64-encoded: they hold accents). */
async function writeLdif(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`dn: ${BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\ndc: bench\no: Bench\n\n`);
  await write(`dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n`);
  for (const p of people(COUNT)) {
    const cn = `${p.givenName} ${p.sn}`;
    await write(
      `dn: uid=${escapeDnValue(p.uid)},${PEOPLE}\nobjectClass: inetOrgPerson\nuid: ${p.uid}\ncn:: ${b64(cn)}\nsn:: ${b64(p.sn)}\ngivenName:: ${b64(p.givenName)}\nmail: ${p.uid}@bench.org\n\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

/** Loads the people through the gateway with concurrent adds (fallback when slapadd is unusable). */
async function addConcurrently(ldap: LdapGateway): Promise<void> {
  await ldap.add(BASE_DN, { objectClass: ['dcObject', 'organization'], dc: 'bench', o: 'Bench' });
  await ldap.add(PEOPLE, { objectClass: 'organizationalUnit', ou: 'people' });
  const all = [...people(COUNT)];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < all.length) {
        const p = all[next++] as { uid: string; givenName: string; sn: string };
        await ldap.add(`uid=${escapeDnValue(p.uid)},${PEOPLE}`, { objectClass: 'inetOrgPerson', uid: p.uid, cn: `${p.givenName} ${p.sn}`, sn: p.sn, givenName: p.givenName, mail: `${p.uid}@bench.org` });
      }
    }),
  );
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function gatewayRead(ldap: LdapGateway): Promise<{ count: number; ms: number }> {
  const started = performance.now();
  let count = 0;
  for await (const page of ldap.searchPages(PEOPLE, { scope: 'one', filter: eq('objectClass', 'inetOrgPerson'), attributes: COLUMNS, pageSize: PAGE_SIZE })) {
    count += page.length;
  }
  return { count, ms: performance.now() - started };
}

async function ldapsearchRead(url: string, adminDN: string, passwordFile: string): Promise<{ count: number; ms: number }> {
  const started = performance.now();
  const child = spawn('ldapsearch', ['-x', '-H', url, '-D', adminDN, '-y', passwordFile, '-b', PEOPLE, '-s', 'one', '-LLL', '-E', `pr=${PAGE_SIZE}/noprompt`, '(objectClass=inetOrgPerson)', ...COLUMNS], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let count = 0;
  let tail = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const text = tail + chunk;
    const lastNewline = text.lastIndexOf('\n');
    const complete = text.slice(0, lastNewline + 1);
    tail = text.slice(lastNewline + 1);
    count += (complete.match(/^dn: /gm) ?? []).length;
  });
  const [code] = (await once(child, 'close')) as [number];
  if (code !== 0) throw new Error(`ldapsearch exited with ${code}`);
  return { count, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-bench-'));
  const md = new ManagedDirectory({ dir, baseDN: BASE_DN, adminPassword: PASSWORD });
  console.log(`LDAP read benchmark: ${fmt(COUNT)} people, slapd in ${dir}`);
  let ldap: LdapGateway | undefined;
  try {
    await md.initialise();
    const gateway = (): LdapGateway =>
      new LdapGateway({ urls: [md.url], bind: { method: 'simple', dn: md.adminDN, password: PASSWORD }, poolSize: 4, operationTimeoutMs: 120_000 });

    // Load: slapadd into the stopped server when possible (fast), else concurrent adds.
    const ldifFile = path.join(dir, 'people.ldif');
    let started = performance.now();
    await writeLdif(ldifFile);
    const ldifMs = performance.now() - started;
    started = performance.now();
    // ManagedDirectory keeps its cn=config in <dir>/slapd.d.
    const slapadd = spawnSync(SLAPADD_BIN, ['-q', '-F', path.join(dir, 'slapd.d'), '-b', BASE_DN, '-l', ldifFile], { encoding: 'utf8' });
    if (slapadd.status === 0) {
      const loadMs = performance.now() - started;
      console.log(`load: slapadd -q of generated LDIF: ${fmt(loadMs / 1000, 1)} s (+ ${fmt(ldifMs / 1000, 1)} s writing the LDIF) = ${fmt(COUNT / (loadMs / 1000))} entries/s`);
      await md.start();
      ldap = gateway();
    } else {
      console.log(`slapadd failed (${(slapadd.stderr || slapadd.stdout).trim().split('\n').at(-1) ?? ''}); loading with concurrent adds instead`);
      await md.start();
      ldap = gateway();
      started = performance.now();
      await addConcurrently(ldap);
      const loadMs = performance.now() - started;
      console.log(`load: 32 concurrent adds through the gateway: ${fmt(loadMs / 1000, 1)} s = ${fmt(COUNT / (loadMs / 1000))} entries/s`);
    }

    const passwordFile = path.join(dir, 'bench.pw');
    writeFileSync(passwordFile, PASSWORD, { mode: 0o600 });

    // Warm slapd's caches once, then measure each reader three times.
    await gatewayRead(ldap);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const g = await gatewayRead(ldap);
      if (g.count !== COUNT) throw new Error(`gateway read ${g.count} entries, expected ${COUNT}`);
      ours.push(g.count / (g.ms / 1000));
      const s = await ldapsearchRead(md.url, md.adminDN, passwordFile);
      if (s.count !== COUNT) throw new Error(`ldapsearch read ${s.count} entries, expected ${COUNT}`);
      theirs.push(s.count / (s.ms / 1000));
    }
    const gatewayRate = median(ours);
    const ldapsearchRate = median(theirs);
    console.log(`full paged read of ${COLUMNS.join(', ')} (pages of ${PAGE_SIZE}, median of 3):`);
    console.log(`  gateway:    ${fmt(gatewayRate)} entries/s (${fmt(COUNT / gatewayRate, 2)} s)`);
    console.log(`  ldapsearch: ${fmt(ldapsearchRate)} entries/s (${fmt(COUNT / ldapsearchRate, 2)} s)`);
    console.log(`  ratio gateway / ldapsearch: ${fmt(gatewayRate / ldapsearchRate, 2)}`);

    // One 50-entry VLV page sorted on sn, at the start and in the middle of the list.
    for (const offset of [1, Math.floor(COUNT / 2)]) {
      const times: number[] = [];
      let contentCount = 0;
      for (let i = 0; i < 5; i += 1) {
        const t = performance.now();
        const page = await ldap.vlv(PEOPLE, {
          scope: 'one',
          filter: eq('objectClass', 'inetOrgPerson'),
          attributes: COLUMNS,
          sort: { attribute: 'sn', orderingRule: SN_ORDERING },
          afterCount: 49,
          target: { byOffset: { offset } },
        });
        times.push(performance.now() - t);
        contentCount = page.contentCount;
        if (page.entries.length !== 50) throw new Error(`VLV returned ${page.entries.length} entries`);
      }
      console.log(`VLV page of 50 sorted on sn at offset ${fmt(offset)} of ${fmt(contentCount)}: median ${fmt(median(times))} ms (of 5: ${times.map((t) => fmt(t)).join(', ')})`);
    }

    // For comparison: the first unsorted page of 50.
    const firstPage: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const t = performance.now();
      for await (const page of ldap.searchPages(PEOPLE, { scope: 'one', filter: eq('objectClass', 'inetOrgPerson'), attributes: COLUMNS, pageSize: 50 })) {
        if (page.length !== 50) throw new Error('short first page');
        break;
      }
      firstPage.push(performance.now() - t);
    }
    console.log(`first unsorted paged page of 50: median ${fmt(median(firstPage), 1)} ms`);
  } finally {
    await ldap?.close();
    await md.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
