// The posix plugin: Unix accounts on users (posixAccount + shadowAccount) and POSIX groups (fd-core.md §3.7, §4).
import type { PluginManifest, SaveContext, TabDecl, ObjectTypeDecl } from '../../model/declarations.ts';
import { en, fr } from './messages.ts';

const DAY = 86_400_000;
const today = () => Math.floor(Date.now() / DAY);

/** gecos: the common name in ASCII, or nothing if it does not fit `^[a-z0-9 -]+$`i (FusionDirectory's rule). */
export function gecosOf(cn: string): string {
  const ascii = cn.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return /^[a-z0-9 -]+$/i.test(ascii) ? ascii : '';
}

const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

async function prepareAccount(context: SaveContext): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const cn = context.objectValues.cn;
  out.gecos = typeof cn === 'string' ? gecosOf(cn) : '';
  if (int(context.values.uidNumber) === undefined) out.uidNumber = await context.allocateId('uidNumber');
  if (int(context.values.gidNumber) === undefined) {
    // Automatic primary group: one POSIX group named after the user, created once the user is written.
    out.gidNumber = await context.allocateId('gidNumber');
    context.memo.primaryGroupGid = out.gidNumber;
  }
  // fd-core.md §3.7: the day the tab is switched on, and the day the password changes.
  if (context.activating || context.isNew || context.changed('userPassword')) out.shadowLastChange = today();
  return out;
}

function checkShadow(context: SaveContext): Array<{ attribute: string; code: string; message: string }> {
  const min = int(context.values.shadowMin);
  const max = int(context.values.shadowMax);
  const warning = int(context.values.shadowWarning);
  const inactive = int(context.values.shadowInactive);
  const problems: Array<{ attribute: string; code: string; message: string }> = [];
  if ((warning !== undefined || inactive !== undefined) && max === undefined) {
    problems.push({ attribute: warning !== undefined ? 'shadowWarning' : 'shadowInactive', code: 'value.shadow', message: 'A warning or inactivity delay needs a maximum password age (shadowMax).' });
  }
  if (min !== undefined && max !== undefined && min > max) problems.push({ attribute: 'shadowMin', code: 'value.shadow', message: 'The minimum password age cannot exceed the maximum.' });
  if (warning !== undefined && max !== undefined && warning > max) problems.push({ attribute: 'shadowWarning', code: 'value.shadow', message: 'The warning delay cannot exceed the maximum password age.' });
  if (warning !== undefined && min !== undefined && min > warning) problems.push({ attribute: 'shadowWarning', code: 'value.shadow', message: 'The warning delay cannot be shorter than the minimum password age.' });
  return problems;
}

async function createPrimaryGroup(context: SaveContext & { dn: string }): Promise<void> {
  const gid = context.memo.primaryGroupGid;
  const uid = context.objectValues.uid;
  if (typeof gid !== 'number' || typeof uid !== 'string') return;
  const branch = (context.config('fdGroupRDN') ?? 'ou=groups').replace(/,$/, '');
  await context.addEntry(`cn=${uid},${branch.includes('=') ? branch : `ou=${branch}`},${context.base}`, {
    objectClass: ['posixGroup'],
    cn: uid,
    gidNumber: String(gid),
    memberUid: uid,
    description: `Group of user ${uid}`,
  });
}

export const posixAccountTab: TabDecl = {
  id: 'posixAccount',
  label: 'posix.tab',
  objectTypes: ['user'],
  objectClasses: ['posixAccount', 'shadowAccount'],
  activeFilter: '(objectClass=posixAccount)',
  priority: 2,
  selfModify: true,
  behaviour: { prepareSave: prepareAccount, check: checkShadow, afterSave: createPrimaryGroup },
  sections: [
    {
      key: 'unix',
      label: 'posix.section.unix',
      attributes: [
        { name: 'homeDirectory', kind: 'string', label: 'posix.homeDirectory', required: true, pattern: '/[A-Za-z0-9%/_.+-]*', patternMessage: 'posix.homeDirectory.invalid', renameOnCopy: 'uid' },
        { name: 'loginShell', kind: 'select', label: 'posix.loginShell', choicesFromConfig: 'fdShells' },
        { name: 'gecos', kind: 'string', label: 'posix.gecos', hidden: true, derived: true },
        // Given by hand, or claimed from the counter at save when left empty.
        { name: 'uidNumber', kind: 'integer', label: 'posix.uidNumber', min: 0, unique: 'whole', resetOnCopy: true },
        // The primary group: follows its POSIX group's gidNumber when that changes.
        { name: 'gidNumber', kind: 'integer', label: 'posix.gidNumber', min: 0, resetOnCopy: true, refersTo: { types: ['group'], attribute: 'gidNumber' } },
        // FusionDirectory's switch to type ids by hand; Trousseau honours any id given, so it is informative.
        { name: 'force_ids', kind: 'boolean', label: 'posix.force_ids', inLdap: false, acl: 'uidNumber' },
      ],
    },
    {
      key: 'shadow',
      label: 'posix.section.shadow',
      attributes: [
        { name: 'shadowMin', kind: 'integer', label: 'posix.shadowMin', min: 0 },
        { name: 'shadowMax', kind: 'integer', label: 'posix.shadowMax', min: 0 },
        { name: 'shadowWarning', kind: 'integer', label: 'posix.shadowWarning', min: 0 },
        { name: 'shadowInactive', kind: 'integer', label: 'posix.shadowInactive', min: 0 },
        { name: 'shadowExpire', kind: 'date', encoding: 'epochDays', label: 'posix.shadowExpire' },
        { name: 'shadowLastChange', kind: 'integer', label: 'posix.shadowLastChange', hidden: true, derived: true },
      ],
    },
  ],
};

export const posixGroupType: ObjectTypeDecl = {
  id: 'group',
  label: 'posixGroup.type',
  description: 'posixGroup.type.description',
  filter: '(objectClass=posixGroup)',
  ou: { configKey: 'fdGroupRDN', default: 'ou=groups' },
  mainAttribute: 'cn',
  aclCategory: 'group',
  mainTab: 'posixGroup',
  templates: true,
  snapshots: true,
  menu: { section: 'accounts', priority: 25 },
  management: { id: 'groups', class: 'groupManagement', label: 'management.groups' },
};

export const posixGroupTab: TabDecl = {
  id: 'posixGroup',
  label: 'posixGroup.tab',
  objectTypes: ['group'],
  objectClasses: ['posixGroup'],
  alwaysActive: true,
  priority: 0,
  searchAttributes: ['cn', 'description'],
  behaviour: {
    prepareSave: async (context) => (int(context.values.gidNumber) === undefined ? { gidNumber: await context.allocateId('gidNumber') } : {}),
  },
  sections: [
    {
      key: 'properties',
      label: 'common.section.properties',
      attributes: [
        { name: 'base', kind: 'base', label: 'common.base', inLdap: false },
        { name: 'cn', kind: 'string', label: 'posixGroup.cn', required: true, unique: 'whole', pattern: '[a-z0-9_-]+', patternMessage: 'ogroup.cn.invalid' },
        { name: 'description', kind: 'string', label: 'common.description' },
        { name: 'gidNumber', kind: 'integer', label: 'posix.gidNumber', min: 0, unique: 'whole', resetOnCopy: true },
        { name: 'memberUid', kind: 'set', of: { kind: 'string' }, label: 'posixGroup.memberUid', refersTo: { types: ['user'], attribute: 'uid' }, followsCopy: true },
      ],
    },
  ],
};

export const posixPlugin: PluginManifest = {
  id: 'posix',
  dependsOn: ['core'],
  types: [posixGroupType],
  tabs: [posixAccountTab, posixGroupTab],
  schemas: ['core-fd-conf'],
  messages: { en, fr },
};
