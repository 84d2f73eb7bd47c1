// Compares a server's subschema with the schemas Trousseau needs: what is missing, what differs, what can be installed.
import { attributeTypeDifferences, objectClassDifferences, type DefinitionDifference } from './compare.ts';
import type { AttributeTypeDef, ObjectClassDef, SchemaDef } from './types.ts';

/** What a server publishes in its subschema entry, parsed. */
export interface ServerSchema {
  attributeTypes: AttributeTypeDef[];
  objectClasses: ObjectClassDef[];
}

export interface SchemaProblem {
  schema: string;
  kind: 'attributeType' | 'objectClass';
  name: string;
  oid: string;
  problem: 'missing' | 'different';
  /** For `different`: each field that differs, ours and the server's. */
  differences?: DefinitionDifference[];
}

export interface SchemaStatus {
  name: string;
  /** `present`: all there and equal; `missing`: none of it (installable); `partial`/`different`: needs a person. */
  status: 'present' | 'missing' | 'partial' | 'different';
  problems: SchemaProblem[];
}

export interface SchemaCheckReport {
  schemas: SchemaStatus[];
  problems: SchemaProblem[];
  ok: boolean;
}

interface Indexed<T> {
  byOid: Map<string, T>;
  byName: Map<string, T>;
}

function index<T extends { oid: string; names: string[] }>(defs: T[]): Indexed<T> {
  const byOid = new Map<string, T>();
  const byName = new Map<string, T>();
  for (const def of defs) {
    byOid.set(def.oid, def);
    for (const name of def.names) byName.set(name.toLowerCase(), def);
  }
  return { byOid, byName };
}

function lookup<T extends { oid: string; names: string[] }>(idx: Indexed<T>, def: { oid: string; names: string[] }): T | undefined {
  return idx.byOid.get(def.oid) ?? def.names.map((n) => idx.byName.get(n.toLowerCase())).find((d) => d !== undefined);
}

// DESC is free text and X- extensions are server decoration; neither changes what data is valid.
const compareOptions = { ignoreDesc: true, ignoreExtensions: true };

/** Check every class and attribute of `required` against the server's schema, by OID or name. */
export function checkServerSchema(server: ServerSchema, required: readonly SchemaDef[]): SchemaCheckReport {
  const attributes = index(server.attributeTypes);
  const classes = index(server.objectClasses);
  const schemas: SchemaStatus[] = [];
  for (const schema of required) {
    const problems: SchemaProblem[] = [];
    let found = 0;
    for (const def of schema.attributeTypes) {
      const theirs = lookup(attributes, def);
      const name = def.names[0] ?? def.oid;
      if (!theirs) {
        problems.push({ schema: schema.name, kind: 'attributeType', name, oid: def.oid, problem: 'missing' });
        continue;
      }
      found++;
      const differences = attributeTypeDifferences(def, theirs, compareOptions);
      if (differences.length > 0) problems.push({ schema: schema.name, kind: 'attributeType', name, oid: def.oid, problem: 'different', differences });
    }
    for (const def of schema.objectClasses) {
      const theirs = lookup(classes, def);
      const name = def.names[0] ?? def.oid;
      if (!theirs) {
        problems.push({ schema: schema.name, kind: 'objectClass', name, oid: def.oid, problem: 'missing' });
        continue;
      }
      found++;
      const differences = objectClassDifferences(def, theirs, compareOptions);
      if (differences.length > 0) problems.push({ schema: schema.name, kind: 'objectClass', name, oid: def.oid, problem: 'different', differences });
    }
    const status: SchemaStatus['status'] =
      problems.length === 0 ? 'present' : found === 0 ? 'missing' : problems.some((p) => p.problem === 'different') ? 'different' : 'partial';
    schemas.push({ name: schema.name, status, problems });
  }
  const problems = schemas.flatMap((s) => s.problems);
  return { schemas, problems, ok: problems.length === 0 };
}

/** One line per problem, by name, for people: `missing objectClass fdLockEntry (1.3.6.1.4.1.38414.62.2.1) [core-fd]`. */
export function describeProblem(p: SchemaProblem): string {
  const head = `${p.problem} ${p.kind} ${p.name} (${p.oid}) [${p.schema}]`;
  if (p.problem === 'missing' || !p.differences) return head;
  const fields = p.differences.map((d) => `${d.field}: Trousseau ${JSON.stringify(d.ours)}, server ${JSON.stringify(d.theirs)}`);
  return `${head}: ${fields.join('; ')}`;
}
