// Makes sure Debian's slapd, its contrib modules and the ldap-utils clients are present, installing them when allowed.
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { AppError } from '../errors/AppError.ts';

export const SLAPD_BIN = '/usr/sbin/slapd';
export const SLAPADD_BIN = '/usr/sbin/slapadd';
const REQUIRED_FILES = [SLAPD_BIN, SLAPADD_BIN, '/usr/lib/ldap/pw-sha2.so', '/usr/lib/ldap/argon2.so', '/usr/bin/ldapsearch'];
const PACKAGES = ['slapd', 'slapd-contrib', 'ldap-utils'];
export const INSTALL_COMMAND = `sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${PACKAGES.join(' ')}`;

/** The required files that are not on this machine. */
export function missingSlapdFiles(): string[] {
  return REQUIRED_FILES.filter((f) => !existsSync(f));
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; output: string } {
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * Install slapd, slapd-contrib and ldap-utils with apt when they are missing, without leaving Debian's own
 * slapd service running (a policy-rc.d forbids service starts during the install). Throws an AppError with
 * the exact command to run when this process cannot install (not root, not Debian).
 */
export function ensureSlapdInstalled(log: (line: string) => void = () => {}): void {
  const missing = missingSlapdFiles();
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new AppError({
      code: 'directory.not_installed',
      message: `OpenLDAP is not installed (missing ${missing.join(', ')}). Install it with: ${INSTALL_COMMAND}`,
    });
  }
  log(`Installing ${PACKAGES.join(', ')} from Debian's packages…`);
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\n# Written by Trousseau while installing slapd: no service starts.\nexit 101\n', { mode: 0o755 });
  try {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    let r = run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...PACKAGES], env);
    if (r.status !== 0) {
      run('apt-get', ['update', '-q'], env);
      r = run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...PACKAGES], env);
    }
    if (r.status !== 0) {
      throw new AppError({
        code: 'directory.not_installed',
        message: `Installing OpenLDAP failed (apt-get exited ${r.status}). Run it yourself: ${INSTALL_COMMAND}\n${r.output.slice(-2000)}`,
      });
    }
  } finally {
    if (ownPolicy) rmSync(policy, { force: true });
  }
  // The package's system service must not stay running: Trousseau runs its own private slapd.
  if (existsSync('/run/slapd/slapd.pid')) run('sh', ['-c', 'kill "$(cat /run/slapd/slapd.pid)" 2>/dev/null || true']);
  const still = missingSlapdFiles();
  if (still.length > 0) {
    throw new AppError({ code: 'directory.not_installed', message: `After installing, still missing: ${still.join(', ')}. Run: ${INSTALL_COMMAND}` });
  }
  log('OpenLDAP installed.');
}
