// 409 entry.conflict: someone saved the object since it was opened. Reload and compare every field the user changed
// (stored now vs. theirs… vs. mine) with a choice per field, then save again; or discard the user's changes.
import { useState } from 'react';
import type { ObjectView, TypeDescription, UiAttribute, UiTab } from '../api/contract.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useT } from '../i18n/index.tsx';
import { changedFields, draftOf, sameValue, toggledTabs, type Draft } from './draft.ts';
import { formatValue } from './formatValue.ts';

export interface ConflictDialogProps {
  description: TypeDescription;
  /** The view the user's draft started from. */
  opened: ObjectView;
  draft: Draft;
  /** The object as stored now. */
  current: ObjectView;
  /** Save the merged draft against `current` (new etag). */
  onSave(draft: Draft): void;
  onDiscard(): void;
  onClose(): void;
  saving: boolean;
}

interface Row {
  key: string;
  tab: UiTab;
  /** null: the row is the tab's activation. */
  attribute: UiAttribute | null;
  theirs: string;
  mine: string;
}

export function ConflictDialog({ description, opened, draft, current, onSave, onDiscard, onClose, saving }: ConflictDialogProps) {
  const t = useT();
  const [step, setStep] = useState<'ask' | 'compare'>('ask');
  const [choices, setChoices] = useState<Record<string, 'mine' | 'theirs'>>({});
  const tabOf = (id: string) => description.tabs.find((x) => x.id === id);
  const currentTab = (id: string) => current.tabs.find((x) => x.id === id);
  const onOff = (on: boolean | undefined) => (on ? t('editor.conflict.on') : t('editor.conflict.off'));

  const rows: Row[] = [
    ...toggledTabs(opened, draft).flatMap((id): Row[] => {
      const tab = tabOf(id);
      return tab ? [{ key: `${id}/`, tab, attribute: null, theirs: onOff(currentTab(id)?.active), mine: onOff(draft.active[id]) }] : [];
    }),
    ...changedFields(description, opened, draft).map(({ tab, attribute }) => ({
      key: `${tab.id}/${attribute.name}`,
      tab,
      attribute,
      theirs:
        currentTab(tab.id)?.active === false
          ? t('editor.conflict.tabOff')
          : `${formatValue(attribute, currentTab(tab.id)?.values[attribute.name], t)}${sameValue(currentTab(tab.id)?.values[attribute.name], opened.tabs.find((x) => x.id === tab.id)?.values[attribute.name]) ? ` ${t('editor.conflict.notChanged')}` : ''}`,
      mine: formatValue(attribute, draft.values[tab.id]?.[attribute.name], t),
    })),
  ];
  const choiceOf = (key: string) => choices[key] ?? 'mine';

  const merge = (): Draft => {
    const merged = draftOf(current);
    for (const row of rows) {
      if (choiceOf(row.key) !== 'mine') continue;
      if (row.attribute === null) merged.active[row.tab.id] = draft.active[row.tab.id] ?? false;
      else {
        merged.values[row.tab.id] = { ...merged.values[row.tab.id], [row.attribute.name]: draft.values[row.tab.id]?.[row.attribute.name] };
        // Keeping a value of a tab they switched off keeps the tab on.
        if (draft.active[row.tab.id]) merged.active[row.tab.id] = true;
      }
    }
    return merged;
  };

  if (step === 'ask') {
    return (
      <Dialog
        open
        role="alertdialog"
        title={t('editor.conflict.title')}
        onClose={onClose}
        actions={
          <>
            <button type="button" className="button" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button danger" onClick={onDiscard}>
              {t('editor.conflict.discard')}
            </button>
            <button type="button" className="button primary" autoFocus onClick={() => setStep('compare')}>
              {t('editor.conflict.compare')}
            </button>
          </>
        }
      >
        <p>{t('editor.conflict.explain')}</p>
      </Dialog>
    );
  }
  return (
    <Dialog
      open
      title={t('editor.conflict.compareTitle')}
      onClose={onClose}
      className="conflict-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button danger" onClick={onDiscard}>
            {t('editor.conflict.discard')}
          </button>
          <button type="button" className="button primary" disabled={saving} onClick={() => onSave(merge())}>
            {t('editor.conflict.saveChoices')}
          </button>
        </>
      }
    >
      <p>{t('editor.conflict.compareExplain')}</p>
      <table className="conflict-table">
        <caption className="visually-hidden">{t('editor.conflict.compareTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('editor.conflict.field')}</th>
            <th scope="col">{t('editor.conflict.theirs')}</th>
            <th scope="col">{t('editor.conflict.mine')}</th>
            <th scope="col">{t('editor.conflict.choice')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const name = row.attribute ? `${row.tab.label} › ${row.attribute.label}` : `${row.tab.label} › ${t('editor.conflict.activation')}`;
            return (
              <tr key={row.key}>
                <th scope="row">{name}</th>
                <td className="conflict-value">{row.theirs}</td>
                <td className="conflict-value">{row.mine}</td>
                <td>
                  <div role="radiogroup" aria-label={name} className="conflict-choice">
                    {(['mine', 'theirs'] as const).map((choice) => (
                      <label key={choice}>
                        <input type="radio" name={`conflict-${row.key}`} checked={choiceOf(row.key) === choice} onChange={() => setChoices((c) => ({ ...c, [row.key]: choice }))} />{' '}
                        {choice === 'mine' ? t('editor.conflict.keepMine') : t('editor.conflict.takeTheirs')}
                      </label>
                    ))}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="muted">{t('editor.conflict.nothing')}</p>}
    </Dialog>
  );
}
