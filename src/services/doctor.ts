// Checks a directory the way an administrator would, and says for each problem what is wrong and how to fix it.
import type { DirectoryConfig } from '../config/types.ts';
import { indexLines } from '../directory/slapdConfig.ts';
import { eq } from '../ldap/filter.ts';
import { InvalidCredentialsError, LdapConnectionError, LdapError, SizeLimitExceededError, TimeoutError } from '../ldap/errors.ts';
import { LdapGateway } from '../ldap/LdapGateway.ts';
import { describeProblem } from '../schema/checkServerSchema.ts';
import { openGateway, securityOf } from './openGateway.ts';
import { checkSchemas, requiredSchemas } from './schemaTools.ts';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped';

export interface DoctorCheck {
  name: 'connectivity' | 'credentials' | 'base' | 'schema' | 'config entry' | 'indexes' | 'size limits';
  status: CheckStatus;
  /** What was found, in one sentence. */
  message: string;
  /** What to do about it, when something is wrong. */
  fix?: string;
}

const where = (d: DirectoryConfig) => (d.source === 'command line' ? 'the command line (--uri, --bind-dn, --password)' : d.source);

function connectionFailure(uri: string, e: unknown, d: DirectoryConfig): Omit<DoctorCheck, 'name'> {
  const cause = e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e);
  if (e instanceof TimeoutError) {
    return { status: 'fail', message: `${uri} does not answer (timed out).`, fix: `Check the host name, the port and any firewall between this machine and the server; the URI comes from ${where(d)}.` };
  }
  return {
    status: 'fail',
    message: `cannot connect to ${uri}: ${cause}.`,
    fix: `Start the LDAP server, or correct the host or port of the URI (${where(d)}${d.source.endsWith('.yaml') ? ', directories[].uris' : ''}).`,
  };
}

/** Run every check on one directory; later checks are skipped when the connection or the bind fails. */
export async function runDoctor(d: DirectoryConfig, options: { schemas?: string[] } = {}): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const skipRest = (from: DoctorCheck['name'][], why: string) => {
    for (const name of from) checks.push({ name, status: 'skipped', message: why });
  };
  // 1. Every URI answers (anonymously: the bind is the next check).
  const reachable: string[] = [];
  for (const uri of d.uris) {
    const probe = new LdapGateway({ urls: [uri], bind: { method: 'anonymous' }, security: securityOf({ ...d, uris: [uri] }), poolSize: 1, connectTimeoutMs: 5000, operationTimeoutMs: 10_000 });
    try {
      await probe.readRootDSE();
      reachable.push(uri);
      checks.push({ name: 'connectivity', status: 'ok', message: `${uri} answers.` });
    } catch (e) {
      if (e instanceof LdapConnectionError || e instanceof TimeoutError) checks.push({ name: 'connectivity', ...connectionFailure(uri, e, d) });
      else {
        // The server answered but refused an anonymous root DSE read: reachable all the same.
        reachable.push(uri);
        checks.push({ name: 'connectivity', status: 'ok', message: `${uri} answers.` });
      }
    } finally {
      await probe.close();
    }
  }
  const all: DoctorCheck['name'][] = ['credentials', 'base', 'schema', 'config entry', 'indexes', 'size limits'];
  if (reachable.length === 0) {
    skipRest(all, 'not connected.');
    return checks;
  }
  const gateway = openGateway({ ...d, uris: reachable, poolSize: 1 });
  try {
    // 2. The service account binds.
    try {
      const identity = await gateway.whoami();
      if (!d.bindDN && !identity) {
        checks.push({ name: 'credentials', status: 'warn', message: 'no service account: connected anonymously.', fix: `Set bindDN and password (or passwordFile) in ${where(d)}; Trousseau writes as that account.` });
      } else checks.push({ name: 'credentials', status: 'ok', message: `bound as ${identity.replace(/^dn:/, '') || d.bindDN}.` });
    } catch (e) {
      if (e instanceof InvalidCredentialsError) {
        checks.push({
          name: 'credentials',
          status: 'fail',
          message: `the server refused the password of ${d.bindDN} (invalid credentials).`,
          fix: `Put the right password in ${where(d)} (password or passwordFile), or in TROUSSEAU_LDAP_PASSWORD; check the bind DN is spelled right.`,
        });
      } else checks.push({ name: 'credentials', status: 'fail', message: `cannot bind as ${d.bindDN}: ${(e as Error).message}.`, fix: 'Check the bind DN and password, and that the server allows simple binds on this connection (TLS may be required).' });
      skipRest(all.slice(1), 'not bound.');
      return checks;
    }
    // 3. The base exists.
    let baseOk = false;
    if (!d.base) checks.push({ name: 'base', status: 'fail', message: 'no base DN is configured.', fix: `Set "base" in ${where(d)} (or --base).` });
    else {
      try {
        baseOk = (await gateway.read(d.base, ['1.1'])) !== null;
        checks.push(
          baseOk
            ? { name: 'base', status: 'ok', message: `${d.base} exists.` }
            : { name: 'base', status: 'fail', message: `${d.base} does not exist on the server (or the service account cannot see it).`, fix: `Correct "base" in ${where(d)}, or create it with \`trousseau bootstrap\`.` },
        );
      } catch (e) {
        checks.push({ name: 'base', status: 'fail', message: `cannot read ${d.base}: ${(e as Error).message}.`, fix: 'Check the base DN and the service account’s read rights.' });
      }
    }
    // 4. Schema.
    let fdSchema = false;
    try {
      const { report } = await checkSchemas(gateway, requiredSchemas(options.schemas));
      fdSchema = report.schemas.some((s) => s.name === 'core-fd' && s.status === 'present');
      if (report.ok) checks.push({ name: 'schema', status: 'ok', message: `all ${report.schemas.length} schemas Trousseau needs are there.` });
      else {
        const missing = report.problems.filter((p) => p.problem === 'missing');
        const different = report.problems.filter((p) => p.problem === 'different');
        const names = (ps: typeof missing) => ps.slice(0, 5).map((p) => p.name).join(', ') + (ps.length > 5 ? `, … (${ps.length - 5} more)` : '');
        const parts = [
          missing.length ? `${missing.length} classes/attributes are missing (${names(missing)})` : '',
          different.length ? `${different.length} differ (${different.slice(0, 2).map(describeProblem).join('; ')})` : '',
        ].filter(Boolean);
        checks.push({
          name: 'schema',
          status: 'fail',
          message: `${parts.join('; ')}.`,
          fix: missing.length
            ? 'Run `trousseau schema install` (needs write access to cn=config), or `trousseau schema print` and load the LDIF yourself; `trousseau schema check` lists every name.'
            : 'Run `trousseau schema check` for the details and align the server’s definitions by hand.',
        });
      }
    } catch (e) {
      checks.push({ name: 'schema', status: 'fail', message: `cannot read the server's schema: ${(e as Error).message}.`, fix: 'Allow the service account to read the subschema entry (cn=Subschema).' });
    }
    // 5. The FusionDirectory configuration entry.
    if (!baseOk) checks.push({ name: 'config entry', status: 'skipped', message: 'no base.' });
    else {
      const configDN = `cn=config,ou=fusiondirectory,${d.base}`;
      const entry = await gateway.read(configDN, ['objectClass'], { filter: eq('objectClass', 'fusionDirectoryConf') }).catch(() => null);
      checks.push(
        entry
          ? { name: 'config entry', status: 'ok', message: `${configDN} exists.` }
          : {
              name: 'config entry',
              status: 'fail',
              message: `${configDN} is missing.`,
              fix: fdSchema ? 'Run `trousseau bootstrap` to create it with FusionDirectory’s defaults.' : 'Install the schemas first (`trousseau schema install`), then run `trousseau bootstrap`.',
            },
      );
    }
    // 6 and 7. Indexes and limits, from cn=config when the account may read it.
    await checkServerConfig(gateway, d, checks, baseOk);
    return checks;
  } finally {
    await gateway.close();
  }
}

async function checkServerConfig(gateway: LdapGateway, d: DirectoryConfig, checks: DoctorCheck[], baseOk: boolean): Promise<void> {
  let database: { dn: string; indexes: string[]; limits: string[]; rootDN?: string } | undefined;
  try {
    const dbs = await gateway.searchAll('cn=config', { scope: 'one', filter: eq('olcSuffix', d.base), attributes: ['olcDbIndex', 'olcLimits', 'olcRootDN'] });
    const db = dbs[0];
    if (db) {
      const rootDN = db.first('olcRootDN');
      database = { dn: db.dn, indexes: db.get('olcDbIndex'), limits: db.get('olcLimits'), ...(rootDN ? { rootDN } : {}) };
    }
  } catch (e) {
    // No right to read cn=config (or no cn=config at all): the check is skipped below.
    if (!(e instanceof LdapError)) throw e;
  }
  if (!database) {
    checks.push({ name: 'indexes', status: 'skipped', message: `cannot read the database configuration in cn=config as ${d.bindDN || 'anonymous'} (normal for a server you do not manage).`, fix: 'To check indexes, run the doctor with --uri ldapi:/// as root on the server.' });
  } else {
    const have = new Map(database.indexes.map((line) => line.trim().split(/\s+/)).map(([attrs = '', kinds = 'eq']) => [attrs, kinds] as const).flatMap(([attrs, kinds]) => attrs.split(',').map((a) => [a.toLowerCase(), kinds.toLowerCase()] as const)));
    const server = await gateway.readSubschema().catch(() => undefined);
    const defined = new Set((server?.attributeTypes ?? []).flatMap((a) => a.names.map((n) => n.toLowerCase())));
    const wanted = indexLines(defined).map((line) => line.split(' ') as [string, string]).filter(([attr]) => defined.size === 0 || defined.has(attr.toLowerCase()));
    const missing = wanted.filter(([attr, kinds]) => kinds.split(',').some((k) => !(have.get(attr.toLowerCase()) ?? '').split(',').includes(k)));
    checks.push(
      missing.length === 0
        ? { name: 'indexes', status: 'ok', message: `the ${wanted.length} indexes lists rely on are there.` }
        : {
            name: 'indexes',
            status: 'warn',
            message: `${missing.length} indexes lists rely on are missing: ${missing.map(([a, k]) => `${a} ${k}`).join(', ')}.`,
            fix: `Add them on the server: printf '${['dn: ' + database.dn, 'changetype: modify', 'add: olcDbIndex', ...missing.map(([a, k]) => `olcDbIndex: ${a} ${k}`)].join('\\n')}\\n' | ldapmodify -Y EXTERNAL -H ldapi:///`,
          },
    );
  }
  if (!baseOk) {
    checks.push({ name: 'size limits', status: 'skipped', message: 'no base.' });
    return;
  }
  // A paged read of the whole tree (DNs only) must not be cut by a size limit.
  let count = 0;
  try {
    for await (const page of gateway.searchPages(d.base, { attributes: ['1.1'], pageSize: 1000 })) count += page.length;
    const isRoot = database?.rootDN !== undefined && database.rootDN.toLowerCase() === d.bindDN.toLowerCase();
    const unlimited = isRoot || (database?.limits ?? []).some((l) => l.toLowerCase().includes(d.bindDN.toLowerCase()) && /size\.pr=unlimited|size=unlimited/.test(l));
    checks.push(
      database && !unlimited
        ? { name: 'size limits', status: 'warn', message: `a paged read returned all ${count} entries, but ${d.bindDN} has no unlimited limit in cn=config; a larger tree may be cut.`, fix: `Add to ${database.dn}: olcLimits: dn.exact="${d.bindDN}" size.soft=unlimited size.hard=unlimited size.pr=unlimited size.prtotal=unlimited` }
        : { name: 'size limits', status: 'ok', message: `a paged read returned all ${count} entries without hitting a limit.` },
    );
  } catch (e) {
    if (e instanceof SizeLimitExceededError) {
      checks.push({
        name: 'size limits',
        status: 'fail',
        message: `paged searches of ${d.bindDN || 'anonymous'} are cut after ${count} entries (size limit exceeded).`,
        fix: `Give the service account unlimited paged searches, e.g. olcLimits: dn.exact="${d.bindDN}" size.soft=unlimited size.hard=unlimited size.pr=unlimited size.prtotal=unlimited on the database.`,
      });
    } else throw e;
  }
}
