// dn (one object) and dns (several objects): an object picker over the attribute's types.
import type { WidgetProps } from './WidgetProps.ts';
import { ObjectPicker } from './ObjectPicker.tsx';

export function DnWidget({ id, label, kind, value, onChange, readOnly, required, invalid, describedBy }: WidgetProps) {
  const multi = kind.kind === 'dns';
  const types = kind.kind === 'dn' || kind.kind === 'dns' ? kind.types : [];
  const values = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' && value !== '' ? [value] : [];
  return (
    <ObjectPicker
      id={id}
      label={label}
      types={types}
      values={values}
      multi={multi}
      onChange={(next) => onChange(multi ? next : (next[0] ?? ''))}
      readOnly={readOnly}
      required={required}
      invalid={invalid}
      describedBy={describedBy}
    />
  );
}
