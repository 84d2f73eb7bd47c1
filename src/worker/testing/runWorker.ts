// A task worker as a process of its own, for the tests that run several workers and kill one: mail processor only,
// settings from TROUSSEAU_TEST_WORKER (JSON), the service password from TROUSSEAU_TEST_WORKER_PASSWORD.
// Prints `owner <id>` once, then one JSON line per pass; stops cleanly on SIGTERM.
import { DEFAULT_WORKER_CONFIG, type WorkerConfig } from '../../config/types.ts';
import { LdapGateway } from '../../ldap/LdapGateway.ts';
import { mailProcessor } from '../../services/tasks/processors/mail.ts';
import { createTaskEngine } from '../../services/tasks/TaskEngine.ts';
import { Worker } from '../Worker.ts';

interface Settings {
  url: string;
  bindDN: string;
  base: string;
  smtp: { host: string; port: number };
  worker: Partial<WorkerConfig>;
}

const settings = JSON.parse(process.env.TROUSSEAU_TEST_WORKER ?? '{}') as Settings;
const gateway = new LdapGateway({ urls: [settings.url], bind: { method: 'simple', dn: settings.bindDN, password: process.env.TROUSSEAU_TEST_WORKER_PASSWORD ?? '' } });
const config: WorkerConfig = { ...DEFAULT_WORKER_CONFIG, ...settings.worker, inServer: false };
const engine = createTaskEngine(
  { base: settings.base, gateway, smtp: { transport: 'smtp', host: settings.smtp.host, port: settings.smtp.port, secure: false, startTLS: false, tlsVerify: true, timeoutMs: 30_000 } },
  { worker: config, processors: [mailProcessor], log: (level, message) => process.stderr.write(`${level} ${message}\n`) },
);
const worker = new Worker({
  directories: [{ name: 'test', engine }],
  config,
  onPass: (_name, summary) => process.stdout.write(`${JSON.stringify(summary)}\n`),
});
process.stdout.write(`owner ${worker.owner}\n`);
process.once('SIGTERM', () => {
  void worker
    .stop()
    .then(() => gateway.close())
    .then(() => process.exit(0));
});
worker.start();
