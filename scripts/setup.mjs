#!/usr/bin/env node
// One-time set-up run before `npm test` and `npm run demo`: npm dependencies, then OpenLDAP from Debian's packages.
// Plain Node with no dependencies, because it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
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
