// set and orderedList: a list editor (add, remove; move up/down when the order matters); duplicates are refused.
// Values of a long nomenclature are added by searching it (ChoiceSearch) and shown by their labels.
import { useId, useRef, useState } from 'react';
import type { UiAttributeKind } from '../../api/contract.ts';
import { useT } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';
import { ObjectPicker } from './ObjectPicker.tsx';
import { ChoiceSearch, selectChoices, useChoiceLabels } from './ChoiceSearch.tsx';
import { CompositeWidget } from './CompositeWidget.tsx';

const INPUT_TYPES: Record<string, string> = { mail: 'email', phone: 'tel', url: 'url', integer: 'number', date: 'date' };

/**
 * A bracketed composite written from its parts as FusionDirectory (and the server) writes it: in the parts' order,
 * empty ones left out.
 * @example writeBracketed(['role', 'type'], { type: '{SUPANN}S230', role: '{SUPANN}R00' }) // '[role={SUPANN}R00][type={SUPANN}S230]'
 */
export function writeBracketed(names: readonly string[], parts: Record<string, string>): string {
  return names.map((n) => (parts[n]?.trim() ? `[${n}=${parts[n].trim()}]` : '')).join('');
}

/**
 * A composite value from its parts, as the server writes it: FusionDirectory's `[key=value]…`, or the description's
 * template; '' when every part is empty, null when the description says neither.
 * @example composeComposite({ kind: 'composite', write: '{${type}}${number}', parts }, { type: 'MOBPERSO', number: '+33 6' }) // '{MOBPERSO}+33 6'
 */
export function composeComposite(of: Extract<UiAttributeKind, { kind: 'composite' }>, parts: Record<string, string>): string | null {
  const names = of.parts.map((p) => p.name);
  if (of.bracketed) return writeBracketed(names, parts);
  if (!of.write) return null;
  if (names.every((n) => !parts[n]?.trim())) return '';
  return of.write.replace(/\$\{(\w+)\}/g, (_, name: string) => parts[name]?.trim() ?? '');
}

export function ListWidget({ id, labelId, label, attribute, kind, value, onChange, readOnly, required, invalid, describedBy, isNew, siblingValues }: WidgetProps) {
  const t = useT();
  const noteId = useId();
  const inputRef = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const [draft, setDraft] = useState('');
  // A new composite (a registration, a role, a resource state, a typed phone number) is edited by parts, then added in
  // its written form.
  const [draftParts, setDraftParts] = useState<Record<string, string>>({});
  // What the last action did, announced; shown only when it is a refusal (a duplicate).
  const [note, setNote] = useState<{ text: string; refused: boolean }>({ text: '', refused: false });
  const ordered = kind.kind === 'orderedList';
  const of: UiAttributeKind = kind.kind === 'set' || kind.kind === 'orderedList' ? kind.of : { kind: 'string' };
  const items = Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : typeof value === 'string' && value !== '' ? [value] : [];
  const searched = of.kind === 'select' ? of.choicesSearch : undefined;
  /** A composite the browser can write from its parts: edited by parts. */
  const byParts = of.kind === 'composite' && composeComposite(of, {}) !== null;
  const { labels: searchedLabels } = useChoiceLabels(searched, items);
  const choices = of.kind === 'select' ? selectChoices(of, siblingValues) : [];
  // Searched lists show the code too: the same label may come from several lists (INFORMATIQUE in CNU and REFERENS).
  const itemText = (v: string): string => (of.kind !== 'select' ? v : searched ? (searchedLabels.has(v) ? `${searchedLabels.get(v)!} — ${v}` : v) : (choices.find((c) => c.value === v)?.label ?? v));

  // DNs: the picker is the list editor.
  if (of.kind === 'dn' || of.kind === 'dns') {
    return (
      <ObjectPicker id={id} label={label} types={of.types} values={items} multi onChange={onChange} readOnly={readOnly} required={required} invalid={invalid} describedBy={describedBy} />
    );
  }

  if (readOnly) {
    return items.length > 0 ? (
      <ul id={id} tabIndex={0} className="list-items readonly" aria-labelledby={labelId} aria-describedby={describedBy}>
        {items.map((item, i) => (
          <li key={`${i}:${item}`} className="list-item">
            <span className="list-item-text">{itemText(item)}</span>
          </li>
        ))}
      </ul>
    ) : (
      <p id={id} tabIndex={-1} className="muted list-empty" aria-describedby={describedBy}>
        {t('editor.none')}
      </p>
    );
  }

  const add = (picked?: string) => {
    const v = (picked ?? draft).trim();
    if (v === '') return;
    if (items.some((i) => i.toLowerCase() === v.toLowerCase())) {
      setNote({ text: t('editor.list.duplicate', { value: v }), refused: true });
      return;
    }
    const next = [...items, v];
    if (!ordered) next.sort();
    onChange(next);
    setDraft('');
    setNote({ text: t('editor.list.added', { value: itemText(v) }), refused: false });
    inputRef.current?.focus();
  };
  const removeAt = (index: number) => {
    const removed = items[index]!;
    onChange(items.filter((_, i) => i !== index));
    setNote({ text: t('editor.list.removed', { value: itemText(removed) }), refused: false });
    // The add box: this widget's input, or the search's (which has the field's id).
    (inputRef.current ?? document.getElementById(id))?.focus();
  };
  const move = (index: number, delta: number, target: HTMLElement) => {
    const to = index + delta;
    if (to < 0 || to >= items.length) return;
    const next = [...items];
    [next[index], next[to]] = [next[to]!, next[index]!];
    onChange(next);
    setNote({ text: t('editor.list.moved', { value: itemText(items[index]!), position: to + 1, count: items.length }), refused: false });
    // Keep the focus on the same button of the moved item when it still exists there.
    const name = target.dataset.action;
    requestAnimationFrame(() => {
      const row = document.getElementById(`${id}-item-${to}`);
      const button = row?.querySelector<HTMLButtonElement>(`button[data-action="${name}"]:not(:disabled)`) ?? row?.querySelector<HTMLButtonElement>('button:not(:disabled)');
      button?.focus();
    });
  };

  const inputProps = {
    id,
    ref: inputRef,
    className: 'input',
    value: draft,
    'aria-invalid': invalid || undefined,
    'aria-required': required && items.length === 0 ? true : undefined,
    'aria-describedby': [describedBy, noteId].filter(Boolean).join(' '),
  };

  return (
    <div className="list-editor">
      {items.length > 0 ? (
        <ul className="list-items" aria-label={t('editor.list.values', { label })}>
          {items.map((item, i) => (
            <li key={`${i}:${item}`} id={`${id}-item-${i}`} className="list-item">
              <span className="list-item-text">{itemText(item)}</span>
              <span className="list-item-actions">
                  {ordered && (
                    <>
                      <button type="button" className="icon-button" data-action="up" disabled={i === 0} aria-label={t('editor.list.up', { value: itemText(item) })} onClick={(e) => move(i, -1, e.currentTarget)}>
                        <span aria-hidden="true">↑</span>
                      </button>
                      <button type="button" className="icon-button" data-action="down" disabled={i === items.length - 1} aria-label={t('editor.list.down', { value: itemText(item) })} onClick={(e) => move(i, 1, e.currentTarget)}>
                        <span aria-hidden="true">↓</span>
                      </button>
                    </>
                  )}
                  <button type="button" className="icon-button danger" data-action="remove" aria-label={t('editor.list.remove', { value: itemText(item) })} onClick={() => removeAt(i)}>
                    <span aria-hidden="true">×</span>
                  </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {/* A composite's parts take the row; its Add button goes below them. */}
      <div className="list-add" style={byParts ? { flexDirection: 'column' } : undefined}>
          {of.kind === 'composite' && byParts ? (
            <CompositeWidget
              id={id}
              labelId={labelId}
              label={label}
              attribute={attribute}
              kind={of}
              value={draftParts}
              onChange={(v) => setDraftParts(v && typeof v === 'object' ? (v as Record<string, string>) : {})}
              readOnly={false}
              required={false}
              invalid={invalid}
              describedBy={[describedBy, noteId].filter(Boolean).join(' ')}
              isNew={isNew}
              siblingValues={siblingValues}
            />
          ) : searched ? (
            // A long nomenclature: picking a search result adds it at once.
            <ChoiceSearch id={id} label={label} search={searched} value="" onChange={(v) => add(v)} readOnly={false} required={required && items.length === 0} invalid={invalid} describedBy={[describedBy, noteId].filter(Boolean).join(' ')} exclude={items} adding />
          ) : of.kind === 'select' ? (
            <select {...inputProps} className="input select" onChange={(e) => setDraft(e.target.value)}>
              <option value="">{t('editor.choose')}</option>
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              {...inputProps}
              type={INPUT_TYPES[of.kind] ?? 'text'}
              placeholder={of.kind === 'string' ? of.example : undefined}
              autoComplete="off"
              onChange={(e) => {
                setDraft(e.target.value);
                if (note.text) setNote({ text: '', refused: false });
              }}
              onKeyDown={(e) => {
                // Enter adds the value rather than submitting the form.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
          )}
          {of.kind === 'composite' && byParts ? (
            <button
              type="button"
              className="button"
              style={{ alignSelf: 'flex-start' }}
              disabled={!composeComposite(of, draftParts)}
              onClick={() => {
                add(composeComposite(of, draftParts) ?? '');
                setDraftParts({});
              }}
            >
              {t('editor.list.add')}
            </button>
          ) : (
            !searched && (
              <button type="button" className="button" onClick={() => add()} disabled={draft.trim() === ''}>
                {t('editor.list.add')}
              </button>
            )
          )}
      </div>
      <span id={noteId} className={note.refused ? 'field-error' : 'visually-hidden'} aria-live="polite">
        {note.text}
      </span>
    </div>
  );
}
