// The "Snapshots" panel of the object editor (FusionDirectory's SnapshotHandler, fd-core.md §7.1), drawn through the
// generic editor extras for every type whose description says `snapshots`: the object's snapshots, "Take a snapshot",
// "Restore" (the entry gets the snapshot's values back, the form reloads) and "Delete", each as the rights allow.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { ApiError, api } from '../api/client.ts';
import { relativeTime } from '../audit/contract.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage, errorBody, useErrorText } from '../components/ErrorMessage.tsx';
import type { EditorExtraProps } from '../editor/editorExtras.ts';
import { useI18n } from '../i18n/index.tsx';
import type { SnapshotCreateRequest, SnapshotInfo, SnapshotList, SnapshotRestoreAnswer, SnapshotRestoreRequest } from './contract.ts';
import './snapshots.css';

/** Query key of an object's snapshots. */
export const snapshotsKey = (type: string, dn: string) => ['snapshots', type, dn.toLowerCase()];

/**
 * The editor draws its extras inside its <form>: dialogs go to the body (no nested forms), and their events stop
 * here (React bubbles them through the component tree, where the editor's submit and Ctrl+S handlers are).
 */
export function Detached({ children }: { children: ReactNode }) {
  return createPortal(
    <div className="snapshot-dialog-host" onSubmit={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      {children}
    </div>,
    document.body,
  );
}

/** A snapshot's date: relative in the text, absolute beside it and in the machine-readable attribute. */
export function SnapshotDate({ iso, lang }: { iso: string; lang: string }) {
  const absolute = absoluteDate(iso, lang);
  return (
    <time dateTime={iso} title={absolute}>
      {relativeTime(iso, lang)} <span className="muted snapshot-absolute">({absolute})</span>
    </time>
  );
}

export function absoluteDate(iso: string, lang: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
}

type Pending = { kind: 'take' } | { kind: 'restore' | 'delete'; snapshot: SnapshotInfo };

export function SnapshotsPanel({ dn, description, name, reloadObject }: EditorExtraProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const type = description.id;
  const headingId = useId();
  const bodyId = useId();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState('');
  const opener = useRef<HTMLElement | null>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const key = snapshotsKey(type, dn ?? '');
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<SnapshotList>('/snapshots', { query: { type, dn: dn ?? '' }, signal }),
    enabled: dn !== null,
    retry: false,
  });

  // Where the focus goes once a dialog is gone (not before: removing an open modal dialog drops it to the body).
  const [returnFocus, setReturnFocus] = useState<'opener' | 'toggle' | null>(null);
  useEffect(() => {
    if (pending || !returnFocus) return;
    setReturnFocus(null);
    const target = returnFocus === 'opener' && opener.current?.isConnected ? opener.current : toggle.current;
    target?.focus();
  }, [pending, returnFocus]);
  const close = (focus: 'opener' | 'toggle' = 'opener') => {
    setPending(null);
    setReturnFocus(focus);
  };
  const ask = (next: Pending, from: HTMLElement) => {
    opener.current = from;
    setNotice('');
    setPending(next);
  };

  const restore = useMutation({
    mutationFn: (snapshot: SnapshotInfo) => api<SnapshotRestoreAnswer>('/snapshots/restore', { method: 'POST', body: { type, snapshot: snapshot.dn } satisfies SnapshotRestoreRequest }),
    onSuccess: async (_answer, snapshot) => {
      close();
      await reloadObject(t('snapshots.restored', { date: absoluteDate(snapshot.createdAt, lang) }));
    },
  });
  const remove = useMutation({
    mutationFn: (snapshot: SnapshotInfo) => api(`/snapshots/${encodeURIComponent(snapshot.dn)}`, { method: 'DELETE', query: { type } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: key });
      close('toggle');
      setNotice(t('snapshots.deleted'));
    },
  });

  // Nothing while the object is being created, while snapshots are disabled (fdEnableSnapshots), nor for those who may
  // not list its snapshots (403).
  if (dn === null || list.error || !list.data?.enabled) return null;
  const { canCreate, canDelete, canRestore, sources, snapshots } = list.data;

  return (
    <section className="snapshots-panel" aria-labelledby={headingId} data-testid="snapshots-panel">
      <h2 id={headingId} className="snapshots-heading">
        <button ref={toggle} type="button" className="snapshots-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => setOpen(!open)}>
          <span className="snapshots-chevron" aria-hidden="true">
            ▸
          </span>
          {t('snapshots.title', { count: String(snapshots.length) })}
        </button>
      </h2>
      <div id={bodyId} hidden={!open} className="snapshots-body">
        <p className="muted">{t('snapshots.intro')}</p>
        {snapshots.length === 0 ? (
          <p>{t('snapshots.none')}</p>
        ) : (
          <table className="snapshots-table">
            <thead>
              <tr>
                <th scope="col">{t('snapshots.col.date')}</th>
                <th scope="col">{t('snapshots.col.description')}</th>
                <th scope="col">{t('snapshots.col.source')}</th>
                {(canRestore || canDelete) && <th scope="col">{t('snapshots.col.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {snapshots.map((s) => (
                <tr key={s.dn} data-snapshot={s.dn}>
                  <td>
                    <SnapshotDate iso={s.createdAt} lang={lang} />
                  </td>
                  <td>{s.description}</td>
                  <td>{s.source}</td>
                  {(canRestore || canDelete) && (
                    <td className="snapshot-actions">
                      {canRestore && (
                        <button
                          type="button"
                          className="button small"
                          aria-label={t('snapshots.restoreLabel', { date: absoluteDate(s.createdAt, lang) })}
                          onClick={(e) => ask({ kind: 'restore', snapshot: s }, e.currentTarget)}
                        >
                          {t('snapshots.restore')}
                        </button>
                      )}
                      {canDelete && (
                        <button
                          type="button"
                          className="button small danger"
                          aria-label={t('snapshots.deleteLabel', { date: absoluteDate(s.createdAt, lang) })}
                          onClick={(e) => ask({ kind: 'delete', snapshot: s }, e.currentTarget)}
                        >
                          {t('snapshots.delete')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canCreate && (
          <button type="button" className="button" onClick={(e) => ask({ kind: 'take' }, e.currentTarget)}>
            {t('snapshots.take')}
          </button>
        )}
        <p role="status" className={notice ? 'notice' : 'notice empty'}>
          {notice}
        </p>
      </div>

      {pending?.kind === 'take' && (
        <TakeSnapshotDialog
          type={type}
          dn={dn}
          name={name}
          sources={sources}
          onClose={() => close()}
          onTaken={async () => {
            await queryClient.invalidateQueries({ queryKey: key });
            close('toggle');
            setNotice(t('snapshots.taken'));
          }}
        />
      )}
      {pending?.kind === 'restore' && (
        <Detached>
          <Dialog
            open
            role="alertdialog"
            title={t('snapshots.restoreTitle', { date: absoluteDate(pending.snapshot.createdAt, lang) })}
            onClose={() => close()}
            actions={
              <>
                <button type="button" className="button" autoFocus onClick={() => close()}>
                  {t('common.cancel')}
                </button>
                <button type="button" className="button danger" aria-disabled={restore.isPending || undefined} onClick={() => !restore.isPending && restore.mutate(pending.snapshot)}>
                  {t('snapshots.restoreConfirm')}
                </button>
              </>
            }
          >
            <p>{t('snapshots.restoreExplain', { name, description: pending.snapshot.description })}</p>
            {restore.error !== null && <ErrorMessage error={restore.error} />}
          </Dialog>
        </Detached>
      )}
      {pending?.kind === 'delete' && (
        <Detached>
          <Dialog
            open
            role="alertdialog"
            title={t('snapshots.deleteTitle', { date: absoluteDate(pending.snapshot.createdAt, lang) })}
            onClose={() => close()}
            actions={
              <>
                <button type="button" className="button" autoFocus onClick={() => close()}>
                  {t('common.cancel')}
                </button>
                <button type="button" className="button danger" aria-disabled={remove.isPending || undefined} onClick={() => !remove.isPending && remove.mutate(pending.snapshot)}>
                  {t('snapshots.deleteConfirm')}
                </button>
              </>
            }
          >
            <p>{t('snapshots.deleteExplain', { description: pending.snapshot.description })}</p>
            {remove.error !== null && <ErrorMessage error={remove.error} />}
          </Dialog>
        </Detached>
      )}
    </section>
  );
}

interface TakeSnapshotDialogProps {
  type: string;
  dn: string;
  name: string;
  sources: string[];
  onClose(): void;
  onTaken(): Promise<void>;
}

/** "Take a snapshot": the description (required) and, when the configuration lists sources, the source. */
function TakeSnapshotDialog({ type, dn, name, sources, onClose, onTaken }: TakeSnapshotDialogProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const formId = useId();
  const descriptionId = useId();
  const helpId = useId();
  const errorId = useId();
  const sourceId = useId();
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [problem, setProblem] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const take = useMutation({
    mutationFn: () => api<SnapshotInfo>('/snapshots', { method: 'POST', body: { type, dn, description: text.trim(), ...(source ? { source } : {}) } satisfies SnapshotCreateRequest }),
    onSuccess: onTaken,
    onError: (e) => {
      // The server's complaint about the description goes under its field; anything else above the buttons.
      const body = errorBody(e);
      if (e instanceof ApiError && body.attribute === 'description') {
        setProblem(errorText(body, t('snapshots.description')) || t('snapshots.descriptionRequired'));
        input.current?.focus();
      }
    },
  });
  const fieldError = take.error instanceof ApiError && errorBody(take.error).attribute === 'description';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (take.isPending) return;
    if (!text.trim()) {
      setProblem(t('snapshots.descriptionRequired'));
      input.current?.focus();
      return;
    }
    setProblem('');
    take.mutate();
  };

  return (
    <Detached>
      <Dialog
        open
        title={t('snapshots.takeTitle', { name })}
        onClose={onClose}
        actions={
          <>
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" form={formId} className="button primary" aria-disabled={take.isPending || undefined}>
              {t('snapshots.create')}
            </button>
          </>
        }
      >
        <form id={formId} className="snapshot-form" noValidate onSubmit={submit}>
          <div className="snapshot-field">
            <label htmlFor={descriptionId}>{t('snapshots.description')}</label>
            <input
              ref={input}
              id={descriptionId}
              type="text"
              autoFocus
              required
              maxLength={1024}
              value={text}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${errorId} ${helpId}` : helpId}
              onChange={(e) => {
                setText(e.target.value);
                if (problem) setProblem('');
              }}
            />
            <p id={helpId} className="field-hint">
              {t('snapshots.descriptionHelp')}
            </p>
            {problem && (
              <p id={errorId} className="field-error">
                {problem}
              </p>
            )}
          </div>
          {sources.length > 0 && (
            <div className="snapshot-field">
              <label htmlFor={sourceId}>{t('snapshots.source')}</label>
              <select id={sourceId} value={source} onChange={(e) => setSource(e.target.value)}>
                <option value="">{t('snapshots.sourceDefault')}</option>
                {sources.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </div>
          )}
        </form>
        {take.error !== null && !fieldError && <ErrorMessage error={take.error} />}
      </Dialog>
    </Detached>
  );
}
