// A piece of a plugin kept in its own file (structures, the user tab, the status tab…), merged by the plugin's index.
import type { PluginManifest } from '../../model/declarations.ts';

export type PluginPart = Pick<PluginManifest, 'types' | 'tabs' | 'kinds'> & { messages: { en: Record<string, string>; fr: Record<string, string> } };

/** One manifest from its parts: types, tabs and kinds concatenated, messages merged. */
export function mergeParts(base: Omit<PluginManifest, 'types' | 'tabs' | 'kinds' | 'messages'>, parts: PluginPart[]): PluginManifest {
  return {
    ...base,
    types: parts.flatMap((p) => p.types ?? []),
    tabs: parts.flatMap((p) => p.tabs ?? []),
    kinds: Object.assign({}, ...parts.map((p) => p.kinds ?? {})) as NonNullable<PluginManifest['kinds']>,
    messages: { en: Object.assign({}, ...parts.map((p) => p.messages.en)) as Record<string, string>, fr: Object.assign({}, ...parts.map((p) => p.messages.fr)) as Record<string, string> },
  };
}
