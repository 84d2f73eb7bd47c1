// The supann-ext plugin (fd-plugins.md §3.8, §3.10): structure validity dates and relations, SupAnn 2020 population
// codes and the opaque eduPersonUniqueId of users.
import { mergeParts } from '../supann/PluginPart.ts';
import { extAccountPart } from './account.ts';
import { extConfigPart } from './config.ts';
import { extStructuresPart } from './structures.ts';

export const supannExtPlugin = mergeParts({ id: 'supann-ext', dependsOn: ['supann'], schemas: ['supann-ext-fd'] }, [extStructuresPart, extAccountPart, extConfigPart]);
