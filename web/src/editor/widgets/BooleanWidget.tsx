// A checkbox; the JSON form is true or false.
import type { WidgetProps } from './WidgetProps.ts';

export function BooleanWidget({ id, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  return (
    <input
      id={id}
      className="checkbox"
      type="checkbox"
      checked={value === true}
      // A read-only checkbox cannot be changed but stays focusable and announced.
      aria-readonly={readOnly || undefined}
      onChange={(e) => {
        if (!readOnly) onChange(e.target.checked);
      }}
      onClick={(e) => {
        if (readOnly) e.preventDefault();
      }}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
    />
  );
}
