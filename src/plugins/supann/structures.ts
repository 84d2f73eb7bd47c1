// SupAnn: structures (fd-plugins.md §3). Declarations to come.
import type { PluginPart } from './PluginPart.ts';

export const structuresPart: PluginPart = { messages: { en: {}, fr: {} } };
