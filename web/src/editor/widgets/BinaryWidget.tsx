// Binary data: download what is stored, upload a file (base64 in JSON), remove.
import { useRef } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';
import { base64Size, fileToBase64 } from './fileToBase64.ts';

export function BinaryWidget({ id, label, attribute, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const { t, lang } = useI18n();
  const fileRef = useRef<HTMLInputElement>(null);
  const data = typeof value === 'string' ? value : '';
  const size = base64Size(data);
  return (
    <div className="binary-widget">
      {data ? (
        <a className="button" href={`data:application/octet-stream;base64,${data}`} download={`${attribute.name}.bin`}>
          {t('editor.binary.download', { label, size: new Intl.NumberFormat(lang).format(size) })}
        </a>
      ) : (
        <span className="muted">{t('editor.binary.empty')}</span>
      )}
      {!readOnly && (
        <>
          <input
            ref={fileRef}
            id={id}
            className="file-input"
            type="file"
            aria-invalid={invalid || undefined}
            aria-describedby={describedBy}
            onChange={async (e) => {
              const file = e.target.files?.[0];
              if (file) onChange(await fileToBase64(file));
              e.target.value = '';
            }}
          />
          {data && (
            <button
              type="button"
              className="button"
              onClick={() => {
                onChange('');
                fileRef.current?.focus();
              }}
            >
              {t('editor.binary.remove', { label })}
            </button>
          )}
        </>
      )}
    </div>
  );
}
