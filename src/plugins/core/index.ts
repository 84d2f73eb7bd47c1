// The core plugin: users, object groups, roles and the six department types.
import type { PluginManifest } from '../../model/declarations.ts';
import { departmentTabs, departmentTypes } from './departments.ts';
import { ogroupTab, ogroupType, roleTab, roleType } from './groups.ts';
import { en, fr } from './messages.ts';
import { userTab, userType } from './user.ts';
import { userPasswordKind } from './userPassword.ts';

export const corePlugin: PluginManifest = {
  id: 'core',
  types: [userType, ogroupType, roleType, ...departmentTypes],
  tabs: [userTab, ogroupTab, roleTab, ...departmentTabs],
  schemas: ['core-fd', 'core-fd-conf', 'template-fd', 'ldapns'],
  messages: { en, fr },
  kinds: { userPassword: userPasswordKind },
};
