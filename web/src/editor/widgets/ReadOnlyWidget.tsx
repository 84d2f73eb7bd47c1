// A value shown, never written (readOnly kind, derived attributes): one value in a read-only input, several as a list.
import { useT } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';

export function ReadOnlyWidget({ id, labelId, value, describedBy }: WidgetProps) {
  const t = useT();
  if (Array.isArray(value)) {
    return value.length ? (
      <ul id={id} tabIndex={0} className="list-items readonly" aria-labelledby={labelId} aria-describedby={describedBy}>
        {value.map((v, i) => (
          <li key={i} className="list-item">
            {typeof v === 'string' ? v : JSON.stringify(v)}
          </li>
        ))}
      </ul>
    ) : (
      <p id={id} tabIndex={-1} className="muted list-empty" aria-describedby={describedBy}>
        {t('editor.none')}
      </p>
    );
  }
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return <input id={id} className="input" readOnly value={text} placeholder={t('editor.none')} aria-describedby={describedBy} />;
}
