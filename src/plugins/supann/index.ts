// The supann plugin (fd-plugins.md §3): SupAnn structures, the SupAnn tabs of users and groups, its configuration.
// Each part lives in its own file; nomenclatures (value lists) are read by src/nomenclatures.
import { accountPart } from './account.ts';
import { checkPart } from './check.ts';
import { cmsPart } from './cms.ts';
import { configPart } from './config.ts';
import { franceConnectPart } from './franceConnect.ts';
import { groupPart } from './group.ts';
import { mergeParts } from './PluginPart.ts';
import { statusPart } from './status.ts';
import { supannUserLock } from './status/supannLock.ts';
import { structuresPart } from './structures.ts';

export const supannPlugin = mergeParts(
  { id: 'supann', dependsOn: ['core', 'posix', 'configuration'], schemas: ['supann-2019-11-22', 'eduperson', 'internet2', 'fdFranceConnect', 'supann-fd-conf'], userLockContributors: [supannUserLock] },
  [structuresPart, configPart, accountPart, statusPart, cmsPart, groupPart, franceConnectPart, checkPart],
);
