// SupAnn: status (fd-plugins.md §3). Declarations to come.
import type { PluginPart } from './PluginPart.ts';

export const statusPart: PluginPart = { messages: { en: {}, fr: {} } };
