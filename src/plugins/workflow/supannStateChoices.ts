// The SupAnn resource/state/sub-state pickers of life-cycle, reminder and notification tasks: the same choices as the
// SupAnn status tab (resources from fdSupannRessourceLabels plus COMPTE and MAIL, states A/I/S, configured sub-states).
import type { AttributeDecl } from '../../model/declarations.ts';
import { BUILT_IN_RESOURCES, DEFAULT_SUBSTATES_CONFIG } from '../supann/status/resourceStates.ts';

export function resourceAttribute(name: string, label: string, options: { required?: boolean; none?: boolean } = {}): AttributeDecl {
  return {
    name,
    label,
    kind: 'select',
    choicesFromConfig: {
      key: 'fdSupannRessourceLabels',
      separator: ':',
      builtIn: [...(options.none ? [{ value: 'NONE', label: 'workflow.resource.NONE' }] : []), ...BUILT_IN_RESOURCES.map((r) => ({ value: r, label: `supann.status.resource.${r}` }))],
    },
    ...(options.required ? { required: true } : {}),
    ...(options.none ? { default: 'NONE' } : {}),
  };
}

export function stateAttribute(name: string, label: string, required = false): AttributeDecl {
  return { name, label, kind: 'select', choices: [{ value: 'A', label: 'supann.status.state.A' }, { value: 'I', label: 'supann.status.state.I' }, { value: 'S', label: 'supann.status.state.S' }], ...(required ? { required: true } : {}) };
}

export function subStateAttribute(name: string, label: string): AttributeDecl {
  return { name, label, kind: 'select', choicesFromConfig: { key: 'fdSupannRessourceSubStates', separator: ':', valueField: 2, default: DEFAULT_SUBSTATES_CONFIG } };
}
