// StartTLS and ldaps:// against a small fake LDAP server with a throwaway certificate (the test
// slapd has no TLS): the upgrade happens before the bind, the server name is checked, a wrong CA fails.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import { BerReader, BerWriter } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConnectError } from './errors.ts';
import { LdapGateway } from './LdapGateway.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** What the fake server saw: whether each bind arrived over TLS. */
interface Seen {
  binds: { dn: string; secure: boolean }[];
}

function response(messageId: number, tag: number, extra?: (w: BerWriter) => void): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(messageId);
  w.startSequence(tag);
  w.writeEnumeration(0);
  w.writeString('');
  w.writeString('');
  extra?.(w);
  w.endSequence();
  w.endSequence();
  return w.buffer;
}

/** An LDAP server that accepts any simple bind, StartTLS, and answers "who am I". */
function fakeServer(key: Buffer, cert: Buffer, seen: Seen, implicitTls: boolean): net.Server {
  const serve = (socket: net.Socket, secure: boolean): void => {
    let buffer = Buffer.alloc(0);
    const onData = (data: Buffer): void => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const reader = new BerReader(buffer);
        if (reader.readSequence() === null || reader.remain < reader.length) return;
        const end = reader.offset + reader.length;
        const messageId = reader.readInt() ?? 0;
        const op = reader.readSequence();
        if (op === 0x60) {
          reader.readInt();
          seen.binds.push({ dn: reader.readString() ?? '', secure });
          socket.write(response(messageId, 0x61));
        } else if (op === 0x77) {
          const oid = reader.readString(0x80) ?? '';
          if (oid === '1.3.6.1.4.1.1466.20037') {
            socket.off('data', onData);
            socket.write(response(messageId, 0x78, (w) => w.writeString(oid, 0x8a)), () => {
              serve(new tls.TLSSocket(socket, { isServer: true, key, cert }), true);
            });
            return;
          }
          socket.write(response(messageId, 0x78, (w) => w.writeString('dn:cn=fake', 0x8b)));
        } else if (op === 0x42) {
          socket.end();
          return;
        }
        buffer = buffer.subarray(end);
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  };
  return implicitTls ? tls.createServer({ key, cert }, (s) => serve(s, true)) : net.createServer((s) => serve(s, false));
}

describe.skipIf(!hasOpenssl)('TLS', () => {
  let key: Buffer;
  let cert: Buffer;
  let dir: string;
  const servers: net.Server[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'trousseau-tls-'));
    const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    key = readFileSync(path.join(dir, 'key.pem'));
    cert = readFileSync(path.join(dir, 'cert.pem'));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(implicitTls: boolean): Promise<{ port: number; seen: Seen }> {
    const seen: Seen = { binds: [] };
    const server = fakeServer(key, cert, seen, implicitTls);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as net.AddressInfo).port, seen };
  }

  const bind = { method: 'simple', dn: 'cn=svc', password: 'pw' } as const;

  it('upgrades with StartTLS before binding, checking the certificate against the host name', async () => {
    const { port, seen } = await start(false);
    const ldap = new LdapGateway({ urls: [`ldap://localhost:${port}`], bind, security: { mode: 'startTLS', tlsOptions: { ca: cert } }, connectTimeoutMs: 2_000 });
    try {
      expect(await ldap.whoami()).toBe('dn:cn=fake');
      expect(seen.binds).toEqual([{ dn: 'cn=svc', secure: true }]);
    } finally {
      await ldap.close();
    }
  });

  it('refuses a certificate it cannot verify, and never sends the bind', async () => {
    const { port, seen } = await start(false);
    const ldap = new LdapGateway({ urls: [`ldap://localhost:${port}`], bind, security: { mode: 'startTLS' }, connectTimeoutMs: 2_000 });
    try {
      const error = await ldap.whoami().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as ConnectError).message).toMatch(/certificate/i);
      expect(seen.binds).toEqual([]);
    } finally {
      await ldap.close();
    }
  });

  it('connects to ldaps:// URLs with the TLS options given', async () => {
    const { port, seen } = await start(true);
    const ldap = new LdapGateway({ urls: [`ldaps://localhost:${port}`], bind, security: { mode: 'ldaps', tlsOptions: { ca: cert } }, connectTimeoutMs: 2_000 });
    try {
      expect(await ldap.whoami()).toBe('dn:cn=fake');
      expect(seen.binds).toEqual([{ dn: 'cn=svc', secure: true }]);
    } finally {
      await ldap.close();
    }
  });
});
