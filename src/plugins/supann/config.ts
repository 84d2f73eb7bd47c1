// SupAnn: config (fd-plugins.md §3). Declarations to come.
import type { PluginPart } from './PluginPart.ts';

export const configPart: PluginPart = { messages: { en: {}, fr: {} } };
