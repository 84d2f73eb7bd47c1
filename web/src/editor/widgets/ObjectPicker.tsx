// Search-as-you-type over GET /pick: chosen objects as removable chips (name shown, DN on hover), a combobox to add.
import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { PickAnswer, UiChoice } from '../../api/contract.ts';
import { useT } from '../../i18n/index.tsx';
import { nameOf, rememberName } from './dnNames.ts';

export interface ObjectPickerProps {
  id: string;
  label: string;
  types: string[];
  values: string[];
  multi: boolean;
  onChange(values: string[]): void;
  readOnly: boolean;
  required: boolean;
  invalid: boolean;
  describedBy: string | undefined;
  /**
   * The objects to choose from when the description lists them (a select filled from objects, whose stored value
   * may be another attribute than the DN): searched here rather than on the server.
   */
  choices?: UiChoice[];
}

/** Debounce a value (search text) so the server is asked once the user pauses. */
function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function ObjectPicker({ id, label, types, values, multi, onChange, readOnly, required, invalid, describedBy, choices }: ObjectPickerProps) {
  const t = useT();
  const listId = useId();
  const statusId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced(text.trim(), 200);
  const search = useQuery({
    queryKey: ['pick', types.join(','), q],
    queryFn: ({ signal }) => api<PickAnswer>('/pick', { query: { types: types.join(','), q, limit: '20' }, signal }),
    enabled: open && !readOnly && !choices,
    staleTime: 30_000,
  });
  const chosen = new Set(values.map((v) => v.toLowerCase()));
  const needle = text.trim().toLowerCase();
  const found = choices
    ? choices.filter((c) => !needle || c.label.toLowerCase().includes(needle) || c.value.toLowerCase().includes(needle)).slice(0, 50).map((c) => ({ dn: c.value, type: '', name: c.label }))
    : (search.data?.items ?? []);
  const items: PickAnswer['items'] = found.filter((item) => !chosen.has(item.dn.toLowerCase()));
  useEffect(() => {
    for (const item of search.data?.items ?? []) rememberName(item.dn, item.name);
  }, [search.data]);

  const display = (dn: string) => choices?.find((c) => c.value === dn)?.label ?? nameOf(dn);

  const pick = (index: number) => {
    const item = items[index];
    if (!item) return;
    rememberName(item.dn, item.name);
    onChange(multi ? [...values, item.dn] : [item.dn]);
    setText('');
    setActive(-1);
    if (!multi) setOpen(false);
    inputRef.current?.focus();
  };

  const remove = (dn: string) => {
    onChange(values.filter((v) => v !== dn));
    inputRef.current?.focus();
  };

  const status = !open ? '' : search.isFetching && !choices ? t('editor.picker.searching') : search.isError ? t('editor.picker.failed') : items.length === 0 ? t('editor.picker.none') : t('editor.picker.count', { count: items.length });

  const chipList = values.length > 0 && (
    // A long read-only list scrolls: it takes the focus so the keyboard can scroll it.
    <ul className="chips" aria-label={t('editor.picker.chosen', { label })} tabIndex={readOnly && multi ? 0 : undefined}>
      {values.map((dn) => (
        <li key={dn} className="chip" title={dn}>
          <span className="chip-name">{display(dn)}</span>
          <span className="visually-hidden"> ({dn})</span>
          {!readOnly && (
            <button type="button" className="chip-remove" aria-label={t('editor.picker.remove', { name: display(dn) })} onClick={() => remove(dn)}>
              <span aria-hidden="true">×</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );

  return (
    <div className={`picker${multi ? ' multi' : ''}`}>
      {/* Several values: the search comes first and the (possibly long) list scrolls below it. */}
      {!multi && chipList}
      {readOnly ? (
        values.length === 0 && (
          <input id={id} className="input" readOnly value="" placeholder={t('editor.none')} aria-describedby={describedBy} />
        )
      ) : (
        <div className="combobox">
          <input
            ref={inputRef}
            id={id}
            className="input"
            type="text"
            role="combobox"
            autoComplete="off"
            aria-autocomplete="list"
            aria-expanded={open}
            aria-controls={listId}
            aria-activedescendant={open && active >= 0 && items[active] ? `${listId}-${active}` : undefined}
            aria-required={required && values.length === 0 ? true : undefined}
            aria-invalid={invalid || undefined}
            aria-describedby={[describedBy, statusId].filter(Boolean).join(' ')}
            placeholder={multi ? t('editor.picker.placeholderMulti') : values.length ? t('editor.picker.placeholderReplace') : t('editor.picker.placeholder')}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setOpen(true);
              setActive(-1);
            }}
            onFocus={() => setActive(-1)}
            onBlur={() => setOpen(false)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                if (!open) setOpen(true);
                else setActive((a) => Math.min(items.length - 1, a + 1));
              } else if (e.key === 'ArrowUp') {
                e.preventDefault();
                setActive((a) => Math.max(0, a - 1));
              } else if (e.key === 'Enter') {
                // Enter picks; it never submits the editor's form from here.
                e.preventDefault();
                if (open && active >= 0) pick(active);
                else if (open && items.length === 1) pick(0);
                else setOpen(true);
              } else if (e.key === 'Escape' && open) {
                e.preventDefault();
                e.stopPropagation();
                setOpen(false);
              }
            }}
          />
          <ul id={listId} role="listbox" className="listbox" aria-label={t('editor.picker.results', { label })} hidden={!open || items.length === 0}>
            {items.map((item, i) => (
              <li
                key={item.dn}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'option active' : 'option'}
                title={item.dn}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(i)}
              >
                <span className="option-name">{item.name}</span>
                <span className="option-detail">{item.description ?? item.dn}</span>
              </li>
            ))}
          </ul>
          <span id={statusId} className="visually-hidden" aria-live="polite">
            {status}
          </span>
        </div>
      )}
      {multi && chipList}
    </div>
  );
}
