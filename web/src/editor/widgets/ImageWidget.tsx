// An image (jpegPhoto): preview from base64, upload a file (sent as base64; the server resizes it), remove.
import { useRef } from 'react';
import { useT } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';
import { fileToBase64, imageMime } from './fileToBase64.ts';

export function ImageWidget({ id, label, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const t = useT();
  const fileRef = useRef<HTMLInputElement>(null);
  const data = typeof value === 'string' ? value : '';
  return (
    <div className="image-widget">
      {data ? (
        <img className="image-preview" src={`data:${imageMime(data)};base64,${data}`} alt={t('editor.image.alt', { label })} />
      ) : (
        <div className="image-placeholder" role="img" aria-label={t('editor.image.none', { label })}>
          <svg viewBox="0 0 64 64" width="56" height="56" aria-hidden="true" focusable="false">
            <circle cx="32" cy="24" r="12" fill="currentColor" opacity="0.55" />
            <path d="M10 60c2-13 11-20 22-20s20 7 22 20z" fill="currentColor" opacity="0.55" />
          </svg>
        </div>
      )}
      {!readOnly && (
        <div className="image-actions">
          <input
            ref={fileRef}
            id={id}
            className="file-input"
            type="file"
            accept="image/*"
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
              {t('editor.image.remove', { label })}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
