// The LDAP schemas Trousseau ships (FusionDirectory's, as TypeScript data): lookup, install order, who defines what.
import { AppError } from '../errors/AppError.ts';
import { archiveFd } from './definitions/archive-fd.ts';
import { archiveFdConf } from './definitions/archive-fd-conf.ts';
import { auditFd } from './definitions/audit-fd.ts';
import { auditFdConf } from './definitions/audit-fd-conf.ts';
import { coreFd } from './definitions/core-fd.ts';
import { coreFdConf } from './definitions/core-fd-conf.ts';
import { eduperson } from './definitions/eduperson.ts';
import { fdFranceConnect } from './definitions/fdFranceConnect.ts';
import { fusiondirectoryOrchestrator } from './definitions/fusiondirectory-orchestrator.ts';
import { internet2 } from './definitions/internet2.ts';
import { ldapns } from './definitions/ldapns.ts';
import { lifecycleFd } from './definitions/lifecycle-fd.ts';
import { mailFd } from './definitions/mail-fd.ts';
import { mailFdConf } from './definitions/mail-fd-conf.ts';
import { notificationsFd } from './definitions/notifications-fd.ts';
import { notificationsFdConf } from './definitions/notifications-fd-conf.ts';
import { personalFd } from './definitions/personal-fd.ts';
import { personalFdConf } from './definitions/personal-fd-conf.ts';
import { ppolicyFdConf } from './definitions/ppolicy-fd-conf.ts';
import { schac20150413150 } from './definitions/schac-20150413-1.5.0.ts';
import { supann20191122 } from './definitions/supann-2019-11-22.ts';
import { supannExtFd } from './definitions/supann-ext-fd.ts';
import { supannFdConf } from './definitions/supann-fd-conf.ts';
import { templateFd } from './definitions/template-fd.ts';
import { userReminderFdConf } from './definitions/user-reminder-fd-conf.ts';
import { webauthnFd } from './definitions/webauthn-fd.ts';
import { webauthnFdConf } from './definitions/webauthn-fd-conf.ts';
import { webserviceFdConf } from './definitions/webservice-fd-conf.ts';
import type { AttributeTypeDef, ObjectClassDef, SchemaDef } from './types.ts';

export type { AttributeTypeDef, ObjectClassDef, ObjectClassKind, SchemaDef } from './types.ts';

/**
 * Every schema we ship, already in a valid install order. A definition file is named after its schema
 * (`definitions/core-fd.ts`) and exports it in camelCase (`coreFd`).
 */
export const allSchemas: readonly SchemaDef[] = [
  coreFd,
  coreFdConf,
  templateFd,
  ldapns,
  fusiondirectoryOrchestrator,
  mailFd,
  mailFdConf,
  personalFd,
  personalFdConf,
  auditFd,
  auditFdConf,
  webauthnFd,
  webauthnFdConf,
  archiveFd,
  archiveFdConf,
  ppolicyFdConf,
  notificationsFd,
  notificationsFdConf,
  userReminderFdConf,
  lifecycleFd,
  webserviceFdConf,
  supann20191122,
  eduperson,
  internet2,
  supannFdConf,
  fdFranceConnect,
  supannExtFd,
  schac20150413150,
];

/**
 * The stock schemas (Debian's /etc/ldap/schema/<name>.ldif) a definition may depend on, in the order they
 * load (cosine needs core, inetorgperson and nis need cosine…).
 */
export const STOCK_SCHEMA_ORDER = [
  'core',
  'cosine',
  'inetorgperson',
  'nis',
  'dyngroup',
  'misc',
  'collective',
  'corba',
  'duaconf',
  'java',
  'openldap',
  'pmi',
  'namedobject',
  'dsee',
  'msuser',
] as const;

function isStock(name: string): boolean {
  return (STOCK_SCHEMA_ORDER as readonly string[]).includes(name.toLowerCase());
}

/** One of our schemas by name, case-insensitively. */
export function schemaByName(name: string): SchemaDef | undefined {
  const wanted = name.toLowerCase();
  return allSchemas.find((schema) => schema.name.toLowerCase() === wanted);
}

/** Install order for some schemas: ours (with the ones they need) and, apart, the stock ones to load first. */
export interface SchemaInstallPlan {
  /** Stock schema names, in STOCK_SCHEMA_ORDER. */
  stock: string[];
  /** Our schemas, each after everything it depends on. */
  schemas: SchemaDef[];
}

/**
 * Orders schemas for installation: each after its `dependsOn`, our dependencies added even when not asked
 * for; the result does not depend on the order of `names`.
 * @example orderSchemas(['fdFranceConnect']) // stock: ['core'], schemas: [supann-2019-11-22, fdFranceConnect]
 */
export function orderSchemas(names: readonly string[]): SchemaInstallPlan {
  const stock = new Set<string>();
  const ordered: SchemaDef[] = [];
  const done = new Set<SchemaDef>();
  const visiting: SchemaDef[] = [];

  const visit = (name: string, neededBy?: SchemaDef): void => {
    if (isStock(name)) {
      stock.add(name.toLowerCase());
      return;
    }
    const schema = schemaByName(name);
    if (schema === undefined) {
      throw new AppError({
        code: 'schema.missing',
        message:
          neededBy === undefined
            ? `Unknown schema "${name}"; known: ${allSchemas.map((s) => s.name).join(', ')}`
            : `Schema "${neededBy.name}" depends on unknown schema "${name}"`,
      });
    }
    if (done.has(schema)) return;
    if (visiting.includes(schema)) {
      const cycle = [...visiting.slice(visiting.indexOf(schema)), schema].map((s) => s.name).join(' → ');
      throw new AppError({ code: 'internal', message: `Schema dependency cycle: ${cycle}` });
    }
    visiting.push(schema);
    for (const dependency of schema.dependsOn) visit(dependency, schema);
    visiting.pop();
    done.add(schema);
    ordered.push(schema);
  };

  const rank = (name: string): number => {
    const index = allSchemas.findIndex((s) => s.name.toLowerCase() === name.toLowerCase());
    return index < 0 ? -1 : index;
  };
  for (const name of [...names].sort((a, b) => rank(a) - rank(b))) visit(name);
  return { stock: STOCK_SCHEMA_ORDER.filter((s) => stock.has(s)), schemas: ordered };
}

/** Where a name or OID is defined among our schemas. */
export interface DefinitionLocation<T> {
  schema: SchemaDef;
  definition: T;
}

function matches(def: { oid: string; names: string[] }, wanted: string): boolean {
  return def.oid === wanted || def.names.some((name) => name.toLowerCase() === wanted);
}

/** The schema and definition of an attribute type, by any of its names (case-insensitive) or its OID. */
export function findAttributeType(nameOrOid: string): DefinitionLocation<AttributeTypeDef> | undefined {
  const wanted = nameOrOid.toLowerCase();
  for (const schema of allSchemas) {
    const definition = schema.attributeTypes.find((def) => matches(def, wanted));
    if (definition !== undefined) return { schema, definition };
  }
  return undefined;
}

/** The schema and definition of an object class, by any of its names (case-insensitive) or its OID. */
export function findObjectClass(nameOrOid: string): DefinitionLocation<ObjectClassDef> | undefined {
  const wanted = nameOrOid.toLowerCase();
  for (const schema of allSchemas) {
    const definition = schema.objectClasses.find((def) => matches(def, wanted));
    if (definition !== undefined) return { schema, definition };
  }
  return undefined;
}

/** Every attribute type name (all aliases) our schemas define, lower-cased. */
export function shippedAttributeTypeNames(): Set<string> {
  return new Set(allSchemas.flatMap((schema) => schema.attributeTypes.flatMap((def) => def.names.map((n) => n.toLowerCase()))));
}
