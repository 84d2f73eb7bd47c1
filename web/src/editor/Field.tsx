// One attribute of a form: its label (required marked), the widget of its kind, its description as a hint, and
// its problems under it (aria-invalid, aria-describedby).
import type { UiAttribute } from '../api/contract.ts';
import { useT } from '../i18n/index.tsx';
import { widgetFor } from './widgets/registry.ts';

export function fieldId(tab: string, attribute: string): string {
  return `field-${tab}-${attribute}`;
}

export interface FieldProps {
  tab: string;
  attribute: UiAttribute;
  value: unknown;
  onChange(value: unknown): void;
  readOnly: boolean;
  isNew: boolean;
  /** Translated problem texts of this field. */
  errors: string[];
  /** The draft values of the tab (for choices among another field's values). */
  tabValues?: Record<string, unknown>;
}

export function Field({ tab, attribute, value, onChange, readOnly, isNew, errors, tabValues }: FieldProps) {
  const t = useT();
  const entry = widgetFor(attribute);
  const Widget = entry.component;
  const id = fieldId(tab, attribute.name);
  const labelId = `${id}-label`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = errors.length > 0;
  const required = attribute.required && !readOnly;
  const describedBy = [invalid ? errorId : undefined, attribute.description ? hintId : undefined].filter(Boolean).join(' ') || undefined;
  // The star sits outside the label so the label's text (and the input's name) is the attribute's label alone;
  // the input carries `required`, which is announced.
  const star = required ? (
    <span className="required-mark" aria-hidden="true" title={t('editor.required')}>
      *
    </span>
  ) : null;
  const widget = (
    <Widget
      id={id}
      labelId={labelId}
      label={attribute.label}
      attribute={attribute}
      kind={attribute}
      value={value}
      onChange={onChange}
      readOnly={readOnly}
      required={required}
      invalid={invalid}
      describedBy={describedBy}
      isNew={isNew}
      {...(tabValues ? { siblingValues: tabValues } : {})}
    />
  );
  const after = (
    <>
      {attribute.description && (
        <p id={hintId} className="field-hint">
          {attribute.description}
        </p>
      )}
      {invalid && (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </>
  );
  const className = `field field-${attribute.kind}${invalid ? ' invalid' : ''}${readOnly ? ' readonly' : ''}`;
  if (entry.grouped) {
    return (
      <fieldset className={`${className} field-group`} data-field={`${tab}/${attribute.name}`} aria-describedby={describedBy}>
        <legend id={labelId} className="field-label">
          {attribute.label}
          {star}
        </legend>
        <div className="field-control">
          {widget}
          {after}
        </div>
      </fieldset>
    );
  }
  return (
    <div className={className} data-field={`${tab}/${attribute.name}`}>
      <div className="field-label">
        <label id={labelId} htmlFor={id}>
          {attribute.label}
        </label>
        {star}
      </div>
      <div className="field-control">
        {widget}
        {after}
      </div>
    </div>
  );
}
