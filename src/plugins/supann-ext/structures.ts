// supann-ext: structures (fd-plugins.md §3.8, §3.10). Declarations to come.
import type { PluginPart } from '../supann/PluginPart.ts';

export const extStructuresPart: PluginPart = { messages: { en: {}, fr: {} } };
