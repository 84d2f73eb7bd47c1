// A wall-clock date and time (task schedules); the JSON form is `YYYY-MM-DDThh:mm:ss`, or "" when empty.
import type { WidgetProps } from './WidgetProps.ts';

export function DateTimeWidget({ id, value, onChange, readOnly, required, invalid, describedBy }: WidgetProps) {
  return (
    <input
      id={id}
      className="input input-datetime"
      type="datetime-local"
      step={60}
      value={typeof value === 'string' ? value.slice(0, 16) : ''}
      onChange={(e) => onChange(e.target.value === '' ? '' : `${e.target.value.slice(0, 16)}:00`)}
      readOnly={readOnly}
      required={required}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
    />
  );
}
