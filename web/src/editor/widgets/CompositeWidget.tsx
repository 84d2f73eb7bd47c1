// One value made of parts (a typed phone number…): one input per part, sent as an object of parts.
import type { UiAttributeKind } from '../../api/contract.ts';
import { useT } from '../../i18n/index.tsx';
import type { WidgetProps } from './WidgetProps.ts';
import { ChoiceSearch, selectChoices } from './ChoiceSearch.tsx';

const INPUT_TYPES: Record<string, string> = { mail: 'email', phone: 'tel', url: 'url', integer: 'number', date: 'date' };

type Parts = Record<string, string>;

/**
 * A date part as <input type=date> takes it (`YYYY-MM-DD`): parts hold what LDAP stores, `20240901` (SupAnn's
 * YYYYMMDD) or `2026083100Z` (GeneralizedTime), which the input would show as empty.
 * @example dateToInput('2026083100Z') // '2026-08-31'
 */
export function dateToInput(value: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(value);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

/**
 * The part's value for a date picked in the input: in the stored form of the part's previous value (its time and zone
 * kept), `YYYY-MM-DD` when it had none (the server reads both); empty when the input is cleared.
 * @example dateFromInput('2026-09-01', '2026083100Z') // '2026090100Z'
 */
export function dateFromInput(input: string, previous: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!m) return '';
  const compact = /^\d{8}(.*)$/.exec(previous);
  return compact ? `${m[1]}${m[2]}${m[3]}${compact[1]}` : input;
}

/** The parts of a draft value; null when the value is a composed string the browser cannot split. */
export function compositeParts(value: unknown): Parts | null {
  if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));
  if (value === '' || value === null || value === undefined) return {};
  return null;
}

interface PartInputProps {
  id: string;
  of: UiAttributeKind;
  value: string;
  onChange(v: string): void;
  readOnly: boolean;
  invalid: boolean;
  describedBy: string | undefined;
  label: string;
  /** The other parts (a diploma is searched among those of the chosen type and sector). */
  parts: Parts;
  /** The tab's draft values (a part among another field's values). */
  siblingValues: Record<string, unknown> | undefined;
}

function PartInput({ id, of, value, onChange, readOnly, invalid, describedBy, label, parts, siblingValues }: PartInputProps) {
  const t = useT();
  if (of.kind === 'select' && of.choicesSearch) {
    const filter = (part: string | undefined) => (part && parts[part] ? parts[part] : undefined);
    const type = filter(of.choicesSearch.where?.type);
    const sector = filter(of.choicesSearch.where?.sector);
    return (
      <ChoiceSearch
        id={id}
        label={label}
        search={of.choicesSearch}
        value={value}
        onChange={onChange}
        readOnly={readOnly}
        required={false}
        invalid={invalid}
        describedBy={describedBy}
        where={{ ...(type ? { type } : {}), ...(sector ? { sector } : {}) }}
      />
    );
  }
  const choices = of.kind === 'select' ? selectChoices(of, siblingValues) : [];
  if (of.kind === 'select' && !readOnly) {
    return (
      <select id={id} className="input select" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid || undefined} aria-describedby={describedBy}>
        <option value="">{t('editor.none')}</option>
        {value !== '' && !choices.some((c) => c.value === value) && <option value={value}>{value}</option>}
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    );
  }
  const asDate = of.kind === 'date' && !readOnly;
  const shown = of.kind === 'select' ? (choices.find((c) => c.value === value)?.label ?? value) : asDate ? dateToInput(value) : value;
  return (
    <input
      id={id}
      className="input"
      type={readOnly ? 'text' : (INPUT_TYPES[of.kind] ?? 'text')}
      value={shown}
      readOnly={readOnly}
      onChange={(e) => onChange(asDate ? dateFromInput(e.target.value, value) : e.target.value)}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      placeholder={of.kind === 'string' ? of.example : undefined}
      title={label}
    />
  );
}

/** A stored (string) value split into its parts as the description says, or null when it does not fit. */
export function splitComposite(kind: Extract<UiAttributeKind, { kind: 'composite' }>, value: unknown): Parts | null {
  if (typeof value !== 'string' || value === '') return null;
  if (kind.bracketed) {
    if (!/^(?:\[[^=\][]+=.*?\])+$/s.test(value)) return null;
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return Object.fromEntries(kind.parts.map((p) => [p.name, new RegExp(`\\[${escape(p.name)}=(.+?)(?:\\]\\[|\\]$)`, 's').exec(value)?.[1] ?? '']));
  }
  if (!kind.read) return null;
  let m: RegExpExecArray | null;
  try {
    m = new RegExp(`^(?:${kind.read})$`, 's').exec(value);
  } catch {
    return null;
  }
  return m ? Object.fromEntries(kind.parts.map((p, i) => [p.name, m[i + 1] ?? ''])) : null;
}

export function CompositeWidget({ id, label, kind, attribute, value, onChange, readOnly, invalid, describedBy, siblingValues }: WidgetProps) {
  const t = useT();
  if (kind.kind !== 'composite') return null;
  // A stored value is shown by parts when the description says how to split it; it stays the stored string until edited.
  const parts = compositeParts(value) ?? splitComposite(kind, value);
  if (parts === null) {
    // The description does not say how to split the stored string: it is edited whole (the server accepts it).
    return (
      <div className="composite">
        <label htmlFor={id} className="part-label">
          {t('editor.composite.whole', { label })}
        </label>
        <input
          id={id}
          className="input"
          value={String(value)}
          readOnly={readOnly}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          placeholder={attribute.example}
        />
        {!readOnly && (
          <button type="button" className="button link-button" onClick={() => onChange({})}>
            {t('editor.composite.byParts')}
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="composite">
      {kind.parts.map((part, i) => {
        const partId = i === 0 ? id : `${id}-${part.name}`;
        return (
          // A searched part (a diploma) takes the whole row: its labels are long.
          <div key={part.name} className="composite-part" style={part.of.kind === 'select' && part.of.choicesSearch ? { gridColumn: '1 / -1' } : undefined}>
            <label htmlFor={partId} className="part-label">
              {part.label}
              {!part.optional && <span className="required-mark" aria-hidden="true"> *</span>}
            </label>
            <PartInput
              id={partId}
              of={part.of}
              label={part.label}
              value={parts[part.name] ?? ''}
              readOnly={readOnly}
              invalid={invalid}
              describedBy={describedBy}
              parts={parts}
              siblingValues={siblingValues}
              onChange={(v) => onChange({ ...parts, [part.name]: v })}
            />
          </div>
        );
      })}
    </div>
  );
}

/** Parts all empty: the attribute is empty. */
export function compositeToWire(value: unknown): unknown {
  const parts = compositeParts(value);
  if (parts === null) return value;
  return Object.values(parts).every((v) => v.trim() === '') ? '' : parts;
}
