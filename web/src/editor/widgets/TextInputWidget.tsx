// One line of text: string (placeholder = example), mail, phone and url (their own input types).
import type { WidgetProps } from './WidgetProps.ts';

const INPUT_TYPES: Record<string, string> = { mail: 'email', phone: 'tel', url: 'url' };

export function TextInputWidget({ id, kind, attribute, value, onChange, readOnly, required, invalid, describedBy }: WidgetProps) {
  const example = (kind.kind === 'string' ? kind.example : undefined) ?? attribute.example;
  return (
    <input
      id={id}
      className="input"
      type={INPUT_TYPES[kind.kind] ?? 'text'}
      value={typeof value === 'string' || typeof value === 'number' ? String(value) : ''}
      onChange={(e) => onChange(e.target.value)}
      readOnly={readOnly}
      required={required}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      placeholder={example}
      autoComplete="off"
      spellCheck={kind.kind === 'string' ? undefined : false}
    />
  );
}
