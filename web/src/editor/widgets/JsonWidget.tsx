// A plugin's structured kind without a widget of its own (ACL entries…): its JSON form in an editable text area,
// checked as JSON before saving.
import { useEffect, useRef, useState } from 'react';
import { useT, type Translate } from '../../i18n/index.tsx';
import type { ClientProblem, WidgetProps } from './WidgetProps.ts';

/** Text being edited that is not JSON (yet): kept as typed, refused at save. */
export class InvalidJson {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {}
}

const format = (value: unknown) => (value instanceof InvalidJson ? value.text : value === undefined || value === '' ? '' : JSON.stringify(value, null, 2));

export function JsonWidget({ id, value, onChange, readOnly, required, invalid, describedBy }: WidgetProps) {
  const t = useT();
  const [text, setText] = useState(() => format(value));
  const emitted = useRef<unknown>(value);
  // A value set from outside (reload, conflict choice) replaces the text; one we emitted keeps the user's layout.
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(format(value));
    }
  }, [value]);
  const bad = value instanceof InvalidJson;
  const noteId = `${id}-json`;
  return (
    <div className="json-widget">
      <textarea
        id={id}
        className="input textarea code"
        rows={Math.min(16, Math.max(4, text.split('\n').length))}
        value={text}
        spellCheck={false}
        readOnly={readOnly}
        required={required}
        aria-invalid={invalid || bad || undefined}
        aria-describedby={[describedBy, noteId].filter(Boolean).join(' ')}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          let parsed: unknown;
          if (next.trim() === '') parsed = [];
          else {
            try {
              parsed = JSON.parse(next);
            } catch (err) {
              parsed = new InvalidJson(next, (err as Error).message);
            }
          }
          emitted.current = parsed;
          onChange(parsed);
        }}
      />
      <span id={noteId} className={bad ? 'field-error' : 'field-note'}>
        {bad ? t('editor.json.invalid', { reason: value.reason }) : t('editor.json.hint')}
      </span>
    </div>
  );
}

export function checkJson(value: unknown, t: Translate, label: string): ClientProblem[] {
  return value instanceof InvalidJson ? [{ code: 'value.json', message: t('errors.value.json', { label, reason: value.reason }) }] : [];
}
