// Benchmark of the list index at 10 000 and 100 000 people: build time (content sync, and the
// polling source's paged search), memory per entry, first sorted pages, a search, a full listing,
// and the delay between an LDAP modify and its visibility in the index. Loopback only.
// Run: npx tsx bench/list-index.bench.ts [count …]   (prints figures; asserts nothing)
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { ManagedDirectory } from '../src/directory/ManagedDirectory.ts';
import { SLAPADD_BIN } from '../src/directory/installSlapd.ts';
import { escapeDnValue } from '../src/ldap/dn.ts';
import { parseFilter } from '../src/ldap/filter.ts';
import { LdapGateway } from '../src/ldap/LdapGateway.ts';
import type { ChangeSource } from '../src/ldap/sync/ChangeSource.ts';
import { ContentSyncSource } from '../src/ldap/sync/ContentSyncSource.ts';
import { PollingSource } from '../src/ldap/sync/PollingSource.ts';
import { ListIndex } from '../src/listindex/ListIndex.ts';

const COUNTS = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [10_000, 100_000];
const BASE_DN = 'dc=bench,dc=org';
const PEOPLE = `ou=people,${BASE_DN}`;
const PASSWORD = `bench-${process.pid}`;
const ATTRIBUTES = ['uid', 'cn', 'sn', 'givenName', 'mail', 'objectClass'];

const GIVEN = ['Alice', 'Bruno', 'Chloé', 'David', 'Émile', 'Fatima', 'Gaël', 'Hugo', 'Inès', 'Jules', 'Katia', 'Léa', 'Marc', 'Nadia', 'Oscar', 'Paul', 'Quentin', 'Rose', 'Sami', 'Théo', 'Ugo', 'Valérie', 'Wassim', 'Xavier', 'Yasmine', 'Zoé'];
const SYLLABLES = ['ber', 'dan', 'mar', 'ti', 'nel', 'lo', 'rou', 'gen', 'vil', 'pa', 'cha', 'mon', 'leb', 'ras', 'dou', 'fer', 'qui', 'sol'];

// Forced garbage collection, to measure the heap an index holds.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A deterministic pseudo-random generator, so runs load the same data. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const uidOf = (i: number): string => `user${String(i).padStart(6, '0')}`;

function* people(count: number): Generator<{ uid: string; givenName: string; sn: string }> {
  const random = prng(42);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < count; i += 1) {
    const sn = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    yield { uid: uidOf(i), givenName: pick(GIVEN), sn: sn.charAt(0).toUpperCase() + sn.slice(1) };
  }
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

async function writeLdif(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`dn: ${BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\ndc: bench\no: Bench\n\n`);
  await write(`dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people\n\n`);
  for (const p of people(count)) {
    const cn = `${p.givenName} ${p.sn}`;
    await write(
      `dn: uid=${escapeDnValue(p.uid)},${PEOPLE}\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson\nuid: ${p.uid}\ncn:: ${b64(cn)}\nsn:: ${b64(p.sn)}\ngivenName:: ${b64(p.givenName)}\nmail: ${p.uid}@bench.org\n\n`,
    );
  }
  out.end();
  await once(out, 'finish');
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Median time of `fn` over `runs` runs, in ms. */
function time<T>(fn: () => T, runs = 7): { ms: number; value: T } {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    value = fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value };
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function buildIndex(gateway: LdapGateway, source: ChangeSource): Promise<{ index: ListIndex; ms: number; bytes: number }> {
  const before = heapUsed();
  const t = performance.now();
  const index = new ListIndex({ gateway, changeSource: source, base: PEOPLE, filter: '(objectClass=inetOrgPerson)', attributes: ATTRIBUTES, sortAttributes: ['sn'] });
  await index.whenWarm();
  const ms = performance.now() - t;
  return { index, ms, bytes: heapUsed() - before };
}

async function run(count: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-listindex-bench-'));
  const md = new ManagedDirectory({ dir, baseDN: BASE_DN, adminPassword: PASSWORD });
  console.log(`\n== list index, ${fmt(count)} people (slapd in ${dir})`);
  let gateway: LdapGateway | undefined;
  try {
    await md.initialise();
    const ldif = path.join(dir, 'people.ldif');
    await writeLdif(ldif, count);
    const slapadd = spawnSync(SLAPADD_BIN, ['-q', '-F', path.join(dir, 'slapd.d'), '-b', BASE_DN, '-l', ldif], { encoding: 'utf8' });
    if (slapadd.status !== 0) throw new Error(`slapadd failed: ${slapadd.stderr || slapadd.stdout}`);
    await md.start();
    const bind = { method: 'simple' as const, dn: md.adminDN, password: PASSWORD };
    gateway = new LdapGateway({ urls: [md.url], bind, operationTimeoutMs: 120_000, pageSize: 1000 });
    // Warm slapd's caches once, as a running server would have them.
    for await (const page of gateway.searchPages(PEOPLE, { scope: 'one', attributes: ['1.1'], pageSize: 1000 })) void page;

    // Build through the polling source (a paged search), then drop it.
    const polled = await buildIndex(gateway, new PollingSource({ gateway, intervalMs: 60_000, reconcileIntervalMs: 3_600_000 }));
    await polled.index.close();
    console.log(`build (PollingSource: paged search of ${ATTRIBUTES.join(', ')}, pages of 1000): ${fmt(polled.ms)} ms`);

    // Build through content synchronization (the refresh stage of refreshAndPersist).
    const { index, ms, bytes } = await buildIndex(gateway, new ContentSyncSource({ urls: [md.url], bind }));
    console.log(`build (ContentSyncSource, refreshAndPersist without cookie): ${fmt(ms)} ms, ${fmt(index.size)} entries`);
    console.log(`memory of the index (heap after GC, incl. the sn order): ${fmt(bytes / 1024 / 1024, 1)} MB = ${fmt(bytes / index.size)} bytes/entry`);

    const bySn = time(() => index.query({ sort: [{ attribute: 'sn' }], limit: 50 }));
    console.log(`first page of 50 sorted by sn: ${fmt(bySn.ms, 2)} ms (median of 7; first: ${bySn.value.entries[0]?.attributes.sn?.[0]}, total ${fmt(bySn.value.total)})`);
    const bySnRev = time(() => index.query({ sort: [{ attribute: 'sn', reverse: true }], limit: 50 }));
    console.log(`first page of 50 sorted by sn, reversed: ${fmt(bySnRev.ms, 2)} ms`);
    const t0 = performance.now();
    index.query({ sort: [{ attribute: 'givenName' }], limit: 50 });
    const coldGiven = performance.now() - t0;
    const byGiven = time(() => index.query({ sort: [{ attribute: 'givenName' }], limit: 50 }));
    console.log(`first page of 50 sorted by givenName: first query ${fmt(coldGiven, 1)} ms (builds the order), then ${fmt(byGiven.ms, 2)} ms`);
    const bySnGiven = time(() => index.query({ sort: [{ attribute: 'sn' }, { attribute: 'givenName' }], limit: 50 }));
    console.log(`first page of 50 sorted by sn then givenName: ${fmt(bySnGiven.ms, 2)} ms`);
    const deep = time(() => index.query({ sort: [{ attribute: 'sn' }], limit: 50, offset: Math.floor(count / 2) }));
    console.log(`page of 50 sorted by sn at offset ${fmt(Math.floor(count / 2))}: ${fmt(deep.ms, 2)} ms`);

    // Search-as-you-type returning at most 50 entries (distinct texts, so no cached match set).
    let n = 0;
    const search = time(() => index.query({ search: { text: `${uidOf(1234 + 10 * n++).slice(0, -1)}`, attributes: ['uid', 'cn', 'mail'] }, sort: [{ attribute: 'sn' }], limit: 50 }));
    console.log(`substring search on uid, cn, mail (≤ 50 results, here ${search.value.total}): ${fmt(search.ms, 2)} ms`);
    const wide = time(() => index.query({ search: { text: `ber ${GIVEN[n++ % GIVEN.length]}`, attributes: ['cn'] }, sort: [{ attribute: 'sn' }], limit: 50 }));
    console.log(`two-word search on cn ("ber <given name>", ${fmt(wide.value.total)} results, first 50 by sn): ${fmt(wide.ms, 2)} ms`);
    const filterText = (given: string): string => `(&(objectClass=inetOrgPerson)(sn=Ber*)(givenName=${given}))`;
    let t1 = performance.now();
    const firstFilter = index.query({ filter: parseFilter(filterText('Alice')), sort: [{ attribute: 'sn' }], limit: 50 });
    const firstFilterMs = performance.now() - t1;
    const filtered = time(() => index.query({ filter: parseFilter(filterText(GIVEN[n++ % GIVEN.length] as string)), sort: [{ attribute: 'sn' }], limit: 50 }));
    console.log(`LDAP filter ${filterText('…')} in memory: first ${fmt(firstFilterMs, 1)} ms (${fmt(firstFilter.total)} results; prepares the caseIgnore columns), then ${fmt(filtered.ms, 2)} ms`);

    // Search as you type: each keystroke narrows the previous result.
    const keystrokes: string[] = [];
    const word = 'bermarti';
    t1 = performance.now();
    let typed: { total: number } = { total: 0 };
    for (let i = 1; i <= word.length; i += 1) {
      const k = performance.now();
      typed = index.query({ search: { text: word.slice(0, i), attributes: ['cn', 'uid', 'mail'] }, sort: [{ attribute: 'sn' }], limit: 50 });
      keystrokes.push(`${fmt(performance.now() - k, 1)}`);
    }
    console.log(`search as you type "${word}" on cn, uid, mail, one query per keystroke (ms): ${keystrokes.join(', ')} (last: ${fmt(typed.total)} results)`);

    const listing = time(() => index.query({ limit: count, attributes: ['uid'] }), 3);
    console.log(`full listing of {dn, uid} (${fmt(listing.value.entries.length)} rows): ${fmt(listing.ms)} ms`);

    // Delay between an LDAP modify (answered) and its visibility in the index.
    const delays: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      const dn = `uid=${uidOf((i * 7919) % count)},${PEOPLE}`;
      const value = `Changed${i}`;
      const t = performance.now();
      await gateway.modify(dn, [{ operation: 'replace', attribute: 'sn', values: [value] }]);
      const answered = performance.now();
      while (index.get(dn)?.attributes.sn?.[0] !== value) await new Promise((resolve) => setImmediate(resolve));
      delays.push(performance.now() - t);
      void answered;
    }
    console.log(`LDAP modify → visible in the index (from the modify call): median ${fmt(median(delays), 1)} ms, max ${fmt(Math.max(...delays), 1)} ms (21 modifies)`);
    const after = time(() => index.query({ sort: [{ attribute: 'sn' }], limit: 50 }));
    console.log(`first page of 50 sorted by sn after those changes: ${fmt(after.ms, 2)} ms`);
    await index.close();
  } finally {
    await gateway?.close();
    await md.destroy();
  }
}

async function main(): Promise<void> {
  console.log(`List index benchmark (node ${process.version}, ${os.cpus().length} CPUs)`);
  for (const count of COUNTS) await run(count);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
