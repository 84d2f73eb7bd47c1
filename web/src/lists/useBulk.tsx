// Actions on several entries at once (POST /bulk): delete after confirmation, lock, unlock, apply a template.
// Each entry succeeds or fails on its own; failures are listed with the server's message.
import { useCallback, useId, useRef, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { BulkAnswer, BulkRequest, ListDefinition, ListRow } from '../api/contract.ts';
import { useI18n } from '../i18n/index.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { plural } from './format.ts';
import { useTemplates } from './useTemplates.ts';

export type BulkAction = BulkRequest['action'];

interface Outcome {
  action: BulkAction;
  rows: ListRow[];
  answer: BulkAnswer;
}

function TemplateOptions({ management, type, label, root }: { management: string; type: string; label: string; root: string }) {
  const { t } = useI18n();
  const templates = useTemplates(management, type, root, true);
  if (templates.isPending)
    return (
      <optgroup label={label}>
        <option disabled>{t('common.loading')}</option>
      </optgroup>
    );
  const list = templates.data ?? [];
  return (
    <optgroup label={label}>
      {list.length ? (
        list.map((tp) => (
          <option key={tp.dn} value={`${type}\n${tp.dn}`}>
            {tp.name}
          </option>
        ))
      ) : (
        <option disabled>{t('lists.noTemplate')}</option>
      )}
    </optgroup>
  );
}

function ApplyTemplateDialog({
  def,
  rows,
  root,
  onCancel,
  onApply,
}: {
  def: ListDefinition;
  rows: ListRow[];
  root: string;
  onCancel(): void;
  onApply(template: string, rows: ListRow[]): void;
}) {
  const { t, lang } = useI18n();
  const selectId = useId();
  const [choice, setChoice] = useState('');
  const types = def.types.filter((ty) => ty.templates && rows.some((r) => r.type === ty.id && !r.template));
  const [type, dn] = choice ? (choice.split('\n') as [string, string]) : ['', ''];
  const targets = rows.filter((r) => r.type === type && !r.template);
  return (
    <Dialog
      open
      title={t('lists.applyTemplateTitle')}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button primary" disabled={!dn || !targets.length} onClick={() => onApply(dn, targets)}>
            {t('lists.applyTemplate')}
          </button>
        </>
      }
    >
      {types.length ? (
        <div className="form-stack">
          <div className="form-field">
            <label htmlFor={selectId}>{t('lists.template')}</label>
            <select id={selectId} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">{t('lists.chooseTemplate')}</option>
              {types.map((ty) => (
                <TemplateOptions key={ty.id} management={def.id} type={ty.id} label={ty.label} root={root} />
              ))}
            </select>
          </div>
          {dn && <p>{plural(t, lang, 'lists.applyTemplateTargets', targets.length)}</p>}
        </div>
      ) : (
        <p>{t('lists.noTemplateType')}</p>
      )}
    </Dialog>
  );
}

export interface BulkRunner {
  /** Start an action on these rows (delete asks first; apply template asks which one). */
  request(action: BulkAction, rows: ListRow[]): void;
  busy: boolean;
  /** The last result, said politely (the bulk bar shows it in a live region). */
  status: string;
  dialogs: ReactNode;
}

/** Bulk actions of a list. `onDone` gets the DNs that succeeded (deleted ones leave the selection). */
export function useBulk(def: ListDefinition | undefined, root: string, onDone: (action: BulkAction, succeeded: string[]) => void): BulkRunner {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState<ListRow[] | null>(null);
  const [applyFor, setApplyFor] = useState<ListRow[] | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  // Dialogs come and go with the request: focus goes back where it was (or to the grid if that is gone).
  const returnFocus = useRef<Element | null>(null);
  const refocus = () =>
    requestAnimationFrame(() => {
      const el = returnFocus.current;
      if (el instanceof HTMLElement && el.isConnected) el.focus();
      else document.querySelector<HTMLElement>('[data-testid="list-grid"]')?.focus();
    });
  const doneRef = useRef(onDone);
  doneRef.current = onDone;
  const management = def?.id ?? '';

  const run = useCallback(
    async (action: BulkAction, rows: ListRow[], template?: string) => {
      returnFocus.current ??= document.activeElement;
      setBusy(true);
      setStatus('');
      try {
        const body: BulkRequest = { action, objects: rows.map((r) => ({ type: r.type, dn: r.dn })), ...(template ? { template } : {}) };
        const answer = await api<BulkAnswer>('/bulk', { method: 'POST', body });
        const succeeded = answer.results.filter((r) => r.ok).map((r) => r.dn);
        const failed = answer.results.length - succeeded.length;
        setStatus(
          failed
            ? t('lists.bulkPartial', { done: succeeded.length, failed })
            : plural(t, lang, `lists.bulkDone.${action}`, succeeded.length),
        );
        if (failed) setOutcome({ action, rows, answer });
        doneRef.current(action, succeeded);
      } catch (e) {
        setFailure(e);
      } finally {
        setBusy(false);
        await client.invalidateQueries({ queryKey: ['lists', management] });
      }
    },
    [client, management, t, lang],
  );

  const request = useCallback(
    (action: BulkAction, rows: ListRow[]) => {
      if (!rows.length) return;
      returnFocus.current = document.activeElement;
      if (action === 'delete') setConfirmDelete(rows);
      else if (action === 'applyTemplate') setApplyFor(rows);
      else void run(action, rows);
    },
    [run],
  );

  const names = (rows: ListRow[]) => new Map(rows.map((r) => [r.dn, r.name]));
  const dialogs = (
    <>
      {confirmDelete && (
        <Dialog
          open
          role="alertdialog"
          title={t('lists.deleteTitle')}
          onClose={() => {
            setConfirmDelete(null);
            refocus();
          }}
          actions={
            <>
              <button
                type="button"
                className="button"
                autoFocus
                onClick={() => {
                  setConfirmDelete(null);
                  refocus();
                }}
              >
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="button danger"
                onClick={() => {
                  const rows = confirmDelete;
                  setConfirmDelete(null);
                  refocus();
                  void run('delete', rows);
                }}
              >
                {plural(t, lang, 'lists.deleteConfirm', confirmDelete.length)}
              </button>
            </>
          }
        >
          <p>{plural(t, lang, 'lists.deleteQuestion', confirmDelete.length)}</p>
          <ul className="name-list">
            {confirmDelete.slice(0, 8).map((r) => (
              <li key={r.dn} title={r.dn}>
                {r.name}
              </li>
            ))}
            {confirmDelete.length > 8 && <li className="muted">{plural(t, lang, 'lists.andMore', confirmDelete.length - 8)}</li>}
          </ul>
          <p className="muted">{t('lists.deleteWarning')}</p>
        </Dialog>
      )}
      {applyFor && def && (
        <ApplyTemplateDialog
          def={def}
          rows={applyFor}
          root={root}
          onCancel={() => {
            setApplyFor(null);
            refocus();
          }}
          onApply={(template, rows) => {
            setApplyFor(null);
            refocus();
            void run('applyTemplate', rows, template);
          }}
        />
      )}
      {outcome && (
        <Dialog
          open
          role="alertdialog"
          title={t('lists.bulkFailuresTitle')}
          onClose={() => {
            setOutcome(null);
            refocus();
          }}
          actions={
            <button type="button" className="button primary" onClick={() => {
                setOutcome(null);
                refocus();
              }}
            >
              {t('common.close')}
            </button>
          }
        >
          <p>{t('lists.bulkPartial', { done: outcome.answer.results.filter((r) => r.ok).length, failed: outcome.answer.results.filter((r) => !r.ok).length })}</p>
          <ul className="failure-list">
            {outcome.answer.results
              .filter((r) => !r.ok)
              .map((r) => (
                <li key={r.dn}>
                  <strong title={r.dn}>{names(outcome.rows).get(r.dn) ?? r.dn}</strong>
                  <span>{r.error?.message ?? t('lists.bulkFailed')}</span>
                </li>
              ))}
          </ul>
        </Dialog>
      )}
      {failure !== null && (
        <Dialog
          open
          role="alertdialog"
          title={t('lists.bulkErrorTitle')}
          onClose={() => {
            setFailure(null);
            refocus();
          }}
          actions={
            <button type="button" className="button primary" onClick={() => {
                setFailure(null);
                refocus();
              }}
            >
              {t('common.close')}
            </button>
          }
        >
          <ErrorMessage error={failure} />
        </Dialog>
      )}
    </>
  );

  return { request, busy, status, dialogs };
}
