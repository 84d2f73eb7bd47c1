// SupAnn: franceConnect (fd-plugins.md §3). Declarations to come.
import type { PluginPart } from './PluginPart.ts';

export const franceConnectPart: PluginPart = { messages: { en: {}, fr: {} } };
