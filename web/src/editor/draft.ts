// The editor's working copy of an object (activation and values per tab), what changed, and the save request built from it.
import type { ObjectTabView, ObjectView, SaveRequest, TabChange, TypeDescription, UiAttribute, UiProblem, UiTab } from '../api/contract.ts';
import type { Translate } from '../i18n/index.tsx';
import { widgetFor } from './widgets/registry.ts';

export interface Draft {
  active: Record<string, boolean>;
  values: Record<string, Record<string, unknown>>;
}

export function draftOf(view: ObjectView): Draft {
  return {
    active: Object.fromEntries(view.tabs.map((t) => [t.id, t.active])),
    values: Object.fromEntries(view.tabs.map((t) => [t.id, { ...t.values }])),
  };
}

/** How an attribute is shown: not at all (hidden, or not even readable), read-only, or editable. */
export type FieldAccess = 'none' | 'read' | 'write';

export function fieldAccess(attribute: UiAttribute, tab: ObjectTabView, view: ObjectView): FieldAccess {
  const right = tab.rights[attribute.name];
  if (attribute.hidden || !right) return 'none';
  const isNew = view.dn === null;
  if (right !== 'rw' || attribute.derived || attribute.kind === 'readOnly') return 'read';
  if (attribute.immutable && !isNew) return 'read';
  if (attribute.kind === 'base' && !isNew && !view.canMove) return 'read';
  return 'write';
}

const isEmptyValue = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** Equal JSON values, every form of "empty" being equal. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (isEmptyValue(a) && isEmptyValue(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function attributesOf(tab: UiTab): UiAttribute[] {
  return tab.sections.flatMap((s) => s.attributes);
}

/** Whether an attribute's draft differs from the loaded value in a way worth sending. */
export function isChanged(attribute: UiAttribute, value: unknown, initial: unknown): boolean {
  const entry = widgetFor(attribute);
  if (entry.isUnchanged) return !entry.isUnchanged(value, initial);
  return !sameValue(value, initial);
}

export interface ChangedField {
  tab: UiTab;
  attribute: UiAttribute;
}

/** The writable attributes whose draft differs from the view, tab by tab (active tabs only). */
export function changedFields(description: TypeDescription, view: ObjectView, draft: Draft): ChangedField[] {
  const out: ChangedField[] = [];
  for (const tabView of view.tabs) {
    const tab = description.tabs.find((t) => t.id === tabView.id);
    if (!tab || !draft.active[tab.id]) continue;
    for (const attribute of attributesOf(tab)) {
      if (fieldAccess(attribute, tabView, view) !== 'write') continue;
      if (isChanged(attribute, draft.values[tab.id]?.[attribute.name], tabView.values[attribute.name])) out.push({ tab, attribute });
    }
  }
  return out;
}

/** Tabs switched on or off in the draft. */
export function toggledTabs(view: ObjectView, draft: Draft): string[] {
  return view.tabs.filter((t) => (draft.active[t.id] ?? t.active) !== t.active).map((t) => t.id);
}

export function isDirty(description: TypeDescription, view: ObjectView, draft: Draft): boolean {
  return toggledTabs(view, draft).length > 0 || changedFields(description, view, draft).length > 0;
}

function wire(attribute: UiAttribute, value: unknown): unknown {
  const entry = widgetFor(attribute);
  return entry.toWire ? entry.toWire(value) : value;
}

export interface SaveOptions {
  /** Create from this template: only the changed and asked values are sent, the template gives the rest. */
  template?: string;
  asTemplate?: boolean;
  /** The department of a new object when the form has no base field. */
  base?: string;
  /** Template creation: tab → attributes the user was asked for (always sent). */
  asked?: Record<string, string[]>;
  /** A copy of this object: the server copies its values, only the changes (and tabs switched off) are sent. */
  copyOf?: string;
}

/**
 * The SaveRequest of a draft: for an existing object, each tab whose activation or values changed, with its
 * activation and changed values (all its values when it is switched on); for a new object, every active tab.
 */
export function buildSaveRequest(description: TypeDescription, view: ObjectView, draft: Draft, options: SaveOptions = {}): SaveRequest {
  const isNew = view.dn === null;
  const tabs: Record<string, TabChange> = {};
  let base: string | undefined;
  for (const tabView of view.tabs) {
    const tab = description.tabs.find((t) => t.id === tabView.id);
    if (!tab) continue;
    const active = draft.active[tab.id] ?? tabView.active;
    const switched = active !== tabView.active;
    const values: Record<string, unknown> = {};
    if (active) {
      for (const attribute of attributesOf(tab)) {
        if (fieldAccess(attribute, tabView, view) !== 'write') continue;
        const value = draft.values[tab.id]?.[attribute.name];
        const initial = tabView.values[attribute.name];
        const changed = isChanged(attribute, value, initial);
        const asked = options.asked?.[tab.id]?.includes(attribute.name) ?? false;
        if (isNew && attribute.kind === 'base') {
          base = typeof value === 'string' && value !== '' ? value : undefined;
          // The request's `base` places a new object; a template takes it as one of its answers when it asks for it.
          if (asked) values[attribute.name] = value;
          continue;
        }
        // Switching a tab on, or a new object without template, sends every value given (defaults included).
        const everything = (switched || (isNew && !options.template && !options.copyOf)) && !isEmptyValue(value) && (!widgetFor(attribute).isUnchanged || changed);
        if (changed || asked || everything) values[attribute.name] = wire(attribute, value);
      }
    }
    if (isNew) {
      if (active) tabs[tab.id] = { active: true, values };
      // A copied tab the user switched off.
      else if (options.copyOf && tabView.active) tabs[tab.id] = { active: false };
    } else if (switched) {
      tabs[tab.id] = active ? { active: true, values } : { active: false };
    } else if (active && Object.keys(values).length > 0) {
      tabs[tab.id] = { active: true, values };
    }
  }
  const request: SaveRequest = { tabs };
  if (!isNew && view.etag !== null) request.etag = view.etag;
  if (isNew) {
    const department = base ?? options.base ?? view.base;
    if (department) request.base = department;
    if (options.template) request.template = options.template;
    if (options.copyOf) request.copyOf = options.copyOf;
    if (options.asTemplate) request.asTemplate = true;
  }
  return request;
}

/**
 * Problems the browser finds before sending (confirmations, JSON syntax), in the server's problem shape. With
 * `only` (the fields a template asks), just those fields are checked, required ones included: the server would
 * otherwise report what the template derives from them.
 */
export function clientProblems(description: TypeDescription, view: ObjectView, draft: Draft, t: Translate, only?: (tab: string, attribute: string) => boolean): UiProblem[] {
  const problems: UiProblem[] = [];
  for (const tabView of view.tabs) {
    const tab = description.tabs.find((x) => x.id === tabView.id);
    if (!tab || !draft.active[tab.id]) continue;
    for (const attribute of attributesOf(tab)) {
      if (only && !only(tab.id, attribute.name)) continue;
      const value = draft.values[tab.id]?.[attribute.name];
      if (only && attribute.required && isEmptyValue(widgetFor(attribute).toWire?.(value) ?? value)) {
        problems.push({ code: 'value.required', message: t('errors.value.required', { label: attribute.label }), tab: tab.id, attribute: attribute.name });
        continue;
      }
      const check = widgetFor(attribute).check;
      if (!check || fieldAccess(attribute, tabView, view) !== 'write') continue;
      for (const p of check(value, t, attribute.label)) problems.push({ ...p, tab: tab.id, attribute: attribute.name });
    }
  }
  return problems;
}

/** The problems of a failed save: `details` of a `value.invalid` error, or the error itself. */
export function problemsOf(error: { code: string; message: string; tab?: string; attribute?: string; details?: unknown }): UiProblem[] {
  if (Array.isArray(error.details)) {
    const list = error.details.filter((d): d is UiProblem => !!d && typeof d === 'object' && typeof (d as UiProblem).message === 'string' && typeof (d as UiProblem).tab === 'string');
    if (list.length > 0) return list;
  }
  if (error.tab) return [{ code: error.code, message: error.message, tab: error.tab, ...(error.attribute ? { attribute: error.attribute } : {}) }];
  return [];
}
