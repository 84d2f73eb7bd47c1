// A date; the JSON form is `YYYY-MM-DD`, or "" when empty.
import type { WidgetProps } from './WidgetProps.ts';

export function DateWidget({ id, value, onChange, readOnly, required, invalid, describedBy }: WidgetProps) {
  return (
    <input
      id={id}
      className="input input-date"
      type="date"
      value={typeof value === 'string' ? value.slice(0, 10) : ''}
      onChange={(e) => onChange(e.target.value)}
      readOnly={readOnly}
      required={required}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
    />
  );
}
