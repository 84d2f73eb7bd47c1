// A whole number with its bounds and unit; the JSON form is a number, or "" when empty.
import { useT } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';

export function IntegerWidget({ id, kind, attribute, value, onChange, readOnly, required, invalid, describedBy }: WidgetProps) {
  const t = useT();
  const spec = kind.kind === 'integer' ? kind : undefined;
  const unitId = `${id}-unit`;
  return (
    <span className="input-with-unit">
      <input
        id={id}
        className="input input-number"
        type="number"
        inputMode="numeric"
        step={1}
        min={spec?.min}
        max={spec?.max}
        value={typeof value === 'number' || typeof value === 'string' ? String(value) : ''}
        onChange={(e) => {
          const text = e.target.value;
          onChange(text === '' ? '' : /^-?\d+$/.test(text) ? Number(text) : text);
        }}
        readOnly={readOnly}
        required={required}
        aria-invalid={invalid || undefined}
        aria-describedby={[describedBy, spec?.unit ? unitId : undefined].filter(Boolean).join(' ') || undefined}
        placeholder={attribute.example}
      />
      {spec?.unit && (
        <span id={unitId} className="unit">
          {t(`editor.unit.${spec.unit}`)}
        </span>
      )}
    </span>
  );
}
