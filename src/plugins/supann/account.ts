// SupAnn: account (fd-plugins.md §3). Declarations to come.
import type { PluginPart } from './PluginPart.ts';

export const accountPart: PluginPart = { messages: { en: {}, fr: {} } };
