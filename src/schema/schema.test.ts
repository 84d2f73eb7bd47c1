// Our schema definitions against FusionDirectory's own .schema files: same OIDs, names, syntaxes, rules, MUST/MAY,
// except for the defects we fix on purpose, each listed below and in docs/compatibility.md ("LDAP schemas").
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attributeTypeDifferences, objectClassDifferences, type DefinitionDifference } from './compare.ts';
import { STOCK_SCHEMA_ORDER, allSchemas, findAttributeType, findObjectClass, orderSchemas, schemaByName } from './index.ts';
import { type ParsedSchemaFile, type SchemaParseWarningCode, parseSchemaFile } from './parse.ts';
import { renderAttributeType, renderObjectClass } from './render.ts';
import { syntaxName } from './syntaxes.ts';
import type { AttributeTypeDef, SchemaDef } from './types.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** FD's schema files sit beside the repository clone (also in CI). */
const REFERENCE_DIR = path.resolve(REPO_ROOT, '../shared/reference/schema');
const STOCK_DIR = '/etc/ldap/schema';

/** Where each shipped schema comes from, under REFERENCE_DIR. */
const REFERENCE_FILES: Record<string, string> = {
  'core-fd': 'core/core-fd.schema',
  'core-fd-conf': 'core/core-fd-conf.schema',
  'template-fd': 'core/template-fd.schema',
  ldapns: 'core/ldapns.schema',
  'fusiondirectory-orchestrator': 'orchestrator/fusiondirectory-orchestrator.schema',
  'mail-fd': 'plugins/mail/mail-fd.schema',
  'mail-fd-conf': 'plugins/mail/mail-fd-conf.schema',
  'personal-fd': 'plugins/personal/personal-fd.schema',
  'personal-fd-conf': 'plugins/personal/personal-fd-conf.schema',
  'audit-fd': 'plugins/audit/audit-fd.schema',
  'audit-fd-conf': 'plugins/audit/audit-fd-conf.schema',
  'webauthn-fd': 'plugins/webauthn/webauthn-fd.schema',
  'webauthn-fd-conf': 'plugins/webauthn/webauthn-fd-conf.schema',
  'archive-fd': 'plugins/archive/archive-fd.schema',
  'archive-fd-conf': 'plugins/archive/archive-fd-conf.schema',
  'ppolicy-fd-conf': 'plugins/ppolicy/ppolicy-fd-conf.schema',
  'notifications-fd': 'plugins/notifications/notifications-fd.schema',
  'notifications-fd-conf': 'plugins/notifications/notifications-fd-conf.schema',
  'user-reminder-fd-conf': 'plugins/user-reminder/user-reminder-fd-conf.schema',
  'lifecycle-fd': 'plugins/lifecycle/lifecycle-fd.schema',
  'webservice-fd-conf': 'plugins/webservice/webservice-fd-conf.schema',
  'supann-2019-11-22': 'plugins/supann/supann-2019-11-22.schema',
  eduperson: 'plugins/supann/eduperson.schema',
  internet2: 'plugins/supann/internet2.schema',
  'supann-fd-conf': 'plugins/supann/supann-fd-conf.schema',
  fdFranceConnect: 'plugins/supann/fdFranceConnect.schema',
  'supann-ext-fd': 'plugins/supann-ext/supann-ext-fd.schema',
  'schac-20150413-1.5.0': 'plugins/schac/schac-20150413-1.5.0.schema',
};

/** A field where we ship something else than FD's file, on purpose. */
interface Deviation {
  schema: string;
  names: string[];
  field: 'substr';
  reference: string;
  shipped: string | undefined;
  why: string;
}

const PLUGIN_MANAGER_ATTRIBUTES = [
  'fdPluginManagerInfoAuthors', 'fdPluginManagerInfoVersion', 'fdPluginManagerSupportHomeUrl',
  'fdPluginManagerSupportTicketUrl', 'fdPluginManagerSupportDiscussionUrl', 'fdPluginManagerSupportSchemaUrl',
  'fdPluginManagerReqFdVersion', 'fdPluginManagerReqPhpVersion', 'fdPluginManagerContentPhpClass',
  'fdPluginManagerContentLdapObject', 'fdPluginManagerContentLdapAttributes', 'fdPluginManagerInfoStatus',
  'fdPluginManagerSupportDownloadUrl', 'fdPluginManagerInfoTags', 'fdPluginManagerInfoLogoUrl',
  'fdPluginManagerInfoScreenshotUrl', 'fdPluginManagerInfoLicence', 'fdPluginManagerInfoOrigin',
  'fdPluginManagerSupportProvider', 'fdPluginManagerSupportContractUrl',
];

const IA5 = 'IA5String values; slapd matches substrings through the EQUALITY rule, so nothing changes';
const OCTETS = 'OctetString values; slapd already matched them byte for byte (EQUALITY octetStringMatch)';
const BOOLEAN = 'no substring rule exists for Boolean; such filters never matched';

/** Every deliberate difference from FD's files. A difference not listed here fails the test. */
const EXPECTED_DEVIATIONS: Deviation[] = [
  { schema: 'core-fd', names: PLUGIN_MANAGER_ATTRIBUTES, field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: 'caseIgnoreIA5SubstringsMatch', why: IA5 },
  { schema: 'webauthn-fd', names: ['fdWebauthnRegistrations', 'fdTOTPTokens', 'fdWebauthnRecoveryCode'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: 'caseExactIA5SubstringsMatch', why: IA5 },
  { schema: 'core-fd', names: ['fdMailTemplateBody', 'fdMailTemplateSignature', 'fdMailAttachmentsContent', 'fdMailTemplateReadReceipt', 'fdMailTemplateSubject'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: 'octetStringSubstringsMatch', why: OCTETS },
  { schema: 'core-fd-conf', names: ['fdSnapshotSourceData'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: 'octetStringSubstringsMatch', why: OCTETS },
  { schema: 'template-fd', names: ['fdTemplateField'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: 'octetStringSubstringsMatch', why: OCTETS },
  { schema: 'archive-fd', names: ['fdArchivedField', 'fdArchivedUniqueField'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: 'octetStringSubstringsMatch', why: OCTETS },
  { schema: 'supann-ext-fd', names: ['fdMainPopulationCodeConf', 'fdLocalPopulationCodeConf'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: 'octetStringSubstringsMatch', why: OCTETS },
  { schema: 'core-fd', names: ['fdTasksRepeatable', 'fdTasksUpdatable'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: undefined, why: BOOLEAN },
  { schema: 'user-reminder-fd-conf', names: ['fdTasksReminderAccountProlongation', 'fdTasksReminderPosix'], field: 'substr', reference: 'caseIgnoreSubstringsMatch', shipped: undefined, why: BOOLEAN },
];

/** Text defects of FD's files that slapd tolerates; what we ship instead is asserted below. */
const EXPECTED_FILE_ANOMALIES: Array<{ schema: string; definition: string; code: SchemaParseWarningCode; text?: string }> = [
  { schema: 'core-fd', definition: 'fdTasksRepeatable', code: 'quoted-syntax' },
  { schema: 'core-fd', definition: 'fdTasksUpdatable', code: 'quoted-syntax' },
  { schema: 'core-fd', definition: 'fdTasksRepeatableSchedule', code: 'quoted-syntax' },
  { schema: 'core-fd-conf', definition: 'fdSnapshotSourceData', code: 'text-after-close', text: 'SINGLE-VALUE)' },
  { schema: 'mail-fd-conf', definition: 'fdMailPluginConf', code: 'empty-oid-list' },
  { schema: 'personal-fd', definition: 'fdPersonalInfo', code: 'empty-oid-list' },
  { schema: 'audit-fd', definition: 'fdAuditTasks', code: 'empty-oid-list' },
  { schema: 'archive-fd', definition: 'fdArchivedObject', code: 'empty-oid-list' },
  { schema: 'notifications-fd', definition: 'fdTasksNotificationsListOfRecipientsMails', code: 'text-after-close', text: '\\' },
  { schema: 'notifications-fd-conf', definition: 'fdTasksNotificationsConf', code: 'empty-oid-list' },
  { schema: 'user-reminder-fd-conf', definition: 'fdTasksReminderAccountProlongation', code: 'quoted-syntax' },
  { schema: 'user-reminder-fd-conf', definition: 'fdTasksReminderPosix', code: 'quoted-syntax' },
  { schema: 'eduperson', definition: 'eduPersonAnalyticsTag', code: 'quoted-syntax' },
  { schema: 'eduperson', definition: 'eduPersonDisplayPronouns', code: 'quoted-syntax' },
  { schema: 'internet2', definition: 'eduOrgHomePageURI', code: 'quoted-syntax' },
  { schema: 'internet2', definition: 'eduOrgIdentityAuthNPolicyURI', code: 'quoted-syntax' },
  { schema: 'internet2', definition: 'eduOrgLegalName', code: 'quoted-syntax' },
  { schema: 'internet2', definition: 'eduOrgSuperiorURI', code: 'quoted-syntax' },
  { schema: 'internet2', definition: 'eduOrgWhitePagesURI', code: 'quoted-syntax' },
  { schema: 'supann-ext-fd', definition: 'fdEduPersonUniqueIdDns', code: 'quoted-syntax' },
  { schema: 'supann-ext-fd', definition: 'fdMainPopulationCodeConf', code: 'text-after-close', text: 'SINGLE-VALUE)' },
  { schema: 'supann-ext-fd', definition: 'fdLocalPopulationCodeConf', code: 'text-after-close', text: 'SINGLE-VALUE)' },
  { schema: 'supann-ext-fd', definition: 'fdSupannExt', code: 'empty-oid-list' },
];

/** Rule/syntax mismatches we keep, because slapd gives them a behaviour FD may rely on. */
const KEPT_RULE_MISMATCHES = [
  // SUBSTR on a DN has no RFC rule, but slapd matches initial substrings (`uid=jdupont*`) with it.
  { name: 'fdArchivedOriginDn', substr: 'caseIgnoreSubstringsMatch' },
  { name: 'fdPpolicyDefaultDn', substr: 'caseIgnoreSubstringsMatch' },
];

const parsedReferences = new Map<string, ParsedSchemaFile>();
function reference(name: string): ParsedSchemaFile {
  let parsed = parsedReferences.get(name);
  if (parsed === undefined) {
    const file = REFERENCE_FILES[name];
    if (file === undefined) throw new Error(`no reference file for ${name}`);
    parsed = parseSchemaFile(readFileSync(path.join(REFERENCE_DIR, file), 'utf8'));
    parsedReferences.set(name, parsed);
  }
  return parsed;
}

function ours(name: string): SchemaDef {
  const schema = schemaByName(name);
  if (schema === undefined) throw new Error(`we do not ship ${name}`);
  return schema;
}

/** The differences the deviation table predicts for one definition, in compare.ts's normalised form. */
function expectedDifferences(schema: string, name: string): DefinitionDifference[] {
  return EXPECTED_DEVIATIONS.filter((d) => d.schema === schema && d.names.includes(name)).map((d) => ({
    field: d.field,
    ours: d.shipped?.toLowerCase(),
    theirs: d.reference.toLowerCase(),
  }));
}

const sortedOids = (defs: Array<{ oid: string }>): string[] => defs.map((d) => d.oid).sort();

describe('shipped schemas match FusionDirectory files', () => {
  it('covers exactly the schemas that have a reference file', () => {
    expect(allSchemas.map((s) => s.name).sort()).toEqual(Object.keys(REFERENCE_FILES).sort());
  });

  for (const name of Object.keys(REFERENCE_FILES)) {
    describe(name, () => {
      it('defines the same attribute types and object classes, nothing more', () => {
        const ref = reference(name);
        expect(sortedOids(ours(name).attributeTypes)).toEqual(sortedOids(ref.attributeTypes));
        expect(sortedOids(ours(name).objectClasses)).toEqual(sortedOids(ref.objectClasses));
      });

      it('has the same OID macros, resolving to the OIDs we use', () => {
        expect(ours(name).objectIdentifiers ?? {}).toEqual(reference(name).objectIdentifiers);
      });

      it('equals each attribute type of the file, except the listed deviations', () => {
        const shipped = ours(name);
        for (const refDef of reference(name).attributeTypes) {
          const def = shipped.attributeTypes.find((d) => d.oid === refDef.oid);
          expect(def, refDef.names[0]).toBeDefined();
          if (def === undefined) continue;
          expect({ name: refDef.names[0], differences: attributeTypeDifferences(def, refDef) }).toEqual({
            name: refDef.names[0],
            differences: expectedDifferences(name, refDef.names[0] as string),
          });
        }
      });

      it('equals each object class of the file (kind, SUP, MUST, MAY…)', () => {
        const shipped = ours(name);
        for (const refDef of reference(name).objectClasses) {
          const def = shipped.objectClasses.find((d) => d.oid === refDef.oid);
          expect(def, refDef.names[0]).toBeDefined();
          if (def === undefined) continue;
          expect({ name: refDef.names[0], differences: objectClassDifferences(def, refDef) }).toEqual({
            name: refDef.names[0],
            differences: expectedDifferences(name, refDef.names[0] as string),
          });
          // compare.ts treats "no SUP" on a structural class as "SUP top"; we also keep the file's exact SUP.
          expect(def.sup ?? [], refDef.names[0]).toEqual(refDef.sup ?? []);
        }
      });
    });
  }

  it('lists no deviation that does not happen', () => {
    for (const deviation of EXPECTED_DEVIATIONS) {
      for (const name of deviation.names) {
        const refDef = reference(deviation.schema).attributeTypes.find((d) => d.names.includes(name));
        const def = ours(deviation.schema).attributeTypes.find((d) => d.names.includes(name));
        expect(refDef?.[deviation.field], name).toBe(deviation.reference);
        expect(def?.[deviation.field], name).toBe(deviation.shipped);
      }
    }
  });
});

describe('defects of FusionDirectory files', () => {
  it('finds exactly the known text defects in the files', () => {
    const found = Object.keys(REFERENCE_FILES).flatMap((schema) =>
      reference(schema).warnings.map((w) => ({ schema, definition: w.definition, code: w.code, ...(w.code === 'text-after-close' ? { text: w.text } : {}) })),
    );
    expect(found).toEqual(EXPECTED_FILE_ANOMALIES);
  });

  it('ships as multi-valued the attributes whose SINGLE-VALUE sits after the closing parenthesis', () => {
    const stray = EXPECTED_FILE_ANOMALIES.filter((a) => a.text === 'SINGLE-VALUE)');
    expect(stray.map((a) => a.definition)).toEqual(['fdSnapshotSourceData', 'fdMainPopulationCodeConf', 'fdLocalPopulationCodeConf']);
    for (const anomaly of stray) {
      const def = findAttributeType(anomaly.definition)?.definition as AttributeTypeDef;
      expect(def.singleValue, anomaly.definition).toBeUndefined();
      expect(renderAttributeType(def)).not.toContain('SINGLE-VALUE');
    }
  });

  it('writes bare the SYNTAX OIDs the files quote', () => {
    for (const anomaly of EXPECTED_FILE_ANOMALIES.filter((a) => a.code === 'quoted-syntax')) {
      const def = findAttributeType(anomaly.definition)?.definition as AttributeTypeDef;
      expect(def.syntax, anomaly.definition).toMatch(/^\d+(\.\d+)+$/);
      expect(renderAttributeType(def)).toContain(`SYNTAX ${def.syntax as string} `);
    }
  });

  it('leaves out the empty MUST/MAY lists', () => {
    for (const anomaly of EXPECTED_FILE_ANOMALIES.filter((a) => a.code === 'empty-oid-list')) {
      const found = findObjectClass(anomaly.definition);
      expect(found, anomaly.definition).toBeDefined();
      expect(renderObjectClass(found!.definition)).not.toMatch(/\(\s*\)/);
    }
  });
});

/** Matching rules by the syntaxes they apply to (RFC 4517, plus PrintableString for the caseX rules as in slapd). */
const EQUALITY_SYNTAXES: Record<string, string[]> = {
  caseIgnoreMatch: ['DirectoryString', 'PrintableString'],
  caseExactMatch: ['DirectoryString', 'PrintableString'],
  caseIgnoreIA5Match: ['IA5String'],
  caseExactIA5Match: ['IA5String'],
  booleanMatch: ['Boolean'],
  integerMatch: ['Integer'],
  generalizedTimeMatch: ['GeneralizedTime'],
  numericStringMatch: ['NumericString'],
  octetStringMatch: ['OctetString'],
  distinguishedNameMatch: ['DN'],
};
/** The SUBSTR and ORDERING rules that belong with each EQUALITY rule. */
const COMPANION_RULES: Record<string, { substr?: string; ordering?: string }> = {
  caseIgnoreMatch: { substr: 'caseIgnoreSubstringsMatch', ordering: 'caseIgnoreOrderingMatch' },
  caseExactMatch: { substr: 'caseExactSubstringsMatch', ordering: 'caseExactOrderingMatch' },
  caseIgnoreIA5Match: { substr: 'caseIgnoreIA5SubstringsMatch' },
  caseExactIA5Match: { substr: 'caseExactIA5SubstringsMatch' },
  integerMatch: { ordering: 'integerOrderingMatch' },
  generalizedTimeMatch: { ordering: 'generalizedTimeOrderingMatch' },
  numericStringMatch: { substr: 'numericStringSubstringsMatch', ordering: 'numericStringOrderingMatch' },
  octetStringMatch: { substr: 'octetStringSubstringsMatch', ordering: 'octetStringOrderingMatch' },
};

describe('consistency of what we ship', () => {
  it('uses matching rules that fit each syntax and EQUALITY rule', () => {
    const problems: string[] = [];
    for (const schema of allSchemas) {
      for (const def of schema.attributeTypes) {
        const name = def.names[0] as string;
        if (def.syntax === undefined) continue; // inherits from SUP
        const syntax = syntaxName(def.syntax) ?? def.syntax;
        if (def.equality !== undefined && !(EQUALITY_SYNTAXES[def.equality] ?? []).includes(syntax)) {
          problems.push(`${name}: EQUALITY ${def.equality} on ${syntax}`);
        }
        const companions = def.equality === undefined ? {} : (COMPANION_RULES[def.equality] ?? {});
        const kept = KEPT_RULE_MISMATCHES.some((k) => k.name === name && k.substr === def.substr);
        if (def.substr !== undefined && def.substr !== companions.substr && !kept) problems.push(`${name}: SUBSTR ${def.substr} with ${def.equality}`);
        if (def.ordering !== undefined && def.ordering !== companions.ordering) problems.push(`${name}: ORDERING ${def.ordering} with ${def.equality}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the listed rule mismatches (and nothing stale)', () => {
    for (const kept of KEPT_RULE_MISMATCHES) expect(findAttributeType(kept.name)?.definition.substr).toBe(kept.substr);
  });

  it('has no OID or name defined twice', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const schema of allSchemas) {
      for (const def of [...schema.attributeTypes, ...schema.objectClasses]) {
        for (const key of [def.oid, ...def.names.map((n) => n.toLowerCase())]) {
          const where = `${schema.name}:${def.names[0] as string}`;
          if (seen.has(key)) clashes.push(`${key} in ${seen.get(key) as string} and ${where}`);
          seen.set(key, where);
        }
      }
    }
    expect(clashes).toEqual([]);
  });

  it('depends only on known schemas, in an installable order', () => {
    const plan = orderSchemas(allSchemas.map((s) => s.name));
    expect(plan.schemas.map((s) => s.name)).toEqual(allSchemas.map((s) => s.name));
    for (const schema of allSchemas) {
      for (const dependency of schema.dependsOn) {
        expect(schemaByName(dependency) !== undefined || (STOCK_SCHEMA_ORDER as readonly string[]).includes(dependency), dependency).toBe(true);
      }
    }
  });

  /** Attributes and classes slapd defines itself (commented out in Debian's core.schema for that reason). */
  const SLAPD_BUILT_IN = ['top', 'objectclass', 'cn', 'name', 'description', 'distinguishedname', 'labeleduri', 'uid'];

  it.skipIf(!existsSync(STOCK_DIR))('finds every MUST/MAY/SUP in the schema itself or in what it depends on', () => {
    const stock = new Map<string, Set<string>>();
    for (const name of STOCK_SCHEMA_ORDER.slice(0, 5)) {
      const parsed = parseSchemaFile(readFileSync(path.join(STOCK_DIR, `${name}.schema`), 'utf8'));
      stock.set(name, new Set([...parsed.attributeTypes, ...parsed.objectClasses].flatMap((d) => d.names.map((n) => n.toLowerCase()))));
    }
    const definedBy = (name: string): Set<string> => {
      const schema = schemaByName(name);
      if (schema === undefined) return stock.get(name) ?? new Set();
      return new Set([...schema.attributeTypes, ...schema.objectClasses].flatMap((d) => d.names.map((n) => n.toLowerCase())));
    };
    const closure = (schema: SchemaDef): string[] => {
      const names = new Set<string>();
      const visit = (name: string): void => {
        if (names.has(name)) return;
        names.add(name);
        for (const dependency of schemaByName(name)?.dependsOn ?? (name === 'core' ? [] : ['core', 'cosine'])) visit(dependency);
      };
      visit(schema.name);
      return [...names];
    };
    const missing: string[] = [];
    const unused: string[] = [];
    for (const schema of allSchemas) {
      const available = new Set([...SLAPD_BUILT_IN, ...closure(schema).flatMap((n) => [...definedBy(n)])]);
      const referenced = [
        ...schema.attributeTypes.flatMap((d) => (d.sup === undefined ? [] : [d.sup])),
        ...schema.objectClasses.flatMap((d) => [...(d.sup ?? []), ...(d.must ?? []), ...(d.may ?? [])]),
      ].map((n) => n.toLowerCase());
      for (const name of referenced) if (!available.has(name)) missing.push(`${schema.name}: ${name}`);
      for (const dependency of schema.dependsOn.filter((d) => d !== 'core')) {
        if (!referenced.some((name) => definedBy(dependency).has(name))) unused.push(`${schema.name} → ${dependency}`);
      }
    }
    expect(missing).toEqual([]);
    expect(unused).toEqual([]);
  });

  it.skipIf(!existsSync(STOCK_DIR))('clashes with no stock schema', () => {
    const ourKeys = new Set(allSchemas.flatMap((s) => [...s.attributeTypes, ...s.objectClasses].flatMap((d) => [d.oid, ...d.names.map((n) => n.toLowerCase())])));
    const clashes: string[] = [];
    for (const name of STOCK_SCHEMA_ORDER.slice(0, 5)) {
      const parsed = parseSchemaFile(readFileSync(path.join(STOCK_DIR, `${name}.schema`), 'utf8'));
      for (const def of [...parsed.attributeTypes, ...parsed.objectClasses]) {
        for (const key of [def.oid, ...def.names.map((n) => n.toLowerCase())]) if (ourKeys.has(key)) clashes.push(`${name}: ${key}`);
      }
    }
    expect(clashes).toEqual([]);
  });
});
