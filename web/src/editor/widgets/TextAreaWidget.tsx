// Several lines of text: text and postalAddress (lines joined by `$` in LDAP; `\n` in JSON).
import type { WidgetProps } from './WidgetProps.ts';

export function TextAreaWidget({ id, attribute, value, onChange, readOnly, required, invalid, describedBy }: WidgetProps) {
  const text = typeof value === 'string' ? value : '';
  return (
    <textarea
      id={id}
      className="input textarea"
      rows={Math.min(8, Math.max(attribute.kind === 'postalAddress' ? 3 : 2, text.split('\n').length))}
      value={text}
      onChange={(e) => onChange(e.target.value.replace(/\r\n?/g, '\n'))}
      readOnly={readOnly}
      required={required}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      placeholder={attribute.example}
    />
  );
}
