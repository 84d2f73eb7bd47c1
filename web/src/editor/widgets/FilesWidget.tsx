// Named files kept with an object (kind `files`: mail-template attachments): the list with each file's name and size,
// a download link and a remove button, and a file input to add more. The JSON form is `[{ name, content: base64 }]`.
import { useId, useRef } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';
import { base64Size, fileToBase64 } from './fileToBase64.ts';
import './filesWidget.css';

/** One file of the value, as the server sends it (`size` is informative) and as the widget sends it back. */
export interface NamedFile {
  name: string;
  content: string;
  size?: number;
}

/** The files of a draft value (anything else reads as none). */
export function filesOf(value: unknown): NamedFile[] {
  if (!Array.isArray(value)) return [];
  return value.filter((f): f is NamedFile => f !== null && typeof f === 'object' && typeof (f as NamedFile).name === 'string' && typeof (f as NamedFile).content === 'string');
}

/** What is sent: names and contents only. */
export function filesToWire(value: unknown): unknown {
  return filesOf(value).map((f) => ({ name: f.name, content: f.content }));
}

/** Unchanged when the same names have the same contents, in the same order. */
export function isFilesUnchanged(value: unknown, initial: unknown): boolean {
  return JSON.stringify(filesToWire(value)) === JSON.stringify(filesToWire(initial));
}

/** Shown in comparisons: the names. */
export function displayFiles(value: unknown): string {
  return filesOf(value).map((f) => f.name).join(', ');
}

export function FilesWidget({ id, label, value, onChange, readOnly, invalid, describedBy }: WidgetProps) {
  const { t, lang } = useI18n();
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const files = filesOf(value);
  const number = new Intl.NumberFormat(lang);
  const add = async (chosen: FileList | null) => {
    if (!chosen || chosen.length === 0) return;
    const added: NamedFile[] = [];
    for (const file of Array.from(chosen)) added.push({ name: file.name, content: await fileToBase64(file), size: file.size });
    // A file of the same name replaces the one there (names are the entries' RDNs: unique).
    const names = new Set(added.map((f) => f.name));
    onChange([...files.filter((f) => !names.has(f.name)), ...added]);
  };
  return (
    <div className="files-widget">
      {files.length === 0 ? (
        <p className="muted" id={listId}>
          {t('files.none')}
        </p>
      ) : (
        <ul className="files-list" id={listId} aria-label={label}>
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`} className="files-item">
              <a href={`data:application/octet-stream;base64,${f.content}`} download={f.name} className="files-name">
                {f.name}
              </a>
              <span className="muted files-size">{t('files.size', { size: number.format(f.size ?? base64Size(f.content)) })}</span>
              {!readOnly && (
                <button
                  type="button"
                  className="button small"
                  onClick={() => {
                    onChange(files.filter((_, j) => j !== i));
                    inputRef.current?.focus();
                  }}
                >
                  {t('files.remove', { name: f.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {!readOnly && (
        <input
          ref={inputRef}
          id={id}
          className="file-input"
          type="file"
          multiple
          aria-invalid={invalid || undefined}
          aria-describedby={[describedBy, listId].filter(Boolean).join(' ') || undefined}
          onChange={async (e) => {
            const input = e.target;
            await add(input.files);
            input.value = '';
          }}
        />
      )}
    </div>
  );
}
