// The filter panel beside a list (FusionDirectory 1.4's filter box): types, templates, scope, "has tab",
// dates and choices. Every change goes straight to the URL.
import { useId, useState } from 'react';
import type { ListDefinition, ListFilterField } from '../api/contract.ts';
import { useT } from '../i18n/index.tsx';
import { Icon, typeIcon } from '../components/Icon.tsx';
import { isFilterKey, listParam, scopeOf, setListParam } from './listState.ts';

export interface FilterPanelProps {
  def: ListDefinition;
  management: string;
  query: URLSearchParams;
  onChange(mutate: (q: URLSearchParams) => void): void;
  id?: string;
  className?: string;
}

type ChoiceFilter = Extract<ListFilterField, { kind: 'choice' | 'groupContent' }>;
type DateFilter = Extract<ListFilterField, { kind: 'date' }>;
type TabFilter = Extract<ListFilterField, { kind: 'tab' }>;

function ChoiceFilterBox({ filter, query, onChange }: { filter: ChoiceFilter; query: URLSearchParams; onChange: FilterPanelProps['onChange'] }) {
  const t = useT();
  const key = `f.${filter.attribute}`;
  const chosen = query.getAll(key);
  // Open at first when something is chosen; then as the user leaves it.
  const [open, setOpen] = useState(chosen.length > 0);
  return (
    <details className="filter-choice" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span>{filter.label}</span>
        {chosen.length > 0 && (
          <span className="list-badge badge-count">
            <span aria-hidden="true">{chosen.length}</span>
            <span className="visually-hidden">{t('lists.chosenCount', { count: chosen.length })}</span>
          </span>
        )}
      </summary>
      <fieldset className="filter-options">
        <legend className="visually-hidden">{filter.label}</legend>
        {filter.choices.map((c) => (
          <label key={c.value} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(c.value)}
              onChange={(e) =>
                onChange((q) => {
                  const values = q.getAll(key).filter((v) => v !== c.value);
                  if (e.target.checked) values.push(c.value);
                  q.delete(key);
                  for (const v of values) q.append(key, v);
                })
              }
            />
            <span>{c.label}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}

function DateFilterBox({ filter, query, onChange }: { filter: DateFilter; query: URLSearchParams; onChange: FilterPanelProps['onChange'] }) {
  const t = useT();
  const from = query.get(`from.${filter.attribute}`) ?? '';
  const to = query.get(`to.${filter.attribute}`) ?? '';
  const chosen = (from ? 1 : 0) + (to ? 1 : 0);
  const [open, setOpen] = useState(chosen > 0);
  const set = (bound: 'from' | 'to', value: string) =>
    onChange((q) => {
      const key = `${bound}.${filter.attribute}`;
      if (value) q.set(key, value);
      else q.delete(key);
    });
  return (
    <details className="filter-choice" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <span>{filter.label}</span>
        {chosen > 0 && (
          <span className="list-badge badge-count">
            <span aria-hidden="true">{chosen}</span>
            <span className="visually-hidden">{t('lists.chosenCount', { count: chosen })}</span>
          </span>
        )}
      </summary>
      <div className="filter-dates">
        <label className="date-bound">
          <span aria-hidden="true">{t('lists.dateFrom')}</span>
          <input type="date" aria-label={t('lists.dateFromOf', { label: filter.label })} value={from} max={to || undefined} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label className="date-bound">
          <span aria-hidden="true">{t('lists.dateTo')}</span>
          <input type="date" aria-label={t('lists.dateToOf', { label: filter.label })} value={to} min={from || undefined} onChange={(e) => set('to', e.target.value)} />
        </label>
      </div>
    </details>
  );
}

export function FilterPanel({ def, management, query, onChange, id, className }: FilterPanelProps) {
  const t = useT();
  const headingId = useId();
  const chosenTypes = listParam(query, 'types');
  const checkedTypes = chosenTypes.length ? chosenTypes : def.types.map((ty) => ty.id);
  const scope = scopeOf(query, management);
  const templates = query.get('templates') === '1';
  const tabs = listParam(query, 'tabs');
  const anyTemplates = def.types.some((ty) => ty.templates);
  const anyFilter = [...query.keys()].some(isFilterKey);

  // One checkbox per tab id (two types may share a tab: one checkbox filters both).
  const tabFilters: TabFilter[] = [];
  for (const f of def.filters) if (f.kind === 'tab' && !tabFilters.some((o) => o.tab === f.tab)) tabFilters.push(f);
  const tabFilterTitle = (tab: string) =>
    def.filters
      .filter((f): f is TabFilter => f.kind === 'tab' && f.tab === tab)
      .map((f) => f.filter)
      .join(' | ');
  const dateFilters = def.filters.filter((f): f is DateFilter => f.kind === 'date');
  const choiceFilters = def.filters.filter((f): f is ChoiceFilter => f.kind === 'choice' || f.kind === 'groupContent');

  return (
    <section id={id} className={`filter-panel ${className ?? ''}`} aria-labelledby={headingId}>
      <div className="filter-head">
        <h2 id={headingId}>
          <Icon name="filter" />
          {t('lists.filters')}
        </h2>
        <button
          type="button"
          className="button small"
          disabled={!anyFilter}
          onClick={() =>
            onChange((q) => {
              for (const k of [...q.keys()]) if (isFilterKey(k)) q.delete(k);
            })
          }
        >
          {t('lists.clearFilters')}
        </button>
      </div>

      {def.types.length > 1 && (
        <fieldset className="filter-group">
          <legend>{t('lists.types')}</legend>
          {def.types.map((ty) => {
            const checked = checkedTypes.includes(ty.id);
            return (
              <label key={ty.id} className="check" title={ty.filter}>
                <input
                  type="checkbox"
                  title={ty.filter}
                  checked={checked}
                  // At least one type stays listed.
                  disabled={checked && checkedTypes.length === 1}
                  onChange={(e) =>
                    onChange((q) => {
                      const next = e.target.checked ? [...checkedTypes, ty.id] : checkedTypes.filter((x) => x !== ty.id);
                      setListParam(q, 'types', next.length === def.types.length ? [] : def.types.map((x) => x.id).filter((x) => next.includes(x)));
                    })
                  }
                />
                <Icon name={typeIcon(ty.id)} className="check-icon" />
                <span>{ty.label}</span>
              </label>
            );
          })}
        </fieldset>
      )}

      <fieldset className="filter-group">
        <legend>{t('lists.scope')}</legend>
        <label className="check">
          <input type="radio" name={`${headingId}-scope`} checked={scope === 'one'} onChange={() => onChange((q) => q.set('scope', 'one'))} />
          <span>{t('lists.scopeOne')}</span>
        </label>
        <label className="check">
          <input type="radio" name={`${headingId}-scope`} checked={scope === 'sub'} onChange={() => onChange((q) => q.set('scope', 'sub'))} />
          <span>{t('lists.scopeSub')}</span>
        </label>
      </fieldset>

      {anyTemplates && (
        <div className="filter-group filter-single">
          <label className="check">
            <input
              type="checkbox"
              checked={templates}
              onChange={(e) =>
                onChange((q) => {
                  if (e.target.checked) q.set('templates', '1');
                  else q.delete('templates');
                })
              }
            />
            <Icon name="template" className="check-icon" />
            <span>{t('lists.showTemplates')}</span>
          </label>
        </div>
      )}

      {tabFilters.length > 0 && (
        <fieldset className="filter-group">
          <legend>{t('lists.hasTab')}</legend>
          {tabFilters.map((f) => (
            <label key={f.tab} className="check" title={tabFilterTitle(f.tab)}>
              <input
                type="checkbox"
                title={tabFilterTitle(f.tab)}
                checked={tabs.includes(f.tab)}
                onChange={(e) => onChange((q) => setListParam(q, 'tabs', e.target.checked ? [...tabs, f.tab] : tabs.filter((x) => x !== f.tab)))}
              />
              <span>{f.label}</span>
            </label>
          ))}
        </fieldset>
      )}

      {dateFilters.map((f) => (
        <DateFilterBox key={f.attribute} filter={f} query={query} onChange={onChange} />
      ))}

      {choiceFilters.map((f) => (
        <ChoiceFilterBox key={f.attribute} filter={f} query={query} onChange={onChange} />
      ))}
    </section>
  );
}
