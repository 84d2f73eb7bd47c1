// The ppolicy plugin (fd-plugins.md §2.15): password policy objects for slapd's ppolicy overlay, the users'
// "Password policy" tab, and its configuration. The overlay's answers at sign-in are read by the Authenticator.
import type { PluginManifest } from '../../model/declarations.ts';
import { ppolicyConfigTab } from './config.ts';
import { en, fr } from './messages.ts';
import { ppolicyTab, ppolicyType } from './policy.ts';
import { ppolicyAccountTab, ppolicyUserLock } from './userTab.ts';

export const ppolicyPlugin: PluginManifest = {
  id: 'ppolicy',
  dependsOn: ['core', 'configuration'],
  // pwdPolicy and pwdPolicyChecker come with slapd's ppolicy overlay (built in since OpenLDAP 2.5).
  schemas: ['ppolicy-fd-conf'],
  types: [ppolicyType],
  tabs: [ppolicyTab, ppolicyAccountTab, ppolicyConfigTab],
  messages: { en, fr },
  userLockContributors: [ppolicyUserLock],
};
