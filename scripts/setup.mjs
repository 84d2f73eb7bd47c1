#!/usr/bin/env node
// One-time set-up run before `npm test` and `npm run demo`: npm dependencies, OpenLDAP from Debian's packages, the
// web UI's build (web/dist) when its sources changed, and with `--test` Debian's Chromium for the browser tests (e2e/).
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');
const run = (cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`set-up: \`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status ?? 1);
  }
};

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`set-up: Trousseau needs Node.js 20 or later; this is ${process.versions.node}.`);
  process.exit(1);
}

const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(lock).mtimeMs > statSync(installed).mtimeMs + 1000) {
  console.log('set-up: installing npm dependencies (npm ci)…');
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
}
// OpenLDAP (slapd, slapd-contrib, ldap-utils): installed from Debian's packages when missing.
run(process.execPath, [path.join(root, 'bin', 'trousseau.mjs'), 'directory', 'install']);

// The SPA the server serves: rebuilt when web/dist/index.html is missing or older than one of its sources.
/** The newest modification time (ms) of a file, or of the files under a folder; 0 when it does not exist. */
function newestMtime(target) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}
const webSources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'src/http/ui-api/contract.ts'];
const builtAt = newestMtime(path.join(root, 'web', 'dist', 'index.html'));
const changed = webSources.find((s) => newestMtime(path.join(root, s)) > builtAt);
if (builtAt === 0 || changed) {
  console.log(`set-up: building the web UI (${builtAt === 0 ? 'web/dist is missing' : `${changed} changed`})…`);
  run('npm', ['run', '--silent', 'build:web']);
}

// Chromium for the browser tests (e2e/), installed like slapd (src/directory/installSlapd.ts): by apt as root, else
// the exact command is printed. fonts-liberation gives screenshots readable Latin text.
if (forTests) {
  const chromium = '/usr/bin/chromium';
  const packages = ['chromium', 'fonts-liberation'];
  const command = `sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (!existsSync(chromium)) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot || !existsSync('/usr/bin/apt-get')) {
      console.error(`set-up: the browser tests need Debian's Chromium (${chromium}), which is missing. Install it with:\n  ${command}`);
      process.exit(1);
    }
    console.log(`set-up: installing ${packages.join(', ')} from Debian's packages…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args) => spawnSync('apt-get', args, { cwd: root, stdio: 'inherit', env }).status;
    // No service starts during the install (Chromium has none, but its dependencies might), as for slapd.
    const policy = '/usr/sbin/policy-rc.d';
    const ownPolicy = !existsSync(policy);
    if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# Written by Trousseau while installing Chromium: no service starts.\nexit 101\n', { mode: 0o755 });
    try {
      const install = ['install', '-y', '-q', '--no-install-recommends', ...packages];
      if (apt(install) !== 0) {
        apt(['update', '-q']);
        if (apt(install) !== 0) {
          console.error(`set-up: installing Chromium failed. Run it yourself:\n  ${command}`);
          process.exit(1);
        }
      }
    } finally {
      if (ownPolicy) rmSync(policy, { force: true });
    }
    if (!existsSync(chromium)) {
      console.error(`set-up: after installing, ${chromium} is still missing. Run:\n  ${command}`);
      process.exit(1);
    }
  }
}
