// The widget of each attribute kind, and of each custom codec a plugin brings; JSON text for the codecs without one.
import type { UiAttribute, UiAttributeKind } from '../../api/contract.ts';
import type { WidgetEntry } from './WidgetProps.ts';
import { TextInputWidget } from './TextInputWidget.tsx';
import { TextAreaWidget } from './TextAreaWidget.tsx';
import { IntegerWidget } from './IntegerWidget.tsx';
import { BooleanWidget } from './BooleanWidget.tsx';
import { SelectWidget } from './SelectWidget.tsx';
import { ListWidget } from './ListWidget.tsx';
import { DateWidget } from './DateWidget.tsx';
import { DateTimeWidget } from './DateTimeWidget.tsx';
import { DnWidget } from './DnWidget.tsx';
import { ImageWidget } from './ImageWidget.tsx';
import { BinaryWidget } from './BinaryWidget.tsx';
import { FilesWidget, displayFiles, filesToWire, isFilesUnchanged } from './FilesWidget.tsx';
import { ReadOnlyWidget } from './ReadOnlyWidget.tsx';
import { CompositeWidget, compositeParts, compositeToWire } from './CompositeWidget.tsx';
import { BaseWidget } from './BaseWidget.tsx';
import { PasswordWidget, checkPassword, displayPassword, isPasswordUnchanged, passwordToWire } from './PasswordWidget.tsx';
import { JsonWidget, checkJson } from './JsonWidget.tsx';
import { AclRoleWidget } from '../../acl/AclRoleWidget.tsx';
import { AclAssignmentsWidget } from '../../acl/AclAssignmentsWidget.tsx';
import { checkAssignments, displayAssignments } from '../../acl/assignments.ts';
import { displayRole, isRoleUnchanged, roleToWire } from '../../acl/roleTemplate.ts';

const text: WidgetEntry = { component: TextInputWidget };
const list: WidgetEntry = { component: ListWidget };
const dn: WidgetEntry = { component: DnWidget };
const password: WidgetEntry = { component: PasswordWidget, grouped: true, toWire: passwordToWire, isUnchanged: isPasswordUnchanged, check: checkPassword, display: displayPassword };

/** One widget per kind of the type descriptions (UiAttributeKind). */
export const widgets: Record<UiAttributeKind['kind'], WidgetEntry> = {
  string: text,
  mail: text,
  phone: text,
  url: text,
  text: { component: TextAreaWidget },
  postalAddress: { component: TextAreaWidget },
  integer: { component: IntegerWidget },
  boolean: { component: BooleanWidget },
  select: { component: SelectWidget },
  set: list,
  orderedList: list,
  date: { component: DateWidget },
  dateTime: { component: DateTimeWidget },
  dn,
  dns: dn,
  image: { component: ImageWidget },
  binary: { component: BinaryWidget },
  files: { component: FilesWidget, toWire: filesToWire, isUnchanged: isFilesUnchanged, display: displayFiles },
  readOnly: { component: ReadOnlyWidget },
  composite: {
    component: CompositeWidget,
    grouped: true,
    toWire: compositeToWire,
    isUnchanged: (value, initial) => JSON.stringify(compositeToWire(value)) === JSON.stringify(initial) || (compositeParts(value) !== null && compositeToWire(value) === '' && (initial === '' || initial === null || initial === undefined)),
  },
  base: { component: BaseWidget },
  password,
  custom: { component: JsonWidget, check: checkJson },
};

/** Widgets of plugins' custom kinds, by codec. */
export const customWidgets: Record<string, WidgetEntry> = {
  userPassword: password,
  aclTemplate: { component: AclRoleWidget, grouped: true, toWire: roleToWire, isUnchanged: isRoleUnchanged, check: checkJson, display: displayRole },
  aclEntry: { component: AclAssignmentsWidget, grouped: true, check: checkAssignments, display: displayAssignments },
};

/** The widget of an attribute. */
export function widgetFor(attribute: UiAttribute | UiAttributeKind): WidgetEntry {
  if (attribute.kind === 'custom') return customWidgets[attribute.codec] ?? widgets.custom;
  return widgets[attribute.kind];
}
