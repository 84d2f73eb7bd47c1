// "Deleted objects…" of a management list (FusionDirectory's "Restore snapshot" of deleted objects, fd-core.md §7.1):
// for the list's types that have snapshots, the objects of the current department that no longer exist but whose
// snapshot was kept (GET /ui/api/snapshots/deleted), each with "Restore"; the list then shows the object again.
import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { ListDefinition, TypeDescription } from '../api/contract.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { nameOf } from '../editor/widgets/dnNames.ts';
import { useI18n } from '../i18n/index.tsx';
import type { DeletedSnapshots, SnapshotRestoreAnswer, SnapshotRestoreRequest } from './contract.ts';
import { deletedRows, supportsSnapshots, type DeletedRow } from './model.ts';
import { SnapshotDate, absoluteDate } from './SnapshotsPanel.tsx';
import './snapshots.css';

export interface DeletedObjectsProps {
  def: ListDefinition;
  management: string;
  /** The list's current department. */
  base: string;
  /** Told once an object is back (the list page shows it as a notice). */
  onRestored(notice: string): void;
}

export function DeletedObjects({ def, management, base, onRestored }: DeletedObjectsProps) {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // Back to the button once the dialog is gone (not before: removing an open modal dialog drops the focus to the body).
  const [returnFocus, setReturnFocus] = useState(false);
  useEffect(() => {
    if (open || !returnFocus) return;
    setReturnFocus(false);
    button.current?.focus();
  }, [open, returnFocus]);

  const descriptions = useQueries({
    queries: def.types.map((ty) => ({
      queryKey: ['types', ty.id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<TypeDescription>(`/types/${encodeURIComponent(ty.id)}`, { signal }),
      staleTime: 300_000,
    })),
  });
  const types = descriptions.flatMap((d) => (d.data && supportsSnapshots(d.data) ? [d.data] : []));

  const deleted = useQueries({
    queries: types.map((ty) => ({
      queryKey: ['snapshots', 'deleted', ty.id, base.toLowerCase()],
      queryFn: ({ signal }: { signal: AbortSignal }) => api<DeletedSnapshots>('/snapshots/deleted', { query: { type: ty.id, base }, signal }),
      enabled: open,
      retry: false,
      staleTime: 0,
    })),
  });

  const restore = useMutation({
    mutationFn: (row: DeletedRow) => api<SnapshotRestoreAnswer>('/snapshots/restore', { method: 'POST', body: { type: row.type, snapshot: row.snapshot.dn } satisfies SnapshotRestoreRequest }),
    onSuccess: async (_answer, row) => {
      close();
      onRestored(t('snapshots.restoredObject', { name: row.name, date: absoluteDate(row.snapshot.createdAt, lang) }));
      await queryClient.invalidateQueries({ queryKey: ['lists', management] });
      await queryClient.invalidateQueries({ queryKey: ['snapshots'] });
    },
  });

  const close = () => {
    setOpen(false);
    setReturnFocus(true);
  };

  if (types.length === 0) return null;
  const loading = deleted.some((q) => q.isPending);
  const failure = deleted.find((q) => q.error)?.error ?? null;
  const rows = deletedRows(deleted.flatMap((q, i) => (q.data ? [{ type: types[i]!.id, snapshots: q.data.snapshots }] : [])));
  const typeLabel = (id: string) => def.types.find((ty) => ty.id === id)?.label ?? id;
  const severalTypes = types.length > 1;

  return (
    <>
      <button
        ref={button}
        type="button"
        className="button"
        aria-haspopup="dialog"
        onClick={() => {
          restore.reset();
          setOpen(true);
        }}
      >
        {t('snapshots.deletedObjects')}
      </button>
      {open && (
        <Dialog
          open
          title={t('snapshots.deletedTitle', { department: nameOf(base) })}
          onClose={close}
          className="deleted-objects-dialog"
          actions={
            <button type="button" className="button" onClick={close}>
              {t('common.close')}
            </button>
          }
        >
          <p className="muted">{t('snapshots.deletedIntro')}</p>
          {failure !== null && <ErrorMessage error={failure} />}
          {restore.error !== null && <ErrorMessage error={restore.error} />}
          {loading ? (
            <p className="muted" role="status">
              {t('common.loading')}
            </p>
          ) : rows.length === 0 ? (
            failure === null && <p role="status">{t('snapshots.deletedNone')}</p>
          ) : (
            <div className="deleted-objects-scroll">
              <table className="snapshots-table" data-testid="deleted-objects">
                <thead>
                  <tr>
                    <th scope="col">{t('snapshots.col.name')}</th>
                    {severalTypes && <th scope="col">{t('snapshots.col.type')}</th>}
                    <th scope="col">{t('snapshots.col.date')}</th>
                    <th scope="col">{t('snapshots.col.description')}</th>
                    <th scope="col">{t('snapshots.col.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.snapshot.dn} data-dn={row.snapshot.objectDn}>
                      <th scope="row" title={row.snapshot.objectDn}>
                        {row.name}
                      </th>
                      {severalTypes && <td>{typeLabel(row.type)}</td>}
                      <td>
                        <SnapshotDate iso={row.snapshot.createdAt} lang={lang} />
                      </td>
                      <td>{row.snapshot.description}</td>
                      <td>
                        <button
                          type="button"
                          className="button small"
                          aria-label={t('snapshots.restoreDeletedLabel', { name: row.name })}
                          aria-disabled={restore.isPending || undefined}
                          onClick={() => !restore.isPending && restore.mutate(row)}
                        >
                          {t('snapshots.restoreDeleted')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Dialog>
      )}
    </>
  );
}
