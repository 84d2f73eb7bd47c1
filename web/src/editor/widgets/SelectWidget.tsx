// One of the choices; a select filled from objects (`objectTypes`) is an object picker instead, a long nomenclature
// (`choicesSearch`) a search as one types, and a choice among another field's values (`choicesFrom`) offers that
// field's current values.
import { useT } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';
import { ChoiceSearch, selectChoices } from './ChoiceSearch.tsx';
import { ObjectPicker } from './ObjectPicker.tsx';

export function SelectWidget({ id, label, kind, value, onChange, readOnly, required, invalid, describedBy, siblingValues }: WidgetProps) {
  const t = useT();
  if (kind.kind !== 'select') return null;
  const current = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  if (kind.objectTypes && kind.objectTypes.length > 0) {
    return (
      <ObjectPicker
        id={id}
        label={label}
        types={kind.objectTypes}
        values={current ? [current] : []}
        multi={false}
        onChange={(next) => onChange(next[0] ?? '')}
        readOnly={readOnly}
        required={required}
        invalid={invalid}
        describedBy={describedBy}
        {...(kind.choices.length > 0 ? { choices: kind.choices } : {})}
      />
    );
  }
  if (kind.choicesSearch) {
    return <ChoiceSearch id={id} label={label} search={kind.choicesSearch} value={current} onChange={onChange} readOnly={readOnly} required={required} invalid={invalid} describedBy={describedBy} />;
  }
  const offered = selectChoices(kind, siblingValues);
  const choices = offered.some((c) => c.value === current) || current === '' ? offered : [...offered, { value: current, label: current }];
  if (readOnly) {
    const shown = choices.find((c) => c.value === current)?.label ?? '';
    return <input id={id} className="input" readOnly value={shown} placeholder={t('editor.none')} aria-describedby={describedBy} />;
  }
  return (
    <select
      id={id}
      className="input select"
      value={current}
      onChange={(e) => onChange(e.target.value)}
      required={required}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      // Among another field's values: say which field to fill in while it has none.
      title={kind.choicesFrom && offered.length === 0 ? t('choices.fromValues.empty', { attribute: kind.choicesFrom.attribute }) : undefined}
    >
      {(!required || current === '') && <option value="">{required ? t('editor.choose') : t('editor.none')}</option>}
      {choices.map((c) => (
        <option key={c.value} value={c.value}>
          {c.label}
        </option>
      ))}
    </select>
  );
}
