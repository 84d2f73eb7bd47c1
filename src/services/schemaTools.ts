// Schema check and install against any LDAP server: what Trousseau needs, what the server has, what to add.
import { AppError } from '../errors/AppError.ts';
import type { LdapGateway } from '../ldap/LdapGateway.ts';
import { checkServerSchema, type SchemaCheckReport, type ServerSchema } from '../schema/checkServerSchema.ts';
import { allSchemas, orderSchemas, schemaByName } from '../schema/index.ts';
import { renderSchemaLdif, schemaConfigEntry } from '../schema/render.ts';
import type { SchemaDef } from '../schema/types.ts';

/** The schemas named (all shipped ones when none), with the schemas they depend on, in install order. */
export function requiredSchemas(names?: readonly string[]): SchemaDef[] {
  const wanted = names && names.length > 0 ? names : allSchemas.map((s) => s.name);
  for (const name of wanted) {
    if (!schemaByName(name)) throw new AppError({ code: 'value.invalid', message: `Unknown schema "${name}". Known: ${allSchemas.map((s) => s.name).join(', ')}` });
  }
  return orderSchemas(wanted).schemas;
}

/** Read the server's subschema and compare it with the required schemas. */
export async function checkSchemas(gateway: LdapGateway, schemas: readonly SchemaDef[]): Promise<{ report: SchemaCheckReport; server: ServerSchema }> {
  const server = await gateway.readSubschema();
  return { report: checkServerSchema(server, schemas), server };
}

/** Names a definition refers to that must already exist: SUP, MUST, MAY. */
function references(schema: SchemaDef): Array<{ kind: 'attribute' | 'class'; name: string }> {
  return [
    ...schema.attributeTypes.flatMap((a) => (a.sup ? [{ kind: 'attribute' as const, name: a.sup }] : [])),
    ...schema.objectClasses.flatMap((c) => [
      ...(c.sup ?? []).map((name) => ({ kind: 'class' as const, name })),
      ...[...(c.must ?? []), ...(c.may ?? [])].map((name) => ({ kind: 'attribute' as const, name })),
    ]),
  ];
}

export interface InstallResult {
  installed: string[];
  alreadyPresent: string[];
}

/**
 * Add every required schema that is entirely missing to the server's cn=config, dependencies first. Refuses
 * (AppError `schema.different`) when a schema is partly there or differs — adding it would clash on OIDs — and
 * when a schema refers to a class or attribute the server lacks (a stock schema such as cosine is not loaded).
 */
export async function installSchemas(gateway: LdapGateway, schemas: readonly SchemaDef[]): Promise<InstallResult> {
  const { report, server } = await checkSchemas(gateway, schemas);
  const blocked = report.schemas.filter((s) => s.status === 'partial' || s.status === 'different');
  if (blocked.length > 0) {
    throw new AppError({
      code: 'schema.different',
      message: `Not installing: ${blocked.map((s) => `${s.name} is ${s.status === 'partial' ? 'partly installed' : 'installed with differences'}`).join('; ')}. Run \`trousseau schema check\` for the details and fix these by hand; installing would clash with the existing definitions.`,
    });
  }
  const missing = report.schemas.filter((s) => s.status === 'missing').map((s) => schemaByName(s.name)!);
  const known = new Set([...server.attributeTypes, ...server.objectClasses].flatMap((d) => d.names.map((n) => n.toLowerCase())));
  for (const schema of missing) for (const def of [...schema.attributeTypes, ...schema.objectClasses]) for (const n of def.names) known.add(n.toLowerCase());
  const unresolved = missing.flatMap((s) => references(s).filter((r) => !known.has(r.name.toLowerCase())).map((r) => `${s.name} needs ${r.kind} ${r.name}`));
  if (unresolved.length > 0) {
    throw new AppError({
      code: 'schema.missing',
      message: `Not installing: the server lacks what these schemas build on (${[...new Set(unresolved)].join('; ')}). Load the standard schemas first (core, cosine, inetorgperson, nis).`,
    });
  }
  const installed: string[] = [];
  for (const schema of missing) {
    const entry = schemaConfigEntry(schema);
    await gateway.add(entry.dn, entry.attributes);
    installed.push(schema.name);
  }
  return { installed, alreadyPresent: report.schemas.filter((s) => s.status === 'present').map((s) => s.name) };
}

/** LDIF of the schemas (for `ldapadd -Y EXTERNAL -H ldapi:///` or a server Trousseau cannot write to). */
export function schemasLdif(schemas: readonly SchemaDef[]): string {
  return schemas.map(renderSchemaLdif).join('\n');
}
