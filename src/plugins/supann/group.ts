// SupAnn: group (fd-plugins.md §3). Declarations to come.
import type { PluginPart } from './PluginPart.ts';

export const groupPart: PluginPart = { messages: { en: {}, fr: {} } };
