// The gateway survives a server restart and broken connections: dead pooled connections are
// replaced, reads lost in flight are replayed once, writes lost in flight are not.
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testLdap, testSubtree } from '../../test/harness.ts';
import { ManagedDirectory } from '../directory/ManagedDirectory.ts';
import { childDn } from './dn.ts';
import { ConnectError, ServerDownError } from './errors.ts';
import { LdapGateway } from './LdapGateway.ts';

describe('server restart', () => {
  let md: ManagedDirectory;
  let ldap: LdapGateway;
  const baseDN = 'dc=example,dc=org';

  beforeAll(async () => {
    md = new ManagedDirectory({ dir: mkdtempSync(path.join(os.tmpdir(), 'trousseau-reconnect-')), baseDN, adminPassword: 'secret' });
    await md.start();
    ldap = new LdapGateway({
      urls: [md.url],
      bind: { method: 'simple', dn: md.adminDN, password: 'secret' },
      poolSize: 2,
      connectTimeoutMs: 1_000,
      operationTimeoutMs: 10_000,
      downUriRetryMs: 100,
    });
    await ldap.add(baseDN, { objectClass: ['dcObject', 'organization'], dc: 'example', o: 'Example' });
  }, 60_000);

  afterAll(async () => {
    await ldap.close();
    await md.destroy();
  });

  it('resumes operations through the same gateway after slapd restarts', async () => {
    await ldap.add(childDn('ou', 'before', baseDN), { objectClass: 'organizationalUnit', ou: 'before' });
    // fill the pool: both connections exist when the server goes away
    await Promise.all([ldap.read(baseDN), ldap.read(baseDN), ldap.read(baseDN)]);
    expect(ldap.stats().open).toBe(2);

    await md.stop();
    const down = await ldap.read(baseDN).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ConnectError);

    await md.start();
    // a write first: the dead pooled connections are noticed before anything is sent
    await ldap.add(childDn('ou', 'after', baseDN), { objectClass: 'organizationalUnit', ou: 'after' });
    expect(await ldap.read(childDn('ou', 'before', baseDN), ['ou'])).not.toBeNull();
    expect((await ldap.searchAll(baseDN, { scope: 'one', attributes: ['ou'] })).map((e) => e.first('ou')).sort()).toEqual(['after', 'before']);
    expect(await ldap.whoami()).toMatch(/^dn:cn=admin,dc=example,dc=org$/i);
  }, 60_000);

  it('replaces pooled connections after a restart without any failed operation', async () => {
    await ldap.read(baseDN);
    await md.stop();
    await md.start();
    await ldap.modify(childDn('ou', 'after', baseDN), [{ operation: 'replace', attribute: 'description', values: ['restarted'] }]);
    expect((await ldap.read(childDn('ou', 'after', baseDN), ['description']))?.first('description')).toBe('restarted');
  }, 60_000);
});

/** A TCP proxy in front of slapd that can cut a connection when a given request goes through. */
class CuttingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  /** Protocol operation tag of the next request to cut (0x63 search, 0x66 modify, …). */
  cutNext?: number;
  cuts = 0;
  port = 0;

  constructor(upstreamPort: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(upstreamPort, '127.0.0.1');
      this.sockets.add(client).add(upstream);
      client.on('data', (data) => {
        if (this.cutNext !== undefined && operationTag(data) === this.cutNext) {
          this.cutNext = undefined;
          this.cuts += 1;
          client.destroy();
          upstream.destroy();
          return;
        }
        upstream.write(data);
      });
      upstream.on('data', (data) => client.write(data));
      const close = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('close', close).on('error', close);
      upstream.on('close', close).on('error', close);
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  /** Closes every proxied connection (as an idle timeout or a network failure would). */
  cutAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The protocol operation tag of the first LDAPMessage in `data`. */
function operationTag(data: Buffer): number | undefined {
  let i = 1;
  const len = data[i];
  if (len === undefined) return undefined;
  i += 1 + (len & 0x80 ? len & 0x7f : 0);
  if (data[i] !== 0x02) return undefined;
  const idLength = data[i + 1] ?? 0;
  return data[i + 2 + idLength];
}

describe('connections lost in flight', () => {
  const env = testLdap();
  let proxy: CuttingProxy;
  let ldap: LdapGateway;
  let base: string;

  beforeAll(async () => {
    base = await testSubtree('reconnect');
    proxy = new CuttingProxy(Number(new URL(env.url).port));
    await proxy.listen();
    ldap = new LdapGateway({
      urls: [`ldap://127.0.0.1:${proxy.port}`],
      bind: { method: 'simple', dn: env.adminDN, password: env.adminPassword },
      poolSize: 2,
      connectTimeoutMs: 1_000,
      operationTimeoutMs: 10_000,
    });
  });

  afterAll(async () => {
    await ldap.close();
    await proxy.close();
  });

  it('replays a read whose connection broke in flight, once, on a fresh connection', async () => {
    proxy.cutNext = 0x63; // SearchRequest
    const entry = await ldap.read(base, ['ou']);
    expect(proxy.cuts).toBe(1);
    expect(entry?.dn).toBe(base);
  });

  it('replays a paged search that broke before its first page', async () => {
    proxy.cutNext = 0x63;
    expect((await ldap.searchAll(base, { scope: 'base', attributes: ['ou'] })).length).toBe(1);
  });

  it('does not replay a write that was sent, and reports it', async () => {
    const dn = childDn('ou', 'inflight', base);
    await ldap.add(dn, { objectClass: 'organizationalUnit', ou: 'inflight' });
    proxy.cutNext = 0x66; // ModifyRequest
    const error = await ldap.modify(dn, [{ operation: 'replace', attribute: 'description', values: ['x'] }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerDownError);
    expect((error as ServerDownError).requestSent).toBe(true);
    // the proxy dropped it before slapd saw it; the next write goes through a fresh connection
    expect((await ldap.read(dn, ['description']))?.has('description')).toBe(false);
    await ldap.modify(dn, [{ operation: 'replace', attribute: 'description', values: ['y'] }]);
    expect((await ldap.read(dn, ['description']))?.first('description')).toBe('y');
  });

  it('writes through a fresh connection when the pooled ones were closed while idle', async () => {
    const dn = childDn('ou', 'idle', base);
    await ldap.read(base);
    proxy.cutAll();
    await new Promise((r) => setTimeout(r, 50));
    await ldap.add(dn, { objectClass: 'organizationalUnit', ou: 'idle' });
    expect(await ldap.read(dn)).not.toBeNull();
  });
});
