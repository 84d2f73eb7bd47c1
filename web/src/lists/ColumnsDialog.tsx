// "Dynamic lists": edit the columns of a list, try them in this view (URL `cols`), keep them for oneself, or make
// them everyone's default (fd-core.md §9.4: user config > global config > class default).
import { useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ColumnsRequest, ListColumn, ListDefinition } from '../api/contract.ts';
import { useT } from '../i18n/index.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { Icon } from '../components/Icon.tsx';
import { cleanColumn, columnKinds, kindHasAttribute } from './listState.ts';

interface DraftColumn extends ListColumn {
  key: number;
}

export interface ColumnsDialogProps {
  def: ListDefinition;
  /** The columns shown now (maybe a trial from the URL). */
  columns: ListColumn[];
  onClose(): void;
  /** Try these columns in this view only (null: back to the columns in force). */
  onApply(columns: ListColumn[] | null): void;
}

const sameColumns = (a: ListColumn[], b: ListColumn[]) => JSON.stringify(a.map(cleanColumn)) === JSON.stringify(b.map(cleanColumn));

export function ColumnsDialog({ def, columns, onClose, onApply }: ColumnsDialogProps) {
  const t = useT();
  const client = useQueryClient();
  const baseId = useId();
  const nextKey = useRef(0);
  const withKey = (c: ListColumn): DraftColumn => ({ ...c, key: nextKey.current++ });
  const [draft, setDraft] = useState<DraftColumn[]>(() => columns.map(withKey));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const idOf = (key: number, what: string) => `${baseId}-${key}-${what}`;
  const focusLater = (id: string, fallback?: string) =>
    requestAnimationFrame(() => {
      const el = document.getElementById(id) as HTMLButtonElement | null;
      if (el && !el.disabled) el.focus();
      else if (fallback) document.getElementById(fallback)?.focus();
    });

  const change = (key: number, patch: Partial<ListColumn>) => setDraft(draft.map((c) => (c.key === key ? { ...c, ...patch } : c)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...draft];
    const [item] = next.splice(index, 1);
    next.splice(index + by, 0, item!);
    setDraft(next);
    focusLater(idOf(item!.key, by < 0 ? 'up' : 'down'), idOf(item!.key, by < 0 ? 'down' : 'up'));
  };
  const remove = (index: number) => {
    const next = draft.filter((_, i) => i !== index);
    setDraft(next);
    const neighbour = next[Math.min(index, next.length - 1)];
    focusLater(neighbour ? idOf(neighbour.key, 'remove') : `${baseId}-add`);
  };
  const add = () => {
    const c = withKey({ kind: 'Column', attributes: def.columnAttributes[0]?.value ?? '' });
    setDraft([...draft, c]);
    focusLater(idOf(c.key, 'kind'));
  };

  const invalid = (c: ListColumn) => kindHasAttribute(c.kind) && !c.attributes?.trim();
  const result = draft.map(({ key: _key, ...c }) => cleanColumn(c));
  const valid = draft.length > 0 && !draft.some(invalid);

  const finish = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      onApply(null);
      await client.invalidateQueries({ queryKey: ['lists', def.id] });
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const save = (scope: ColumnsRequest['scope']) =>
    finish(() => api(`/lists/${encodeURIComponent(def.id)}/columns`, { method: 'PUT', body: { scope, columns: result } satisfies ColumnsRequest }));
  const forget = () => finish(() => api(`/lists/${encodeURIComponent(def.id)}/columns`, { method: 'DELETE', query: { scope: 'user' } }));

  const attributeOptions = (value: string | undefined) => {
    const known = def.columnAttributes;
    const extra = value && !known.some((a) => a.value === value) ? [{ value, label: value }] : [];
    return [...extra, ...known];
  };

  return (
    <Dialog
      open
      title={t('lists.columnsTitle', { list: def.label })}
      onClose={onClose}
      className="dialog-wide columns-dialog"
      actions={
        <>
          <button type="button" className="button quiet" disabled={busy || def.columnsSource !== 'user'} onClick={() => void forget()}>
            {t('lists.columnsForget')}
          </button>
          <span className="dialog-actions-spacer" />
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || !valid}
            onClick={() => {
              onApply(sameColumns(result, def.columns) ? null : result);
              onClose();
            }}
          >
            {t('lists.columnsApply')}
          </button>
          <button type="button" className="button primary" disabled={busy || !valid} onClick={() => void save('user')}>
            {t('lists.columnsSaveMine')}
          </button>
          {def.canSetGlobalColumns && (
            <button type="button" className="button" disabled={busy || !valid} onClick={() => void save('global')}>
              {t('lists.columnsSaveGlobal')}
            </button>
          )}
        </>
      }
    >
      <p className="muted">{t(`lists.columnsSource.${def.columnsSource}`)}</p>
      <div className="columns-editor" role="group" aria-label={t('lists.columnsList')}>
        <div className="columns-editor-head" aria-hidden="true">
          <span>#</span>
          <span>{t('lists.columnKind')}</span>
          <span>{t('lists.columnAttribute')}</span>
          <span>{t('lists.columnLabel')}</span>
          <span />
        </div>
        <ol className="columns-editor-list">
          {draft.map((c, i) => {
            const n = i + 1;
            const needsAttribute = kindHasAttribute(c.kind);
            return (
              <li key={c.key} className={`columns-editor-row ${invalid(c) ? 'is-invalid' : ''}`}>
                <span className="columns-editor-index" aria-hidden="true">
                  {n}
                </span>
                <select
                  id={idOf(c.key, 'kind')}
                  aria-label={t('lists.columnKindOf', { n })}
                  value={c.kind}
                  onChange={(e) => {
                    const kind = e.target.value as ListColumn['kind'];
                    change(c.key, { kind, attributes: kindHasAttribute(kind) ? (c.attributes ?? def.columnAttributes[0]?.value ?? '') : '' });
                  }}
                >
                  {columnKinds.map((k) => (
                    <option key={k} value={k}>
                      {t(`lists.kind.${k}`)}
                    </option>
                  ))}
                </select>
                <select
                  aria-label={t('lists.columnAttributeOf', { n })}
                  value={needsAttribute ? (c.attributes ?? '') : ''}
                  disabled={!needsAttribute}
                  aria-invalid={invalid(c) ? true : undefined}
                  onChange={(e) => change(c.key, { attributes: e.target.value })}
                >
                  {!needsAttribute && <option value="">—</option>}
                  {needsAttribute && !c.attributes && <option value="">{t('lists.chooseAttribute')}</option>}
                  {needsAttribute &&
                    attributeOptions(c.attributes).map((a) => (
                      <option key={a.value} value={a.value}>
                        {a.label === a.value || a.label.endsWith(`(${a.value})`) ? a.label : `${a.label} (${a.value})`}
                      </option>
                    ))}
                </select>
                <input
                  type="text"
                  aria-label={t('lists.columnLabelOf', { n })}
                  placeholder={t('lists.columnLabelPlaceholder')}
                  value={c.label ?? ''}
                  onChange={(e) => change(c.key, { label: e.target.value })}
                />
                <span className="columns-editor-buttons">
                  <button type="button" id={idOf(c.key, 'up')} className="icon-button" disabled={i === 0} aria-label={t('lists.columnUp', { n })} title={t('lists.columnUp', { n })} onClick={() => move(i, -1)}>
                    <Icon name="up" />
                  </button>
                  <button
                    type="button"
                    id={idOf(c.key, 'down')}
                    className="icon-button"
                    disabled={i === draft.length - 1}
                    aria-label={t('lists.columnDown', { n })}
                    title={t('lists.columnDown', { n })}
                    onClick={() => move(i, 1)}
                  >
                    <Icon name="down" />
                  </button>
                  <button type="button" id={idOf(c.key, 'remove')} className="icon-button danger" aria-label={t('lists.columnRemove', { n })} title={t('lists.columnRemove', { n })} onClick={() => remove(i)}>
                    <Icon name="close" />
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      </div>
      <div className="columns-editor-more">
        <button type="button" id={`${baseId}-add`} className="button small" onClick={add}>
          <Icon name="plus" />
          {t('lists.columnAdd')}
        </button>
        <button type="button" className="button small quiet" onClick={() => setDraft(def.defaultColumns.map(withKey))}>
          {t('lists.columnsStartFromDefault')}
        </button>
      </div>
      {draft.some(invalid) && <p className="form-error">{t('lists.columnNeedsAttribute')}</p>}
      {error !== null && <ErrorMessage error={error} />}
    </Dialog>
  );
}
