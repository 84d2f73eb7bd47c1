// SupAnn: cms (fd-plugins.md §3). Declarations to come.
import type { PluginPart } from './PluginPart.ts';

export const cmsPart: PluginPart = { messages: { en: {}, fr: {} } };
