// A select of a long nomenclature (diplomas, activities…): a combobox (ARIA 1.2 pattern) searching GET /choices as one
// types, each choice shown with its label and code; the current value keeps its label. Arrows move among the results,
// Enter takes the highlighted one or else the best match of the text (a typed code), Escape closes then restores.
// With the helpers the select, list and composite widgets share: the labels of searched values, and choices among
// another field's values.
import { useEffect, useId, useRef, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ChoicesAnswer, UiAttributeKind, UiChoice, UiChoicesSearch } from '../../api/contract.ts';
import { useT } from '../../i18n/index.tsx';

/** The server is asked once typing pauses this long. */
export const SEARCH_DEBOUNCE_MS = 100;
/** Choices shown at a time (type more to narrow). */
const LIMIT = 30;

type SelectKind = Extract<UiAttributeKind, { kind: 'select' }>;

/**
 * The choices of a select: its own, or for `choicesFrom` the current draft values of the other field of the tab,
 * labelled from `choices` when the description knows them.
 */
export function selectChoices(kind: SelectKind, siblingValues: Record<string, unknown> | undefined): UiChoice[] {
  if (!kind.choicesFrom) return kind.choices;
  const raw = siblingValues?.[kind.choicesFrom.attribute];
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string' && v !== '');
  return values.map((value) => ({ value, label: kind.choices.find((c) => c.value === value)?.label ?? value }));
}

/**
 * The labels of values of a searched nomenclature, asked in one request (cached: values seldom change labels);
 * `ready` once the answer came, so that a value the list does not have can be said so.
 */
export function useChoiceLabels(search: UiChoicesSearch | undefined, values: readonly string[]): { labels: Map<string, string>; ready: boolean } {
  const wanted = [...new Set(values.filter((v) => v !== ''))].sort().slice(0, 200);
  const answer = useQuery({
    queryKey: ['choice-labels', search?.list, search?.prefixed, wanted.join('\n')],
    queryFn: ({ signal }) => {
      const query = new URLSearchParams({ list: search!.list, prefixed: search!.prefixed ? '1' : '0' });
      for (const v of wanted) query.append('value', v);
      return api<ChoicesAnswer>('/choices', { query, signal });
    },
    enabled: search !== undefined && wanted.length > 0,
    staleTime: 5 * 60_000,
  });
  return { labels: new Map((answer.data?.choices ?? []).map((c) => [c.value, c.label])), ready: answer.isSuccess };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export interface ChoiceSearchProps {
  id: string;
  /** The field's label (names the list of results and the clear button). */
  label: string;
  search: UiChoicesSearch;
  /** The current value, '' for none. */
  value: string;
  onChange(value: string): void;
  readOnly: boolean;
  required: boolean;
  invalid: boolean;
  describedBy: string | undefined;
  /** Values of the filters (diplomas: the chosen type and sector). */
  where?: { type?: string; sector?: string };
  /** Values not to offer (those a list already has). */
  exclude?: readonly string[];
  /** A list's add box: shows no current value, and empties after each pick. */
  adding?: boolean;
}

export function ChoiceSearch({ id, label, search, value, onChange, readOnly, required, invalid, describedBy, where, exclude, adding = false }: ChoiceSearchProps) {
  const t = useT();
  const listId = useId();
  const statusId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  // What the user is typing; null while the input shows the current value.
  const [text, setText] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const q = useDebounced((text ?? '').trim(), SEARCH_DEBOUNCE_MS);
  const type = where?.type ?? '';
  const sector = where?.sector ?? '';
  const results = useQuery({
    queryKey: ['choices', search.list, search.prefixed, q, type, sector],
    queryFn: ({ signal }) =>
      api<ChoicesAnswer>('/choices', { query: { list: search.list, prefixed: search.prefixed ? '1' : '0', q, limit: String(LIMIT), type: type || undefined, sector: sector || undefined }, signal }),
    enabled: open && !readOnly,
    staleTime: 60_000,
    // The previous results stay while the next ones come: the list does not flicker as one types.
    placeholderData: keepPreviousData,
  });
  const { labels, ready } = useChoiceLabels(search, adding || value === '' ? [] : [value]);
  const excluded = new Set(exclude ?? []);
  const items = (results.data?.choices ?? []).filter((c) => !excluded.has(c.value));
  // The results shown are those of an earlier text while the next ones come (typing, debounce, request).
  const stale = results.isPlaceholderData || q !== (text ?? '').trim();
  // Enter pressed before the results of the text came: the best match is taken once they do.
  const [pendingPick, setPendingPick] = useState(false);
  const answered = results.data;
  useEffect(() => {
    // New results: no option stays highlighted (it would now be another choice).
    setActive(-1);
  }, [answered]);
  const currentLabel = value === '' ? '' : labels.has(value) ? `${labels.get(value)!} — ${value}` : ready ? t('choices.unknown', { value }) : value;
  const shown = text ?? (adding ? '' : currentLabel);

  const pick = (index: number) => {
    setPendingPick(false);
    const item = items[index];
    if (!item) return;
    onChange(item.value);
    setText(adding ? '' : null);
    setActive(-1);
    setOpen(false);
    inputRef.current?.focus();
  };

  useEffect(() => {
    if (!pendingPick || stale || results.isFetching) return;
    if (items.length > 0) pick(0);
    else setPendingPick(false);
    // Runs when the awaited results come; `pick` and `items` are those of that render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingPick, stale, results.isFetching, answered]);

  const total = results.data?.total ?? 0;
  const status = !open
    ? ''
    : results.isFetching && !results.data
      ? t('choices.searching')
      : results.isError
        ? t('choices.failed')
        : items.length === 0
          ? t('choices.none')
          : total > items.length
            ? t('choices.count', { count: items.length, total })
            : t('choices.all', { count: items.length });

  if (readOnly) return <input id={id} className="input" readOnly value={currentLabel} placeholder={t('editor.none')} aria-describedby={describedBy} />;

  return (
    <div className="list-add" style={{ maxWidth: '30rem', flex: 1 }}>
      <div className="combobox" style={{ flex: 1, minWidth: 0 }}>
        <input
          ref={inputRef}
          id={id}
          className="input"
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={open && items.length > 0}
          aria-controls={listId}
          aria-activedescendant={open && active >= 0 && items[active] ? `${listId}-${active}` : undefined}
          aria-required={required && value === '' ? true : undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={[describedBy, statusId].filter(Boolean).join(' ')}
          placeholder={adding ? t('choices.placeholderAdd') : t('choices.placeholder')}
          title={text === null && value !== '' ? currentLabel : undefined}
          value={shown}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setActive(-1);
            setPendingPick(false);
          }}
          onBlur={() => {
            setOpen(false);
            setPendingPick(false);
            // Emptying the text and leaving clears the value.
            if (text !== null && text.trim() === '' && !adding && value !== '') onChange('');
            setText(adding ? '' : null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              if (!open) {
                setOpen(true);
                if (text === null) setText('');
              } else setActive((a) => Math.min(items.length - 1, a + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setActive((a) => Math.max(0, a - 1));
            } else if (e.key === 'Home' && open && active >= 0) {
              e.preventDefault();
              setActive(0);
            } else if (e.key === 'End' && open && active >= 0) {
              e.preventDefault();
              setActive(items.length - 1);
            } else if (e.key === 'Enter') {
              // Enter picks; it never submits the editor's form from here.
              e.preventDefault();
              if (open && active >= 0) pick(active);
              else if ((text ?? '').trim() !== '') {
                // No option highlighted: the best match of the text typed, now or once its results come.
                setOpen(true);
                if (stale || results.isFetching) setPendingPick(true);
                else pick(0);
              } else setOpen(true);
            } else if (e.key === 'Escape' && (open || text !== null)) {
              e.preventDefault();
              e.stopPropagation();
              if (open) setOpen(false);
              else setText(adding ? '' : null);
            }
          }}
        />
        <ul id={listId} role="listbox" className="listbox" aria-label={t('choices.results', { label })} hidden={!open || items.length === 0}>
          {items.map((item, i) => (
            <li
              key={item.value}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'option active' : 'option'}
              title={item.fullLabel}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(i)}
            >
              <span className="option-name">{item.label}</span>
              <span className="option-detail">{item.value}</span>
            </li>
          ))}
        </ul>
        <span id={statusId} className="visually-hidden" aria-live="polite">
          {status}
        </span>
      </div>
      {!adding && !required && value !== '' && (
        <button
          type="button"
          className="icon-button"
          aria-label={t('choices.clear', { label })}
          onClick={() => {
            onChange('');
            setText(null);
            inputRef.current?.focus();
          }}
        >
          <span aria-hidden="true">×</span>
        </button>
      )}
    </div>
  );
}
