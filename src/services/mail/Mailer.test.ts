// The Mailer against a real SMTP server on loopback (smtp-server): plain, STARTTLS, implicit TLS, AUTH, refusals.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMail, startMailSink, type MailSink } from '../../../test/mailSink.ts';
import { Secret } from '../../config/Secret.ts';
import type { SmtpServerConfig } from '../../config/types.ts';
import { MailError, Mailer } from './Mailer.ts';

const sinks: MailSink[] = [];
const start = async (...args: Parameters<typeof startMailSink>) => {
  const sink = await startMailSink(...args);
  sinks.push(sink);
  return sink;
};
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

const smtp = (sink: MailSink, extra: Partial<SmtpServerConfig> = {}): SmtpServerConfig => ({
  transport: 'smtp',
  host: sink.host,
  port: sink.port,
  secure: false,
  startTLS: false,
  tlsVerify: true,
  timeoutMs: 5000,
  ...extra,
});

const message = { from: 'idm@example.org', to: 'jdoe@example.org', subject: 'Réinitialisation du mot de passe', text: 'Bonjour,\n\nVoici le lien : https://idm.example.org/recovery?uniq=abc&login=jdoe\n' };

async function failureOf(promise: Promise<unknown>): Promise<MailError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(MailError);
    return e as MailError;
  }
  throw new Error('expected the mail to be refused');
}

describe('Mailer over SMTP', () => {
  it('delivers a plain-text message with its sender, recipient, subject and body intact', async () => {
    const sink = await start();
    const receipt = await new Mailer(smtp(sink)).send(message);
    const [mail] = await sink.waitFor();
    expect(mail!.from).toBe('idm@example.org');
    expect(mail!.to).toEqual(['jdoe@example.org']);
    expect(mail!.subject).toBe(message.subject);
    expect(mail!.text.trimEnd()).toBe(message.text.trimEnd());
    expect(mail!.headers['message-id']).toBe(receipt.messageId);
    expect(mail!.secure).toBe(false);
  });

  it('requires STARTTLS when asked, and upgrades to it', async () => {
    const withTls = await start({ startTLS: true });
    // smtp-server's own certificate is self-signed: verification off for this server only.
    await new Mailer(smtp(withTls, { startTLS: true, tlsVerify: false })).send(message);
    expect((await withTls.waitFor())[0]!.secure).toBe(true);

    const withoutTls = await start();
    const error = await failureOf(new Mailer(smtp(withoutTls, { startTLS: true })).send(message));
    expect(error.message).toMatch(/^Cannot send mail through smtp:\/\/127\.0\.0\.1:\d+ \(STARTTLS required\): the server does not offer STARTTLS/);
    expect(withoutTls.received).toEqual([]);
  });

  it('speaks implicit TLS, and refuses an unverifiable certificate unless told not to verify', async () => {
    const sink = await start({ secure: true });
    const error = await failureOf(new Mailer(smtp(sink, { secure: true })).send(message));
    expect(error.message).toMatch(/self-signed|certificate/i);
    await new Mailer(smtp(sink, { secure: true, tlsVerify: false })).send(message);
    expect((await sink.waitFor())[0]!.secure).toBe(true);
  });

  it('authenticates, and says so clearly when the password is refused', async () => {
    const sink = await start({ auth: { user: 'trousseau', password: 's3cret' } });
    await new Mailer(smtp(sink, { user: 'trousseau', password: new Secret('s3cret') })).send(message);
    expect((await sink.waitFor())[0]!.user).toBe('trousseau');
    const error = await failureOf(new Mailer(smtp(sink, { user: 'trousseau', password: new Secret('wrong') })).send(message));
    expect(error.message).toMatch(/user name or password was refused/);
    expect(error.message).not.toContain('wrong');
    expect(error.temporary).toBe(false);
  });

  it('reports a permanent refusal (5xx) with the server’s reply', async () => {
    const sink = await start({ refuse: { at: 'rcpt', code: 550, message: 'No such user here' } });
    const error = await failureOf(new Mailer(smtp(sink)).send(message));
    expect(error.responseCode).toBe(550);
    expect(error.temporary).toBe(false);
    expect(error.message).toMatch(new RegExp(`^The mail server smtp://127\\.0\\.0\\.1:${sink.port} refused the message at RCPT \\(permanently\\): 550 No such user here`));
  });

  it('reports a temporary refusal (4xx) as temporary', async () => {
    const sink = await start({ refuse: { at: 'data', code: 451, message: 'Try again later' } });
    const error = await failureOf(new Mailer(smtp(sink)).send(message));
    expect(error.responseCode).toBe(451);
    expect(error.temporary).toBe(true);
    expect(error.message).toMatch(/refused the message .*\(temporarily\): 451 Try again later/);
    expect(sink.received).toEqual([]);
  });

  it('gives up on a server that never greets, within its timeout', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const started = Date.now();
      const error = await failureOf(new Mailer({ transport: 'smtp', host: '127.0.0.1', port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 300 }).send(message));
      expect(error.message).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('reports a refused connection', async () => {
    const sink = await start();
    const port = sink.port;
    await sink.close();
    sinks.splice(sinks.indexOf(sink), 1);
    const error = await failureOf(new Mailer({ transport: 'smtp', host: '127.0.0.1', port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 2000 }).send(message));
    expect(error.message).toMatch(/connection failed .*ECONNREFUSED/);
  });
});

describe('Mailer into a folder', () => {
  it('writes each message as a readable .eml file only its owner may read', async () => {
    const folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'trousseau-mail-')), 'mail');
    const mailer = new Mailer({ transport: 'folder', folder });
    const first = await mailer.send(message);
    await mailer.send({ ...message, to: 'other@example.org' });
    expect(readdirSync(folder).filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    expect(path.dirname(first.file!)).toBe(folder);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    const { headers, text } = parseMail(readFileSync(first.file!, 'utf8'));
    expect(headers.to).toBe('jdoe@example.org');
    expect(headers.subject).toBe(message.subject);
    expect(headers['message-id']).toBe(first.messageId);
    expect(text.trimEnd()).toBe(message.text.trimEnd());
    expect(mailer.description).toBe(`the folder ${folder}`);
  });
});
