// SupAnn: the user tab "SupAnn status" (`supannAccountStatus`, fd-plugins.md §3.4): resource states and their dates,
// their projection, and the `{COMPTE}` state's effect on the password lock.
import type { SaveContext, TabDecl } from '../../model/declarations.ts';
import { ValueError } from '../../model/kinds/index.ts';
import type { PluginPart } from './PluginPart.ts';
import {
  BUILT_IN_RESOURCES,
  DEFAULT_SUBSTATES_CONFIG,
  RESOURCE_STATE_READ,
  RESOURCE_STATE_WRITE,
  importResourceState,
  normalizeResourceState,
  parseResourceState,
  projectResourceState,
  subStatesOf,
} from './status/resourceStates.ts';
import { statusMessages } from './status/statusMessages.ts';
import { applyAccountLock } from './status/supannLock.ts';

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sorted = [...b].sort();
  return a.length === b.length && [...a].sort().every((v, i) => v === sorted[i]);
}

/** Lines with dates written `YYYYMMDD`, and their projection. */
function prepareStatus(context: SaveContext): Promise<Record<string, unknown>> {
  const lines = stringList(context.values.supannRessourceEtatDate).map((value) => {
    const { value: normalized, badDate } = normalizeResourceState(value);
    if (badDate !== undefined) throw new ValueError(`"${badDate}" is not a date in "${value}"; write dates YYYYMMDD.`, 'supannRessourceEtatDate');
    return normalized;
  });
  const projected = [...new Set(lines.map(parseResourceState).filter((l) => l !== undefined).map(projectResourceState))];
  return Promise.resolve({ supannRessourceEtatDate: lines, supannRessourceEtat: projected });
}

/** One line per resource; a substate among those configured for the line's state (lines kept from the entry excepted). */
function checkStatus(context: SaveContext): Array<{ attribute: string; code: string; message: string }> {
  const problems: Array<{ attribute: string; code: string; message: string }> = [];
  const stored = new Set(stringList(context.stored.supannRessourceEtatDate));
  const seen = new Set<string>();
  for (const value of stringList(context.values.supannRessourceEtatDate)) {
    const line = parseResourceState(value);
    if (!line) continue;
    if (seen.has(line.resource)) {
      problems.push({ attribute: 'supannRessourceEtatDate', code: 'value.duplicate', message: `The resource "${line.resource}" has several states; give one line per resource.` });
    }
    seen.add(line.resource);
    if (line.substate && !stored.has(value) && !subStatesOf(line.state, context.configList('fdSupannRessourceSubStates')).includes(line.substate)) {
      problems.push({ attribute: 'supannRessourceEtatDate', code: 'value.choice', message: `"${line.substate}" is not a substate of the state "${line.state}" (${subStatesOf(line.state, context.configList('fdSupannRessourceSubStates')).join(', ') || 'none configured'}).` });
    }
    if (line.start && line.end && line.start > line.end) {
      problems.push({ attribute: 'supannRessourceEtatDate', code: 'value.range', message: `The state of "${line.resource}" ends before it starts.` });
    }
  }
  return problems;
}

/**
 * After a save: the lines an entry held only as supannRessourceEtat (converted at open) are written, and the
 * `{COMPTE}` state locks or unlocks the password.
 */
async function afterStatusSave(context: SaveContext & { dn: string }): Promise<void> {
  const lines = stringList(context.values.supannRessourceEtatDate);
  const projected = stringList(context.values.supannRessourceEtat);
  const entry = await context.readEntry(context.dn, ['supannRessourceEtatDate', 'supannRessourceEtat']);
  if (entry && (!sameSet(entry.get('supannRessourceEtatDate'), lines) || !sameSet(entry.get('supannRessourceEtat'), projected))) {
    await context.modifyEntry(context.dn, [
      { operation: 'replace', attribute: 'supannRessourceEtatDate', values: lines },
      { operation: 'replace', attribute: 'supannRessourceEtat', values: projected },
    ]);
  }
  await applyAccountLock(context, lines);
}

export const supannAccountStatusTab: TabDecl = {
  id: 'supannAccountStatus',
  label: 'supann.status.tab',
  description: 'supann.status.tab.description',
  objectTypes: ['user'],
  // No objectClass of its own: supannPerson's attributes, on users with the SupAnn tab (FusionDirectory's plDepends).
  objectClasses: [],
  // Also entries written by other tools with only supannRessourceEtat: they open with their states imported.
  activeFilter: '(|(supannRessourceEtatDate=*)(supannRessourceEtat=*))',
  dependsOn: ['supannAccount'],
  priority: 15,
  selfModify: true,
  behaviour: {
    afterOpen: (values) => {
      const lines = stringList(values.supannRessourceEtatDate);
      const states = stringList(values.supannRessourceEtat);
      return lines.length === 0 && states.length > 0 ? { supannRessourceEtatDate: states.map(importResourceState) } : {};
    },
    prepareSave: prepareStatus,
    check: checkStatus,
    afterSave: afterStatusSave,
  },
  sections: [
    {
      key: 'status',
      label: 'supann.status.section',
      attributes: [
        {
          name: 'supannRessourceEtatDate',
          label: 'supann.status.supannRessourceEtatDate',
          description: 'supann.status.supannRessourceEtatDate.description',
          kind: 'set',
          required: true,
          of: {
            kind: 'composite',
            read: RESOURCE_STATE_READ,
            write: RESOURCE_STATE_WRITE,
            parts: [
              {
                name: 'resource',
                label: 'supann.status.resource',
                spec: { kind: 'select', choicesFromConfig: { key: 'fdSupannRessourceLabels', separator: ':', builtIn: BUILT_IN_RESOURCES.map((r) => ({ value: r, label: `supann.status.resource.${r}` })) } },
              },
              {
                name: 'state',
                label: 'supann.status.state',
                spec: { kind: 'select', choices: [{ value: 'A', label: 'supann.status.state.A' }, { value: 'I', label: 'supann.status.state.I' }, { value: 'S', label: 'supann.status.state.S' }] },
              },
              // All configured substates; the tab's check keeps each line to those of its state.
              { name: 'substate', label: 'supann.status.substate', optional: true, spec: { kind: 'select', choicesFromConfig: { key: 'fdSupannRessourceSubStates', separator: ':', valueField: 2, default: DEFAULT_SUBSTATES_CONFIG } } },
              { name: 'start', label: 'supann.status.start', optional: true, spec: { kind: 'date', encoding: 'ymd' } },
              { name: 'end', label: 'supann.status.end', optional: true, spec: { kind: 'date', encoding: 'ymd' } },
            ],
          },
        },
        // `{RES}STATE[:SUB]` of each line, recomputed at each save.
        { name: 'supannRessourceEtat', label: 'supann.status.supannRessourceEtat', kind: 'set', of: { kind: 'string' }, hidden: true, derived: true },
      ],
    },
  ],
};

export const statusPart: PluginPart = { tabs: [supannAccountStatusTab], messages: statusMessages };
