// Generates the cn=config tree of the private slapd Trousseau manages: modules, overlays, indexes, limits, schemas.
import path from 'node:path';
import { type LdifEntry, entriesToLdif } from '../ldif/writeLdif.ts';

export const MODULE_DIR = '/usr/lib/ldap';

/** Modules loaded by the private server; pw-sha2 comes from Debian's slapd-contrib. */
export const MODULES = ['back_mdb', 'memberof', 'refint', 'ppolicy', 'sssvlv', 'syncprov', 'dynlist', 'unique', 'argon2', 'pw-sha2'] as const;

/** The list attributes indexed for equality and substrings; a three-letter `*abc*` search uses the index. */
export const BASE_INDEXES: Array<[string, string]> = [
  ['objectClass', 'eq'],
  ['uid', 'eq,sub'],
  ['cn', 'eq,sub'],
  ['sn', 'eq,sub'],
  ['givenName', 'eq,sub'],
  ['mail', 'eq,sub'],
  ['member', 'eq'],
  ['memberUid', 'eq'],
  ['uidNumber', 'eq'],
  ['gidNumber', 'eq'],
  ['entryCSN', 'eq'],
  ['entryUUID', 'eq'],
  ['ou', 'eq'],
];

/** SupAnn keys indexed when the SupAnn schemas are loaded. */
export const SUPANN_INDEXES: Array<[string, string]> = [
  ['supannAliasLogin', 'eq'],
  ['supannEmpId', 'eq'],
  ['supannEtuId', 'eq'],
  ['supannCodeEntite', 'eq'],
  ['supannCodeEntiteParent', 'eq'],
  ['supannRefId', 'eq'],
  ['supannEntiteAffectation', 'eq'],
  ['eduPersonPrincipalName', 'eq'],
  ['eduPersonAffiliation', 'eq'],
  ['eduPersonPrimaryAffiliation', 'eq'],
];

/** FusionDirectory task attributes the worker searches on. */
export const TASK_INDEXES: Array<[string, string]> = [
  ['fdTasksGranularStatus', 'eq'],
  ['fdTasksGranularMaster', 'eq'],
  // The audit page's author and object searches, and the user's Security tab (bench/audit.bench.ts: 254 → 41 ms).
  // Never fdAuditDateTime: an eq index makes slapd's range filters on it crawl.
  ['fdAuditAuthorDN', 'eq'],
  ['fdAuditObject', 'eq'],
];

export interface SlapdConfigOptions {
  /** Folder owned by Trousseau; slapd.d, data and the pid file live below it. */
  dir: string;
  baseDN: string;
  rootDN: string;
  rootPasswordHash: string;
  /** LDIF records for `cn=…,cn=schema,cn=config`, already in dependency order. */
  schemaLdif: string[];
  /** Attribute names those schemas define (case-insensitive), to decide which optional indexes exist. */
  definedAttributes: ReadonlySet<string>;
  /** DNs that get unlimited size limits (the service account), besides the rootDN. */
  unlimitedDNs?: string[];
}

/** The DN slapd gives a process of uid 0 that connects over ldapi with SASL EXTERNAL. */
export const LDAPI_ROOT = 'gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth';

function numbered(values: string[]): string[] {
  return values.map((v, i) => `{${i}}${v}`);
}

/** Every index line applicable to the loaded schemas, as `olcDbIndex` values. */
export function indexLines(definedAttributes: ReadonlySet<string>): string[] {
  const optional = [...SUPANN_INDEXES, ...TASK_INDEXES].filter(([attr]) => definedAttributes.has(attr.toLowerCase()));
  return [...BASE_INDEXES, ...optional].map(([attr, kind]) => `${attr} ${kind}`);
}

/** The whole cn=config tree as LDIF for `slapadd -n0`. */
export function slapdConfigLdif(o: SlapdConfigOptions): string {
  const entries: LdifEntry[] = [];
  const unlimited = [o.rootDN, ...(o.unlimitedDNs ?? [])];
  entries.push({
    dn: 'cn=config',
    attributes: {
      objectClass: 'olcGlobal',
      cn: 'config',
      olcPidFile: path.join(o.dir, 'slapd.pid'),
      olcArgsFile: path.join(o.dir, 'slapd.args'),
      olcLogLevel: 'none',
      // SupAnn's tagged card attributes (supannCMSId;x-mifare-xlsb…) need the x- option prefix declared.
      olcAttributeOptions: 'x-',
      // Substring index keys of 3 characters, so that `*abc*` is answered from the index.
      olcIndexSubstrIfMinLen: '2',
      olcIndexSubstrIfMaxLen: '4',
      olcIndexSubstrAnyLen: '3',
      olcIndexSubstrAnyStep: '2',
      olcToolThreads: '2',
    },
  });
  entries.push({
    dn: 'cn=module{0},cn=config',
    attributes: { objectClass: 'olcModuleList', cn: 'module{0}', olcModulePath: MODULE_DIR, olcModuleLoad: numbered([...MODULES]) },
  });
  entries.push({ dn: 'cn=schema,cn=config', attributes: { objectClass: 'olcSchemaConfig', cn: 'schema' } });
  entries.push({
    dn: 'olcDatabase={-1}frontend,cn=config',
    attributes: {
      objectClass: ['olcDatabaseConfig', 'olcFrontendConfig'],
      olcDatabase: '{-1}frontend',
      olcSizeLimit: '500',
      olcPasswordHash: '{SSHA}',
      olcAccess: numbered([
        `to * by dn.exact=${LDAPI_ROOT} manage by * break`,
        'to dn.base="" by * read',
        'to dn.base="cn=Subschema" by * read',
      ]),
    },
  });
  entries.push({
    dn: 'olcDatabase={0}config,cn=config',
    attributes: {
      objectClass: 'olcDatabaseConfig',
      olcDatabase: '{0}config',
      olcAccess: numbered([`to * by dn.exact=${LDAPI_ROOT} manage by dn.exact="${o.rootDN}" manage by * none`]),
    },
  });
  entries.push({
    dn: 'olcDatabase={1}mdb,cn=config',
    attributes: {
      objectClass: ['olcDatabaseConfig', 'olcMdbConfig'],
      olcDatabase: '{1}mdb',
      olcDbDirectory: path.join(o.dir, 'data'),
      olcSuffix: o.baseDN,
      olcRootDN: o.rootDN,
      olcRootPW: o.rootPasswordHash,
      olcDbMaxSize: String(16 * 1024 ** 3),
      olcDbIndex: indexLines(o.definedAttributes),
      olcLimits: numbered(unlimited.map((dn) => `dn.exact="${dn}" time=unlimited size=unlimited size.pr=unlimited size.prtotal=unlimited`)),
      olcAccess: numbered([
        `to * by dn.exact=${LDAPI_ROOT} manage by * break`,
        'to attrs=userPassword,shadowLastChange by self write by anonymous auth by * none',
        'to * by self read by * none',
      ]),
    },
  });
  const overlays: Array<[string, string, Record<string, string | string[]>]> = [
    ['syncprov', 'olcSyncProvConfig', { olcSpCheckpoint: '100 10', olcSpSessionlog: '10000' }],
    ['memberof', 'olcMemberOfConfig', { olcMemberOfRefInt: 'TRUE', olcMemberOfDangling: 'ignore', olcMemberOfGroupOC: 'groupOfNames', olcMemberOfMemberAD: 'member', olcMemberOfMemberOfAD: 'memberOf' }],
    ['refint', 'olcRefintConfig', { olcRefintAttribute: 'member manager owner seeAlso' }],
    ['unique', 'olcUniqueConfig', { olcUniqueURI: ['ldap:///?uid?sub?(objectClass=inetOrgPerson)', 'ldap:///?uidNumber?sub?(objectClass=posixAccount)'] }],
    ['ppolicy', 'olcPPolicyConfig', { olcPPolicyUseLockout: 'TRUE' }],
    ['dynlist', 'olcDynListConfig', { olcDynListAttrSet: 'groupOfURLs memberURL member' }],
    ['sssvlv', 'olcSssVlvConfig', { olcSssVlvMax: '64', olcSssVlvMaxKeys: '4', olcSssVlvMaxPerConn: '16' }],
  ];
  overlays.forEach(([name, cls, attrs], i) => {
    entries.push({
      dn: `olcOverlay={${i}}${name},olcDatabase={1}mdb,cn=config`,
      attributes: { objectClass: ['olcOverlayConfig', cls], olcOverlay: `{${i}}${name}`, ...attrs },
    });
  });
  // Schemas go right after cn=schema: the database and overlay entries refer to their attributes.
  const [global, modules, schema, ...rest] = entries.map((e) => entriesToLdif([e]));
  return [global, modules, schema, ...o.schemaLdif.map((s) => s.trim() + '\n'), ...rest].join('\n');
}
