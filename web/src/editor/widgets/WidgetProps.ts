// What every attribute widget receives, and how the editor registers one per attribute kind.
import type { ComponentType } from 'react';
import type { UiAttribute, UiAttributeKind } from '../../api/contract.ts';
import type { Translate } from '../../i18n/index.tsx';

export interface WidgetProps {
  /** `field-<tab>-<attribute>`: the id of the main input, which the field's <label for> names. */
  id: string;
  /** The id of the field's label, for widgets that group several inputs (aria-labelledby). */
  labelId: string;
  /** The attribute's translated label (names of secondary inputs and buttons). */
  label: string;
  attribute: UiAttribute;
  /** The kind to render: the attribute's own, or the item kind inside a list. */
  kind: UiAttributeKind;
  value: unknown;
  onChange(value: unknown): void;
  readOnly: boolean;
  required: boolean;
  invalid: boolean;
  /** Ids of the hint and error texts (aria-describedby). */
  describedBy: string | undefined;
  /** The object is being created (immutable attributes are still writable). */
  isNew: boolean;
  /** The draft values of the tab's attributes, by name: choices among another field's values (`choicesFrom`). */
  siblingValues?: Record<string, unknown>;
}

/** A client-side problem found before saving (a password confirmation that differs, JSON that does not parse). */
export interface ClientProblem {
  code: string;
  message: string;
}

export interface WidgetEntry {
  component: ComponentType<WidgetProps>;
  /** The JSON form to send for a draft value (default: the value itself). */
  toWire?(value: unknown): unknown;
  /** Problems the browser can tell before saving. */
  check?(value: unknown, t: Translate, label: string): ClientProblem[];
  /** Whether the draft value means "nothing to send" although it differs from the loaded one (an untouched password). */
  isUnchanged?(value: unknown, initial: unknown): boolean;
  /** The widget draws its own group (fieldset/legend) instead of a <label for>. */
  grouped?: boolean;
  /** Shown as text in comparisons (conflict dialog) instead of the raw value. */
  display?(value: unknown, t: Translate): string;
}
